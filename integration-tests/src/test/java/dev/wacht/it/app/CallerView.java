package dev.wacht.it.app;

import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtPrincipal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;

/**
 * The caller as Jakarta Security and CDI show it, injected into a request-scoped bean. Kept out of
 * {@link CallerResource} so that the resource class has no field of a Jakarta Security, CDI or Wacht
 * type: embedded Tomcat and Jetty scan the test class path for resources and would fail to load it.
 */
@RequestScoped
public class CallerView {
    @Inject
    SecurityContext security;

    @Inject
    WachtPrincipal principal;

    @Inject
    WachtAuthenticator authenticator;

    /** One line with what each API says about the caller. */
    public String describe() {
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
