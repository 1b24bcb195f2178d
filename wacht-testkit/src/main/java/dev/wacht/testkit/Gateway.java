package dev.wacht.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** The decision logic of {@code POST /v1/authz/check} (docs/wacht-wire.md, "How the gateway decides" to "Rate limits"), independent of HTTP. */
final class Gateway {
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    static final String APPLICATION_JSON = "application/json";
    static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private final Registry registry;
    private final RateLimiter limiter;
    private final AtomicLong requestIds;

    Gateway(Registry registry, RateLimiter limiter) {
        this.registry = registry;
        this.limiter = limiter;
        // Snowflake-like request ids: digits only, increasing.
        this.requestIds = new AtomicLong((System.currentTimeMillis() - 1_600_000_000_000L) << 22);
    }

    /** The answer to one check plus what the check log needs. */
    static final class Result {
        final int status;
        final String contentType;
        final String body;
        final @Nullable String method;
        final @Nullable String resource;
        final @Nullable Boolean allowed;
        final @Nullable String reason;
        final @Nullable String requestId;

        Result(int status, String contentType, String body, @Nullable String method, @Nullable String resource,
               @Nullable Boolean allowed, @Nullable String reason, @Nullable String requestId) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
            this.method = method;
            this.resource = resource;
            this.allowed = allowed;
            this.reason = reason;
            this.requestId = requestId;
        }
    }

    /** An authenticated principal: everything of the response except the decision. */
    private static final class Principal {
        final Map<String, Object> identity;
        final List<String> permissions;
        final Object metadata;
        final Map<String, String> headers;
        final String appSlug;
        final String perKeyPrefix;

        Principal(Map<String, Object> identity, List<String> permissions, Object metadata, Map<String, String> headers,
                  String appSlug, String perKeyPrefix) {
            this.identity = identity;
            this.permissions = permissions;
            this.metadata = metadata;
            this.headers = headers;
            this.appSlug = appSlug;
            this.perKeyPrefix = perKeyPrefix;
        }
    }

    /** A 401 that is not the JSON error envelope. */
    private static final class PlainUnauthorized extends Exception {
        private static final long serialVersionUID = 1L;

        PlainUnauthorized(String message) {
            super(message, null, false, false);
        }
    }

    String nextRequestId() {
        return "req_" + requestIds.incrementAndGet();
    }

    /** Normalises a resource like the gateway: drop {@code #…} and {@code ?…}, trim, prefix {@code /}; null if empty. */
    static @Nullable String normaliseResource(String resource) {
        String r = resource;
        int hash = r.indexOf('#');
        if (hash >= 0) {
            r = r.substring(0, hash);
        }
        int query = r.indexOf('?');
        if (query >= 0) {
            r = r.substring(0, query);
        }
        r = Text.trim(r);
        if (r.isEmpty()) {
            return null;
        }
        return r.startsWith("/") ? r : "/" + r;
    }

    /** Trims and upper-cases a method; null if it is not one the gateway accepts. */
    static @Nullable String normaliseMethod(String method) {
        String m = Text.trim(method).toUpperCase(Locale.ROOT);
        return METHODS.contains(m) ? m : null;
    }

    /**
     * Decides one check.
     *
     * @param clientIp the client IP for rate-limit buckets (body value, else header, else peer)
     */
    Result check(CheckRequest req, String clientIp) {
        String requestId = nextRequestId();
        String method = normaliseMethod(req.method);
        if (method == null) {
            return envelope(400, requestId, Text.trim(req.method), req.resource);
        }
        String resource = normaliseResource(req.resource);
        if (resource == null) {
            return envelope(400, requestId, method, req.resource);
        }
        Instant now = registry.clock().instant();
        String value = Text.trim(req.principalValue);
        Principal principal;
        try {
            principal = CheckRequest.API_KEY.equals(req.principalType) ? apiKey(value, now) : oauth(value, now);
        } catch (PlainUnauthorized e) {
            String message = Objects.requireNonNull(e.getMessage(), "a PlainUnauthorized has a message");
            return new Result(401, TEXT_PLAIN, message, method, resource, null, null, null);
        }
        if (principal == null) {
            return envelope(401, requestId, method, resource);
        }

        Map<String, String> headers = new LinkedHashMap<>(principal.headers);
        String expression = PermissionExpression.join(req.requiredPermissions);
        if (!PermissionExpression.satisfied(expression, new TreeSet<>(principal.permissions))) {
            header(headers, "x-wacht-permission-denied", "true");
            Map<String, Object> body = body(requestId, false, "permission_denied", "permission_denied", principal,
                    List.of(), null, headers);
            return new Result(200, APPLICATION_JSON, Json.write(body), method, resource, false, "permission_denied",
                    requestId);
        }

        List<RateLimitRule> rules = new ArrayList<>();
        for (RateLimitRule r : registry.effectiveRules()) {
            if (r.matches(resource)) {
                rules.add(r);
            }
        }
        rules.sort(Comparator.comparingInt(RateLimitRule::priority));
        List<Object> rateLimits = new ArrayList<>();
        String blockedRule = null;
        Long retryAfter = null;
        long nowMs = now.toEpochMilli();
        for (RateLimitRule rule : rules) {
            RateLimiter.Outcome o = limiter.hit(bucketKey(rule, principal, resource, clientIp), rule, nowMs);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("rule", rule.ruleString());
            entry.put("remaining", o.remaining);
            entry.put("limit", rule.limit());
            rateLimits.add(entry);
            String w = rule.windowLabel();
            header(headers, "x-ratelimit-" + w + "-limit", Long.toString(rule.limit()));
            header(headers, "x-ratelimit-" + w + "-remaining", Long.toString(o.remaining));
            if (!o.passed) {
                header(headers, "x-ratelimit-" + w + "-reset", Long.toString(rule.windowMs()));
                if (blockedRule == null) {
                    blockedRule = rule.ruleString();
                }
                retryAfter = retryAfter == null ? rule.windowMs() : Math.min(retryAfter, rule.windowMs());
            }
        }
        boolean allowed = blockedRule == null;
        String reason = allowed ? null : "rate_limited";
        Map<String, Object> body = body(requestId, allowed, reason, blockedRule, principal, rateLimits, retryAfter,
                headers);
        return new Result(200, APPLICATION_JSON, Json.write(body), method, resource, allowed, reason, requestId);
    }

    private String bucketKey(RateLimitRule rule, Principal p, String resource, String clientIp) {
        String key;
        switch (rule.mode()) {
            case PER_KEY:
            case PER_KEY_AND_IP:
                key = p.perKeyPrefix + ":" + resource + ":" + rule.windowMs();
                break;
            case PER_APP:
            case PER_APP_AND_IP:
            default:
                key = "app:" + registry.deployment().id + ":" + p.appSlug + ":" + rule.windowMs();
                break;
        }
        if (rule.mode() == RateLimitRule.Mode.PER_KEY_AND_IP || rule.mode() == RateLimitRule.Mode.PER_APP_AND_IP) {
            key = key + ":" + clientIp;
        }
        return key;
    }

    private @Nullable Principal apiKey(String value, Instant now) throws PlainUnauthorized {
        if (value.isEmpty() || !hasApiKeyFormat(value)) {
            return null;
        }
        ApiKey key = registry.apiKeyBySha(Text.sha256Hex(value));
        if (key == null || !key.active) {
            throw new PlainUnauthorized("Invalid API key");
        }
        if (key.isExpired(now)) {
            return null;
        }
        String deploymentId = registry.deployment().id;
        Map<String, Object> identity = identity(key.keyId, deploymentId, key.appSlug, key.name, key.ownerUserId,
                key.organizationId, key.workspaceId, key.organizationMembershipId, key.workspaceMembershipId);
        TreeSet<String> perms = new TreeSet<>(key.permissions);
        perms.addAll(key.organizationPermissions);
        perms.addAll(key.workspacePermissions);
        List<String> permissions = new ArrayList<>(perms);

        Map<String, String> headers = new LinkedHashMap<>();
        header(headers, "x-wacht-key-id", key.keyId);
        header(headers, "x-wacht-key-name", key.name);
        header(headers, "x-wacht-deployment-id", deploymentId);
        header(headers, "x-wacht-app-slug", key.appSlug);
        optionalHeader(headers, "x-wacht-organization-id", key.organizationId);
        optionalHeader(headers, "x-wacht-workspace-id", key.workspaceId);
        optionalHeader(headers, "x-wacht-organization-membership-id", key.organizationMembershipId);
        optionalHeader(headers, "x-wacht-workspace-membership-id", key.workspaceMembershipId);
        StringBuilder meta = new StringBuilder();
        for (String k : new TreeSet<>(key.metadata.keySet())) {
            Object v = key.metadata.get(k);
            if (v instanceof String) {
                if (meta.length() > 0) {
                    meta.append(',');
                }
                meta.append(k).append('=').append(v);
            }
        }
        if (meta.length() > 0) {
            header(headers, "x-wacht-metadata", meta.toString());
        }
        if (!permissions.isEmpty()) {
            header(headers, "x-wacht-permissions", String.join(",", permissions));
        }
        return new Principal(identity, permissions, key.metadata, headers, key.appSlug, "key:" + key.keyId);
    }

    /** At least 46 characters, the last 43 drawn from {@code [A-Za-z0-9_-]}. */
    static boolean hasApiKeyFormat(String key) {
        if (key.length() < 46) {
            return false;
        }
        for (int i = key.length() - 43; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Three dot-separated segments: a JWT access token, which has no row at the gateway. */
    static boolean looksLikeJwt(String token) {
        return token.split("\\.", -1).length == 3;
    }

    private @Nullable Principal oauth(String value, Instant now) {
        if (value.isEmpty() || looksLikeJwt(value)) {
            return null;
        }
        AccessToken token = registry.tokenBySha(Text.sha256Hex(value));
        if (token == null || !token.isUsable(now)) {
            return null;
        }
        Grant grant = registry.grant(token.grantId);
        if (grant == null || !grant.isUsable(now)) {
            return null;
        }
        OAuthClient client = registry.client(token.clientRecordId);
        if (client == null) {
            return null;
        }
        GrantedResource granted = token.grantedResource;
        TreeSet<String> perms = new TreeSet<>(token.scopes);
        if (granted != null) {
            for (String scope : token.scopes) {
                ScopeDefinition def = registry.scopeDefinition(scope);
                String mapped = def == null ? null : def.mappedPermission(granted.type);
                if (mapped != null && !mapped.isEmpty()) {
                    perms.add(mapped);
                }
            }
            // Entitlement: a user URN must name the token's own user.
            if (granted.type.equals("user") && !granted.id.equals(token.userId)) {
                return null;
            }
        }
        List<String> permissions = new ArrayList<>(perms);
        String deploymentId = registry.deployment().id;
        String appSlug = token.appSlug();
        Map<String, Object> identity = identity(client.recordId, deploymentId, appSlug, client.clientId, token.userId,
                null, null, null, null);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("principal_type", CheckRequest.OAUTH_ACCESS_TOKEN);
        metadata.put("scopes", token.scopes);
        metadata.put("oauth_resource", token.oauthResource);
        metadata.put("granted_resource", granted == null ? null : granted.urn);
        metadata.put("expires_at", Text.rfc3339(token.expiresAt));

        Map<String, String> headers = new LinkedHashMap<>();
        header(headers, "x-wacht-principal-type", CheckRequest.OAUTH_ACCESS_TOKEN);
        header(headers, "x-wacht-deployment-id", deploymentId);
        header(headers, "x-wacht-app-slug", appSlug);
        header(headers, "x-wacht-oauth-client-id", client.clientId);
        header(headers, "x-wacht-oauth-issuer", registry.oauthApp().issuer);
        if (granted != null) {
            header(headers, "x-wacht-granted-resource", granted.urn);
            header(headers, "x-wacht-oauth-audience", granted.urn);
        }
        optionalHeader(headers, "x-wacht-oauth-resource", token.oauthResource);
        if (!token.scopes.isEmpty()) {
            header(headers, "x-wacht-scopes", String.join(",", token.scopes));
        }
        if (!permissions.isEmpty()) {
            header(headers, "x-wacht-permissions", String.join(",", permissions));
        }
        String perKey = token.grantId != null ? "oauth:grant:" + token.grantId : "token:" + token.sha256;
        return new Principal(identity, permissions, metadata, headers, appSlug, perKey);
    }

    private static Map<String, Object> identity(String keyId, String deploymentId, String appSlug, String keyName,
                                                String ownerUserId, @Nullable String organizationId,
                                                @Nullable String workspaceId, @Nullable String organizationMembershipId,
                                                @Nullable String workspaceMembershipId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_id", keyId);
        m.put("deployment_id", deploymentId);
        m.put("app_slug", appSlug);
        m.put("key_name", keyName);
        m.put("owner_user_id", ownerUserId);
        m.put("organization_id", organizationId);
        m.put("workspace_id", workspaceId);
        m.put("organization_membership_id", organizationMembershipId);
        m.put("workspace_membership_id", workspaceMembershipId);
        return m;
    }

    private static void header(Map<String, String> headers, String name, String value) {
        headers.put(name, Text.isValidHeaderValue(value) ? value : "invalid");
    }

    private static void optionalHeader(Map<String, String> headers, String name, @Nullable String value) {
        if (value != null) {
            header(headers, name, value);
        }
    }

    private static Map<String, Object> body(String requestId, boolean allowed, @Nullable String reason,
                                            @Nullable String blockedRule, Principal p, List<Object> rateLimits,
                                            @Nullable Long retryAfter,
                                            Map<String, String> headers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", requestId);
        m.put("allowed", allowed);
        m.put("reason", reason);
        m.put("blocked_rule", blockedRule);
        m.put("identity", p.identity);
        m.put("permissions", p.permissions);
        m.put("metadata", p.metadata);
        m.put("rate_limits", rateLimits);
        m.put("retry_after", retryAfter);
        m.put("headers", headers);
        return m;
    }

    /** The JSON error envelope (docs/wacht-wire.md, "Answer forms"). */
    static String envelopeJson(String requestId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", requestId);
        m.put("allowed", false);
        m.put("reason", null);
        m.put("blocked_rule", null);
        m.put("identity", null);
        m.put("permissions", List.of());
        m.put("metadata", null);
        m.put("rate_limits", List.of());
        m.put("retry_after", null);
        m.put("headers", Map.of());
        return Json.write(m);
    }

    private static Result envelope(int status, String requestId, String method, String resource) {
        return new Result(status, APPLICATION_JSON, envelopeJson(requestId), method, resource, false, null, requestId);
    }
}
