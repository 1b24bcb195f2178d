package dev.wacht.it.app;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A JAX-RS resource that no security constraint covers, guarded by {@code @RolesAllowed} alone. */
@Path("admin")
public class AdminOnly {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed("files:admin")
    public String get() {
        return "admin";
    }
}
