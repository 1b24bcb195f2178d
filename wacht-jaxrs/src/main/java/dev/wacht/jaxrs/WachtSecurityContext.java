package dev.wacht.jaxrs;

import dev.wacht.core.WachtPrincipal;
import jakarta.ws.rs.core.SecurityContext;

/** The security context of a request Wacht authenticated; roles are scopes and permissions. */
final class WachtSecurityContext implements SecurityContext {
    static final String SCHEME = "BEARER";

    private final WachtPrincipal principal;
    private final boolean secure;

    WachtSecurityContext(WachtPrincipal principal, boolean secure) {
        this.principal = principal;
        this.secure = secure;
    }

    @Override
    public WachtPrincipal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && principal.hasAuthority(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return SCHEME;
    }
}
