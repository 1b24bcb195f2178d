package dev.wacht.core;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes every answer form of {@code POST /v1/authz/check} (docs/wacht-wire.md, "Gateway answer", "Answer forms") into an
 * {@link Outcome}. Pure: no I/O, no logging, so it can be tested and fuzzed on its own. Anything
 * unexpected becomes {@link Outcome.Unavailable}: the decoder never allows by default.
 */
final class GatewayResponses {
    /** Used when a rate-limited answer carries no {@code retry_after} (as Wacht's own services do). */
    static final Duration DEFAULT_RATE_LIMIT_RETRY = Duration.ofSeconds(60);

    private final GatewayWire wire;
    private final Duration unavailableRetryAfter;

    GatewayResponses(GatewayWire wire, Duration unavailableRetryAfter) {
        this.wire = wire;
        this.unavailableRetryAfter = unavailableRetryAfter;
    }

    Outcome decode(VerificationRequest request, int status, String contentType, byte[] body) {
        if (status == 200) {
            if (!isJson(contentType)) {
                return invalid("answer 200 is not application/json");
            }
            JsonObject r = wire.parseObject(new String(body, StandardCharsets.UTF_8));
            if (r == null) {
                return invalid("answer 200 is not a JSON object");
            }
            try {
                return decodeDecision(request, r);
            } catch (GatewayWire.Malformed e) {
                return invalid("answer 200 is malformed: " + e.getMessage());
            }
        }
        if (status == 401) {
            String description = request.kind() == CredentialKind.API_KEY
                    ? "The API key is invalid, expired or revoked"
                    : "The access token is invalid, expired or revoked";
            return Outcome.invalidToken(description, isJson(contentType) ? requestIdOf(body) : null);
        }
        if (status == 400 || status == 415 || status == 422) {
            return Outcome.unavailable(UnavailableCause.REQUEST_REJECTED,
                    "gateway rejected the check request with status " + status, unavailableRetryAfter);
        }
        return Outcome.unavailable(UnavailableCause.GATEWAY_ERROR, "gateway answered status " + status,
                unavailableRetryAfter);
    }

    private Outcome decodeDecision(VerificationRequest request, JsonObject r) {
        Boolean allowed = GatewayWire.bool(r, "allowed");
        String requestId = GatewayWire.string(r, "request_id");
        String reason = GatewayWire.string(r, "reason");
        if (allowed == null || requestId == null) {
            return invalid("authz response lacks allowed or request_id");
        }
        if (allowed) {
            if (reason != null) {
                return invalid("allowed authz response carries a denial reason");
            }
            WachtPrincipal principal = principal(request, r, requestId);
            return principal == null ? invalid("allowed authz response lacks a usable identity")
                    : Outcome.allowed(principal);
        }
        if ("permission_denied".equals(reason)) {
            return Outcome.insufficientScope(request.request().requiredPermissions(),
                    principal(request, r, requestId), requestId);
        }
        if ("rate_limited".equals(reason)) {
            Long retryAfter = GatewayWire.integer(r, "retry_after");
            Duration retry = retryAfter == null || retryAfter < 0 ? DEFAULT_RATE_LIMIT_RETRY
                    : Duration.ofSeconds(Math.max(1, retryAfter / 1000 + (retryAfter % 1000 == 0 ? 0 : 1)));
            return Outcome.rateLimited(retry, principal(request, r, requestId), requestId);
        }
        return invalid("denied authz response has an unknown reason");
    }

    /** Builds the principal; null when the identity is missing or unusable. */
    private static WachtPrincipal principal(VerificationRequest request, JsonObject r, String requestId) {
        JsonObject id = GatewayWire.object(r, "identity");
        List<String> permissions = GatewayWire.strings(r, "permissions");
        if (id == null || permissions == null) {
            return null;
        }
        boolean oauth = request.kind() == CredentialKind.OAUTH_ACCESS_TOKEN;
        String keyId = GatewayWire.string(id, "key_id");
        String keyName = GatewayWire.string(id, "key_name");
        String clientId = oauth ? keyName : keyId;
        if (clientId == null || clientId.isEmpty()) {
            return null;
        }
        Map<String, String> headers = GatewayWire.stringMap(r, "headers");
        List<JsonObject> rateLimits = GatewayWire.objects(r, "rate_limits");
        WachtPrincipal.Builder b = WachtPrincipal.builder(VerificationSource.GATEWAY, request.kind(), clientId)
                .subject(GatewayWire.string(id, "owner_user_id"))
                .keyId(keyId)
                .keyName(keyName)
                .deploymentId(GatewayWire.string(id, "deployment_id"))
                .appSlug(GatewayWire.string(id, "app_slug"))
                .permissions(permissions)
                .requestId(requestId)
                .rateLimits(rateLimits(rateLimits))
                .headers(headers == null ? Map.of() : headers);
        if (oauth) {
            // docs/wacht-wire.md, choice 4: OAuth context comes from the granted-resource URN, never from identity.
            JsonObject metadata = GatewayWire.object(r, "metadata");
            if (metadata != null) {
                List<String> scopes = GatewayWire.strings(metadata, "scopes");
                b.scopes(scopes == null ? List.of() : scopes)
                        .oauthResource(GatewayWire.string(metadata, "oauth_resource"))
                        .grantedResource(GrantedResource.parse(GatewayWire.string(metadata, "granted_resource"))
                                .orElse(null))
                        .expiresAt(instantOf(GatewayWire.string(metadata, "expires_at")));
            }
        } else {
            b.organizationId(GatewayWire.string(id, "organization_id"))
                    .workspaceId(GatewayWire.string(id, "workspace_id"));
        }
        return b.build();
    }

    private static List<RateLimitState> rateLimits(List<JsonObject> wire) {
        List<RateLimitState> out = new ArrayList<>();
        if (wire != null) {
            for (JsonObject rl : wire) {
                String rule = GatewayWire.string(rl, "rule");
                Long remaining = GatewayWire.integer(rl, "remaining");
                Long limit = GatewayWire.integer(rl, "limit");
                if (rule != null && remaining != null && limit != null) {
                    out.add(new RateLimitState(rule, remaining, limit));
                }
            }
        }
        return out;
    }

    private static Instant instantOf(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private String requestIdOf(byte[] body) {
        JsonObject r = wire.parseObject(new String(body, StandardCharsets.UTF_8));
        try {
            return r == null ? null : GatewayWire.string(r, "request_id");
        } catch (GatewayWire.Malformed e) {
            return null;
        }
    }

    private Outcome invalid(String description) {
        return Outcome.unavailable(UnavailableCause.INVALID_RESPONSE, description, unavailableRetryAfter);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().equals("application/json");
    }
}
