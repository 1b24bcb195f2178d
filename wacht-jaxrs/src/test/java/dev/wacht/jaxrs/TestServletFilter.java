package dev.wacht.jaxrs;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.ErrorResponse;
import dev.wacht.core.Outcome;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtPrincipal;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Collections;

/**
 * Stands in for the servlet filter module (built separately): authenticates through core without
 * required permissions, then publishes the principal the way that filter does, as the request
 * attribute {@link WachtPrincipal#REQUEST_ATTRIBUTE} and as the request's user principal.
 */
final class TestServletFilter implements Filter {
    private final WachtAuthenticator authenticator;

    TestServletFilter(WachtAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        Outcome outcome = authenticator.authenticate(AccessRequest.builder().method(request.getMethod())
                .resource(request.getRequestURI())
                .authorization(Collections.list(request.getHeaders("Authorization")))
                .clientIp(request.getRemoteAddr()).userAgent(request.getHeader("User-Agent")).build());
        if (!outcome.isAllowed()) {
            ErrorResponse error = authenticator.errorResponse(outcome);
            HttpServletResponse response = (HttpServletResponse) res;
            response.setStatus(error.status());
            error.headers().forEach(response::setHeader);
            response.getWriter().write(error.body());
            return;
        }
        WachtPrincipal principal = outcome.principalOrThrow();
        request.setAttribute(WachtPrincipal.REQUEST_ATTRIBUTE, principal);
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return principal.hasAuthority(role);
            }

            @Override
            public String getAuthType() {
                return "BEARER";
            }
        }, res);
    }
}
