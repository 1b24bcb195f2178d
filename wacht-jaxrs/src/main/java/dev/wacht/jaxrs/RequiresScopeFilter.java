package dev.wacht.jaxrs;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.Outcome;
import dev.wacht.core.RequestPath;
import dev.wacht.core.ScopeRequirement;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtPrincipal;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Guards one resource method. A request whose raw path is not in normal form is refused with 400
 * (core's {@link RequestPath}). A principal that an earlier layer (the servlet filter) already
 * verified is held to this extension's configuration and requirement locally
 * ({@link WachtAuthenticator#authorize}), without a gateway call; otherwise the bearer credential is
 * authenticated through core with the requirement's names as required permissions. Either way the
 * request then carries a {@link WachtSecurityContext}.
 * A refusal of a principal the servlet filter verified is rendered by the filter's authenticator (its
 * {@code resource_metadata}); its audit event carries the client IP the filter resolved.
 */
final class RequiresScopeFilter implements ContainerRequestFilter {
    private final Supplier<Settings> lateSettings;
    private final ScopeRequirement requirement;

    RequiresScopeFilter(Supplier<Settings> settings, ScopeRequirement requirement) {
        this.lateSettings = settings;
        this.requirement = requirement;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Settings settings = lateSettings.get();
        WachtAuthenticator authenticator = settings.authenticator();
        RequestPath path = Settings.pathOf(request);
        if (!path.isNormal()) {
            request.abortWith(Responses.of(authenticator.errorResponse(path.refusal().get())));
            return;
        }
        Optional<WachtPrincipal> known = WachtPrincipals.from(request);
        AccessRequest access = accessRequest(settings, request, path);
        Outcome outcome = known.isPresent() ? authenticator.authorize(known.get(), access)
                : authenticator.authenticate(access);
        // A principal the filter in front verified is refused as the filter would render it (one rendering).
        Object front = request.getProperty(WachtAuthenticator.REQUEST_ATTRIBUTE);
        WachtAuthenticator renderer = known.isPresent() && front instanceof WachtAuthenticator
                ? (WachtAuthenticator) front : authenticator;
        if (!outcome.isAllowed()) {
            request.abortWith(Responses.of(renderer.errorResponse(outcome)));
            return;
        }
        WachtPrincipal principal = outcome.principalOrThrow();
        request.setProperty(WachtPrincipal.REQUEST_ATTRIBUTE, principal);
        List<String> unmet = requirement.unmet(principal);
        if (!unmet.isEmpty()) {
            request.abortWith(Responses.of(renderer.errorResponse(authenticator.denyScope(principal, unmet, access))));
            return;
        }
        request.setSecurityContext(new WachtSecurityContext(principal, request.getSecurityContext().isSecure()));
    }

    private AccessRequest accessRequest(Settings settings, ContainerRequestContext request, RequestPath path) {
        List<String> authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        Object clientIp = request.getProperty(WachtFeature.CLIENT_IP_PROPERTY);
        return AccessRequest.builder()
                .method(request.getMethod())
                .resource(settings.resourceOf(path))
                .requiredPermissions(requirement.gatewayPermissions())
                .authorization(authorization == null ? List.of() : authorization)
                .clientIp(clientIp instanceof String ? (String) clientIp : null)
                .userAgent(request.getHeaderString(HttpHeaders.USER_AGENT))
                .queryString(request.getUriInfo().getRequestUri().getRawQuery())
                .build();
    }
}
