package dev.wacht.jaxrs;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.Outcome;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtPrincipal;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Guards one resource method. A principal that an earlier layer (the servlet filter) already
 * verified is checked locally against the requirement, without a gateway call; otherwise the
 * bearer credential is authenticated through core with the requirement's names as required
 * permissions. A scope refusal of a principal the servlet filter verified is rendered and audited by the
 * filter's authenticator, with the client IP the filter resolved. Either way the request then carries a {@link WachtSecurityContext}.
 */
final class RequiresScopeFilter implements ContainerRequestFilter {
    private final Supplier<Settings> lateSettings;
    private final Requirement requirement;

    RequiresScopeFilter(Supplier<Settings> settings, Requirement requirement) {
        this.lateSettings = settings;
        this.requirement = requirement;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Settings settings = lateSettings.get();
        WachtAuthenticator authenticator = settings.authenticator();
        Optional<WachtPrincipal> known = WachtPrincipals.from(request);
        WachtPrincipal principal;
        AccessRequest access = accessRequest(settings, request);
        if (known.isPresent()) {
            principal = known.get();
            // Refuse and audit as the filter in front would: its configuration (resource_metadata) and events.
            Object front = request.getProperty(WachtAuthenticator.REQUEST_ATTRIBUTE);
            if (front instanceof WachtAuthenticator) {
                authenticator = (WachtAuthenticator) front;
            }
        } else {
            Outcome outcome = authenticator.authenticate(access);
            if (!outcome.isAllowed()) {
                request.abortWith(Responses.of(authenticator.errorResponse(outcome)));
                return;
            }
            principal = outcome.principalOrThrow();
            request.setProperty(WachtPrincipal.REQUEST_ATTRIBUTE, principal);
        }
        List<String> unmet = requirement.unmet(principal);
        if (!unmet.isEmpty()) {
            request.abortWith(Responses.of(authenticator.errorResponse(authenticator.denyScope(principal, unmet, access))));
            return;
        }
        request.setSecurityContext(new WachtSecurityContext(principal, request.getSecurityContext().isSecure()));
    }

    private AccessRequest accessRequest(Settings settings, ContainerRequestContext request) {
        List<String> authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        Object clientIp = request.getProperty(WachtFeature.CLIENT_IP_PROPERTY);
        return AccessRequest.builder()
                .method(request.getMethod())
                .resource(settings.resourceOf(request))
                .requiredPermissions(requirement.gatewayPermissions())
                .authorization(authorization == null ? List.of() : authorization)
                .clientIp(clientIp instanceof String ? (String) clientIp : null)
                .userAgent(request.getHeaderString(HttpHeaders.USER_AGENT))
                .build();
    }
}
