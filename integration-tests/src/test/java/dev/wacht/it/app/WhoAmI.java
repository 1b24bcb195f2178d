package dev.wacht.it.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** A JAX-RS resource with no Wacht annotation, protected by the servlet filter in front of it. */
@Path("whoami")
public class WhoAmI {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String get(@Context SecurityContext security) {
        return Describe.caller(security.getUserPrincipal(), security.getAuthenticationScheme(), security::isUserInRole);
    }
}
