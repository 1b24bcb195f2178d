package dev.wacht.jaxrs;

import dev.wacht.core.WachtPrincipal;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;

/**
 * Typed access to the {@link WachtPrincipal} of a request, for resource methods and filters:
 * {@code WachtPrincipals.from(securityContext)} with an injected {@code @Context SecurityContext}.
 */
public final class WachtPrincipals {
    private WachtPrincipals() {
    }

    /** The principal of a security context, when it is a Wacht principal. */
    public static Optional<WachtPrincipal> from(SecurityContext securityContext) {
        if (securityContext != null && securityContext.getUserPrincipal() instanceof WachtPrincipal) {
            return Optional.of((WachtPrincipal) securityContext.getUserPrincipal());
        }
        return Optional.empty();
    }

    /**
     * The principal of a request: the request property {@link WachtPrincipal#REQUEST_ATTRIBUTE}
     * (where a servlet filter or this extension publishes it), else its security context's.
     */
    public static Optional<WachtPrincipal> from(ContainerRequestContext request) {
        Object published = request.getProperty(WachtPrincipal.REQUEST_ATTRIBUTE);
        if (published instanceof WachtPrincipal) {
            return Optional.of((WachtPrincipal) published);
        }
        return from(request.getSecurityContext());
    }
}
