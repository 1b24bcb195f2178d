package dev.wacht.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The JAX-RS application of the container-security WAR on servlet containers. It lists its classes
 * (embedded Tomcat would otherwise also scan the test class path, with resources this WAR does not
 * have) and asks Jersey to enforce {@code @RolesAllowed}.
 */
@ApplicationPath("/api")
public class SecuredApi extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(WhoAmI.class, AdminOnly.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.provider.classnames",
                "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature");
    }
}
