package dev.wacht.jakarta.filter;

import dev.wacht.core.WachtPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * The request passed on after a successful check: the Wacht principal is the user principal, each
 * granted scope and permission is a role, and the authentication type is {@link WachtFilter#AUTH_TYPE}.
 * JAX-RS runtimes on the servlet container (Jersey, RESTEasy) build their {@code SecurityContext} from it.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
    /** The servlet role name meaning "any authenticated user". */
    private static final String ANY_AUTHENTICATED = "**";

    private final WachtPrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, WachtPrincipal principal) {
        super(request);
        this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public String getAuthType() {
        return WachtFilter.AUTH_TYPE;
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && (role.equals(ANY_AUTHENTICATED) || principal.hasAuthority(role));
    }
}
