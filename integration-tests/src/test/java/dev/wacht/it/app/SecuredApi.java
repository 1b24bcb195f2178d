package dev.wacht.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The JAX-RS application of the container-security WAR. It lists no classes (the runtime scans the
 * WAR) and asks Jersey, where Jersey runs, to enforce {@code @RolesAllowed}; RESTEasy does it with
 * the {@code resteasy.role.based.security} context-param, Payara out of the box.
 */
@ApplicationPath("/api")
public class SecuredApi extends Application {
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.provider.classnames",
                "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature");
    }
}
