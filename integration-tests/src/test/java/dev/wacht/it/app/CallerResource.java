package dev.wacht.it.app;

import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtPrincipal;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.Principal;

/** The caller as Jakarta Security and CDI show it (servers with both). */
@Path("caller")
public class CallerResource {
    @Inject
    private SecurityContext security;

    @Inject
    private WachtPrincipal principal;

    @Inject
    private WachtAuthenticator authenticator;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String get() {
        Principal caller = security.getCallerPrincipal();
        return "caller=" + caller.getName()
                + "|class=" + caller.getClass().getSimpleName()
                + "|by-type=" + security.getPrincipalsByType(WachtPrincipal.class).size()
                + "|files:read=" + security.isCallerInRole("files:read")
                + "|files:admin=" + security.isCallerInRole("files:admin")
                + "|injected=" + principal.getName() + ":" + principal.scopes()
                + "|issuer=" + authenticator.config().oauthIssuer().isPresent();
    }
}
