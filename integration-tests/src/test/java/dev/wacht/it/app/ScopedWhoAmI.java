package dev.wacht.it.app;

import dev.wacht.jaxrs.RequiresScope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** The same report as {@link WhoAmI}, protected by {@code @RequiresScope}. */
@Path("whoami")
@RequiresScope("files:read")
public class ScopedWhoAmI {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String get(@Context SecurityContext security) {
        return Describe.caller(security.getUserPrincipal(), security.getAuthenticationScheme(), security::isUserInRole);
    }
}
