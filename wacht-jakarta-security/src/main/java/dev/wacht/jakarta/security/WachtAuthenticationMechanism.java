package dev.wacht.jakarta.security;

import dev.wacht.core.Outcome;
import dev.wacht.core.WachtPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Jakarta Security mechanism (WildFly, Payara, any server with Jakarta Security and CDI): a
 * request allowed by Wacht logs its {@link WachtPrincipal} in as the container's caller, with every
 * granted scope and permission as a group; a request without a credential stays anonymous unless
 * the resource is guarded; every other request is refused with core's answer.
 */
@ApplicationScoped
class WachtAuthenticationMechanism implements HttpAuthenticationMechanism {
    private final WachtBeans beans;

    @Inject
    WachtAuthenticationMechanism(WachtBeans beans) {
        this.beans = beans;
    }

    /** For the CDI proxy only. */
    // NullAway: beans is null only in the client proxy's own instance, whose business methods CDI forwards
    // to the contextual instance built by the @Inject constructor; validateRequest never runs on it.
    @SuppressWarnings("NullAway")
    WachtAuthenticationMechanism() {
        this.beans = null;
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        ContainerAuthentication authentication = beans.authentication(request.getServletContext());
        Outcome outcome = authentication.decide(request, context.isProtected());
        if (outcome == null) {
            return context.doNothing();
        }
        if (outcome instanceof Outcome.Allowed) {
            WachtPrincipal principal = ((Outcome.Allowed) outcome).principal();
            return context.notifyContainerAboutLogin(principal, principal.authorities());
        }
        try {
            authentication.refuse(request, response, outcome);
        } catch (IOException e) {
            throw new UncheckedIOException("could not send Wacht's refusal", e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
