package dev.wacht.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The JAX-RS application of the container-security WAR on servers with EJB, CDI and Jakarta
 * Security; RESTEasy enforces {@code @RolesAllowed} with the {@code resteasy.role.based.security}
 * context-param, Payara's Jersey by itself.
 */
@ApplicationPath("/api")
public class SecuredEeApi extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(WhoAmI.class, AdminOnly.class, CallerResource.class, EjbResource.class,
                UnguardedCallerResource.class);
    }
}
