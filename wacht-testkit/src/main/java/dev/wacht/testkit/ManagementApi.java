package dev.wacht.testkit;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth management routes of the backend API (docs/wacht-wire.md, "Management API"), unprefixed as the SDKs call them:
 * list apps, list/update/deactivate clients, rotate a client secret, list and revoke grants. Every route
 * checks {@code Authorization: Bearer <backend API key>} and answers errors in Wacht's envelope
 * {@code {"errors":[{"message","code"}]}}. Routing goes by the segment after the app slug, so further
 * areas of an app (such as its signing keys) are added as another case of {@link #route}.
 */
final class ManagementApi {
    static final String PREFIX = "/oauth/apps";
    static final int MAX_BODY = 64 * 1024;

    private static final int TTL_MIN = 60;
    private static final int TTL_MAX = 86_400;

    /** An answer; {@code body} is null for 204. */
    static final class Response {
        final int status;
        final @Nullable String body;

        private Response(int status, @Nullable Object json) {
            this.status = status;
            this.body = json == null ? null : Json.write(json);
        }
    }

    /** An error answer, thrown by the handlers. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Failure(int status, @Nullable String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** One request. */
    private static final class Call {
        final String method;
        final @Nullable String authorization;
        final @Nullable String contentType;
        final String body;

        Call(String method, @Nullable String authorization, @Nullable String contentType, String body) {
            this.method = method;
            this.authorization = authorization;
            this.contentType = contentType;
            this.body = body;
        }
    }

    private final Registry registry;
    private final byte[] backendApiKey;

    ManagementApi(Registry registry, String backendApiKey) {
        this.registry = registry;
        this.backendApiKey = backendApiKey.getBytes(StandardCharsets.UTF_8);
    }

    static boolean handles(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** Handles a request whose raw path {@link #handles} accepts. */
    Response handle(String method, String path, @Nullable String authorization, @Nullable String contentType,
                    String body) {
        String rest = path.substring(PREFIX.length());
        List<String> segments = rest.isEmpty() ? List.of() : Arrays.asList(rest.substring(1).split("/", -1));
        try {
            return route(new Call(method, authorization, contentType, body), segments);
        } catch (Failure f) {
            return error(f.status, f.getMessage());
        }
    }

    private Response route(Call call, List<String> segments) {
        if (segments.isEmpty()) {
            return on(call, "GET", this::listApps);
        }
        String slug = segments.get(0);
        String area = segments.size() > 1 ? segments.get(1) : "";
        switch (area) {
            case "clients":
                return clients(call, slug, segments.subList(2, segments.size()));
            case "signing-keys":
                return signingKeys(call, slug, segments.subList(2, segments.size()));
            default:
                return error(404, "Not found");
        }
    }

    private Response clients(Call call, String slug, List<String> s) {
        if (s.isEmpty()) {
            return on(call, "GET", () -> listClients(slug));
        }
        if (s.size() == 1) {
            if (call.method.equals("DELETE")) {
                return on(call, "DELETE", () -> deactivate(slug, s.get(0)));
            }
            return on(call, "PATCH", () -> update(slug, s.get(0), call));
        }
        if (s.size() == 2 && s.get(1).equals("rotate-secret")) {
            return on(call, "POST", () -> rotateSecret(slug, s.get(0)));
        }
        if (s.size() == 2 && s.get(1).equals("grants")) {
            return on(call, "GET", () -> listGrants(slug, s.get(0)));
        }
        if (s.size() == 4 && s.get(1).equals("grants") && s.get(3).equals("revoke")) {
            return on(call, "POST", () -> revokeGrant(slug, s.get(0), s.get(2)));
        }
        return error(404, "Not found");
    }

    /** {@code signing-keys}, {@code signing-keys/rotate}, {@code signing-keys/{kid}/compromise}. */
    private Response signingKeys(Call call, String slug, List<String> s) {
        if (s.isEmpty()) {
            return on(call, "GET", () -> listSigningKeys(slug));
        }
        if (s.size() == 1 && s.get(0).equals("rotate")) {
            return on(call, "POST", () -> rotateSigningKey(slug));
        }
        if (s.size() == 2 && !s.get(0).isEmpty() && s.get(1).equals("compromise")) {
            return on(call, "POST", () -> compromiseSigningKey(slug, s.get(0)));
        }
        return error(404, "Not found");
    }

    /** Method check (405), then the API key (401), then the handler. */
    private Response on(Call call, String method, Supplier<Response> handler) {
        if (!call.method.equals(method)) {
            return error(405, "Method not allowed");
        }
        String prefix = "Bearer ";
        String auth = call.authorization;
        if (auth == null || !auth.regionMatches(true, 0, prefix, 0, prefix.length())
                || !MessageDigest.isEqual(backendApiKey,
                        auth.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8))) {
            return error(401, "Unauthorized");
        }
        return handler.get();
    }

    // ------------------------------------------------------------------ handlers

    private Response listApps() {
        return ok(Map.of("apps", List.of(appJson())));
    }

    private Response listClients(String slug) {
        app(slug);
        List<Object> list = new ArrayList<>();
        for (OAuthClient c : registry.clients()) {
            list.add(clientJson(c));
        }
        return ok(Map.of("clients", list));
    }

    private Response update(String slug, String rawId, Call call) {
        String id = recordId(rawId);
        app(slug);
        JsonArgs a = updateBody(call);
        String format;
        Long ttl;
        String alg;
        try {
            format = a.string("access_token_format");
            ttl = a.longValue("access_token_ttl_seconds");
            alg = a.string("id_token_signing_alg");
        } catch (IllegalArgumentException e) {
            throw new Failure(422, "Invalid request payload");
        }
        if (format != null && !format.equals("opaque") && !format.equals("jwt")) {
            throw new Failure(400, "access_token_format must be 'opaque' or 'jwt'");
        }
        if (ttl != null && (ttl < TTL_MIN || ttl > TTL_MAX)) {
            throw new Failure(400, "access_token_ttl_seconds must be between 60 and 86400");
        }
        if (alg != null && !alg.equals("RS256")) {
            throw new Failure(400, "id_token_signing_alg must be 'RS256'");
        }
        Instant now = registry.clock().instant();
        OAuthClient updated = registry.updateClient(id, c -> !c.active || !c.appSlug.equals(slug) ? c
                : c.withTokenSettings(format != null ? format : c.accessTokenFormat,
                        ttl != null ? ttl.intValue() : c.accessTokenTtlSeconds, now));
        if (updated == null || !updated.active || !updated.appSlug.equals(slug)) {
            throw new Failure(404, "OAuth client not found or inactive");
        }
        return ok(clientJson(updated));
    }

    private static JsonArgs updateBody(Call call) {
        if (call.contentType == null || !call.contentType.toLowerCase(Locale.ROOT)
                .startsWith("application/json")) {
            throw new Failure(415, "Unsupported media type");
        }
        JsonValue v;
        try {
            v = Json.parse(call.body);
        } catch (RuntimeException e) {
            throw new Failure(400, "Bad request");
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Failure(422, "Invalid request payload");
        }
        // Fields this emulator does not model are accepted and ignored, as serde does without deny_unknown_fields.
        return JsonArgs.of(v, ((JsonObject) v).keySet(), "request body");
    }

    private Response deactivate(String slug, String rawId) {
        String id = recordId(rawId);
        app(slug);
        OAuthClient before = registry.client(id);
        if (before == null || !before.active || !before.appSlug.equals(slug)) {
            throw new Failure(404, "OAuth client not found or already inactive");
        }
        Instant now = registry.clock().instant();
        registry.updateClient(id, c -> c.withActive(false, now));
        return new Response(204, null);
    }

    private Response rotateSecret(String slug, String rawId) {
        OAuthClient c = client(slug, rawId);
        if (!c.active) {
            throw new Failure(404, "OAuth client not found or inactive");
        }
        if (!OAuthClient.usesSecret(c.authMethod)) {
            throw new Failure(400, "client_secret rotation is not supported for this auth method");
        }
        return ok(Map.of("client_secret", registry.rotateSecret(c.recordId)));
    }

    private Response listSigningKeys(String slug) {
        app(slug);
        List<Object> list = new ArrayList<>();
        for (SigningKeyRing.Key k : registry.signingKeys().all()) {
            list.add(k.describe());
        }
        return ok(Map.of("keys", list));
    }

    private Response rotateSigningKey(String slug) {
        app(slug);
        return ok(Map.of("new", registry.signingKeys().rotate().describe()));
    }

    private Response compromiseSigningKey(String slug, String kid) {
        app(slug);
        try {
            registry.signingKeys().compromise(kid);
        } catch (NoSuchElementException e) {
            throw new Failure(404, e.getMessage());
        }
        return new Response(204, null);
    }

    private Response listGrants(String slug, String rawId) {
        OAuthClient c = client(slug, rawId);
        Instant now = registry.clock().instant();
        List<Object> list = new ArrayList<>();
        for (Grant g : registry.grantsOf(c.recordId)) {
            list.add(grantJson(g, now));
        }
        return ok(Map.of("grants", list));
    }

    /** Idempotent: an unknown, foreign or already revoked grant also gives 200 {@code {}}. */
    private Response revokeGrant(String slug, String rawClientId, String rawGrantId) {
        String clientId = recordId(rawClientId);
        String grantId = recordId(rawGrantId);
        app(slug);
        Grant g = registry.grant(grantId);
        if (g != null && g.clientRecordId.equals(clientId) && g.status != GrantStatus.REVOKED) {
            registry.revokeGrant(grantId);
        }
        return ok(Map.of());
    }

    // ------------------------------------------------------------------ lookups

    private static String recordId(String raw) {
        if (!raw.matches("[0-9]{1,19}")) {
            throw new Failure(400, "Bad request");
        }
        return raw;
    }

    private void app(String slug) {
        if (!registry.oauthApp().slug.equals(slug)) {
            throw new Failure(404, "OAuth app not found");
        }
    }

    private OAuthClient client(String slug, String rawId) {
        String id = recordId(rawId);
        app(slug);
        OAuthClient c = registry.client(id);
        if (c == null || !c.appSlug.equals(slug)) {
            throw new Failure(404, "OAuth client not found");
        }
        return c;
    }

    // ------------------------------------------------------------------ JSON

    private static Response ok(Object json) {
        return new Response(200, json);
    }

    static Response error(int status, @Nullable String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("code", status);
        return new Response(status, Map.of("errors", List.of(e)));
    }

    private Map<String, Object> appJson() {
        OAuthApp app = registry.oauthApp();
        List<String> scopes = new ArrayList<>();
        List<Object> definitions = new ArrayList<>();
        for (ScopeDefinition d : registry.scopeDefinitions()) {
            scopes.add(d.scope());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scope", d.scope());
            m.put("display_name", d.scope());
            m.put("description", "");
            m.put("archived", false);
            m.put("category", d.category());
            m.put("organization_permission", d.organizationPermission());
            m.put("workspace_permission", d.workspacePermission());
            definitions.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", app.id);
        m.put("slug", app.slug);
        m.put("name", app.slug);
        m.put("description", null);
        m.put("logo_url", null);
        m.put("fqdn", app.fqdn());
        m.put("supported_scopes", scopes);
        m.put("scope_definitions", definitions);
        m.put("allow_dynamic_client_registration", registry.dynamicClientRegistration());
        m.put("is_active", true);
        m.put("created_at", Text.rfc3339(app.createdAt));
        m.put("updated_at", Text.rfc3339(app.createdAt));
        return m;
    }

    private Map<String, Object> clientJson(OAuthClient c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.recordId);
        m.put("oauth_app_id", registry.oauthApp().id);
        m.put("client_id", c.clientId);
        m.put("client_auth_method", c.authMethod);
        m.put("grant_types", c.metadata.grantTypes());
        m.put("redirect_uris", c.metadata.redirectUris());
        for (String field : List.of("client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri")) {
            m.put(field, c.metadata.string(field));
        }
        m.put("contacts", c.metadata.strings("contacts"));
        for (String field : List.of("software_id", "software_version", "token_endpoint_auth_signing_alg", "jwks_uri",
                "jwks", "public_key_pem")) {
            m.put(field, c.metadata.get(field));
        }
        m.put("is_active", c.active);
        m.put("post_logout_redirect_uris", c.metadata.strings("post_logout_redirect_uris"));
        m.put("id_token_signing_alg", "RS256");
        m.put("access_token_format", c.accessTokenFormat);
        m.put("access_token_ttl_seconds", c.accessTokenTtlSeconds);
        m.put("skip_consent", false);
        m.put("created_at", Text.rfc3339(c.createdAt));
        m.put("updated_at", Text.rfc3339(c.updatedAt));
        return m;
    }

    private static Map<String, Object> grantJson(Grant g, Instant now) {
        String status = g.wireStatus(now);
        Instant updated = g.revokedAt != null ? g.revokedAt
                : g.status == GrantStatus.EXPIRED && g.expiresAt != null ? g.expiresAt : g.grantedAt;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id);
        m.put("api_auth_app_slug", "oauth_" + g.userId);
        m.put("oauth_client_id", g.clientRecordId);
        m.put("resource", g.grantedResource.urn);
        m.put("scopes", g.scopes);
        m.put("status", status);
        m.put("granted_at", Text.rfc3339(g.grantedAt));
        m.put("expires_at", g.expiresAt == null ? null : Text.rfc3339(g.expiresAt));
        m.put("revoked_at", g.revokedAt == null ? null : Text.rfc3339(g.revokedAt));
        m.put("granted_by_user_id", g.userId);
        m.put("created_at", Text.rfc3339(g.grantedAt));
        m.put("updated_at", Text.rfc3339(updated));
        return m;
    }
}
