package dev.wacht.testkit;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The admin HTTP API under {@code /_emulator/}: a thin JSON layer over the {@link WachtEmulator} Java
 * API. Bad input gives 400 {@code {"error":"…"}}, unknown ids and routes 404, a wrong method 405.
 */
final class AdminApi {
    static final String PREFIX = "/_emulator";

    private static final Set<String> TOKEN_FIELDS = Set.of("scopes", "client_id", "client_record_id", "user_id",
            "granted_resource", "oauth_resource", "expires_in", "expires_at", "grant_id", "format", "session_id");
    private static final Set<String> API_KEY_FIELDS = Set.of("permissions", "organization_permissions",
            "workspace_permissions", "key_id", "name", "owner_user_id", "organization_id", "workspace_id",
            "organization_membership_id", "workspace_membership_id", "metadata", "expires_in", "expires_at");
    private static final Set<String> RULE_FIELDS = Set.of("limit", "window_ms", "mode", "endpoints", "priority");
    private static final Set<String> SCOPE_FIELDS = Set.of("scope", "category", "organization_permission",
            "workspace_permission");
    private static final Set<String> FAULT_FIELDS = Set.of("mode", "status", "millis", "times", "body");
    private static final Set<String> CONSENT_FIELDS = Set.of("mode", "user_id", "granted_resource", "scopes");

    /** A JSON answer. */
    static final class Response {
        final int status;
        final String body;

        Response(int status, Object json) {
            this.status = status;
            this.body = Json.write(json);
        }
    }

    private final WachtEmulator emulator;

    AdminApi(WachtEmulator emulator) {
        this.emulator = emulator;
    }

    /** Handles {@code method} on {@code path} (which starts with {@link #PREFIX}). */
    Response handle(String method, String path, String body) {
        try {
            return route(method, path.substring(PREFIX.length()), body);
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private Response route(String method, String path, String body) {
        switch (path) {
            case "":
            case "/":
            case "/info":
                return only(method, "GET") ? info() : notAllowed();
            case "/tokens":
                return only(method, "POST") ? mintToken(body) : notAllowed();
            case "/tokens/revoke":
                if (!only(method, "POST")) {
                    return notAllowed();
                }
                emulator.revokeToken(requiredString(JsonArgs.parse(body, Set.of("access_token")), "access_token"));
                return ok(Map.of("revoked", true));
            case "/tokens/expire":
                if (!only(method, "POST")) {
                    return notAllowed();
                }
                emulator.expireToken(requiredString(JsonArgs.parse(body, Set.of("access_token")), "access_token"));
                return ok(Map.of("expired", true));
            case "/clients":
                if (!only(method, "POST")) {
                    return notAllowed();
                }
                return createClient(body);
            case "/oauth/consent":
                if (only(method, "POST")) {
                    emulator.setConsent(parseConsent(body));
                } else if (!only(method, "GET")) {
                    return notAllowed();
                }
                return ok(consentJson(emulator.consent()));
            case "/oauth/registration":
                if (only(method, "POST")) {
                    Boolean enabled = JsonArgs.parse(body, Set.of("enabled")).bool("enabled");
                    if (enabled == null) {
                        throw new IllegalArgumentException("\"enabled\" (true or false) is required");
                    }
                    emulator.allowDynamicClientRegistration(enabled);
                } else if (!only(method, "GET")) {
                    return notAllowed();
                }
                return ok(Map.of("enabled", emulator.dynamicClientRegistrationAllowed()));
            case "/oauth/codes":
                return only(method, "GET") ? codes() : notAllowed();
            case "/oauth/grants":
                return only(method, "GET") ? grants() : notAllowed();
            case "/api-keys":
                return only(method, "POST") ? mintApiKey(body) : notAllowed();
            case "/api-keys/revoke":
                if (!only(method, "POST")) {
                    return notAllowed();
                }
                JsonArgs a = JsonArgs.parse(body, Set.of("api_key", "key_id"));
                String apiKey = a.string("api_key");
                if (apiKey != null) {
                    emulator.revokeApiKey(apiKey);
                } else {
                    String keyId = a.id("key_id");
                    if (keyId == null) {
                        throw new IllegalArgumentException("\"api_key\" is required");
                    }
                    emulator.revokeApiKeyById(keyId);
                }
                return ok(Map.of("revoked", true));
            case "/rate-limits":
                if (only(method, "GET")) {
                    return rateLimits();
                }
                return only(method, "POST") ? setRateLimits(body) : notAllowed();
            case "/scopes":
                if (only(method, "GET")) {
                    List<Object> list = new ArrayList<>();
                    for (ScopeDefinition d : emulator.scopeDefinitions()) {
                        list.add(scopeJson(d));
                    }
                    return ok(Map.of("scopes", list));
                }
                return only(method, "POST") ? defineScope(body) : notAllowed();
            case "/faults":
                if (only(method, "GET")) {
                    return ok(faultJson(emulator.fault()));
                }
                if (only(method, "DELETE")) {
                    emulator.clearFault();
                    return ok(faultJson(Fault.none()));
                }
                if (!only(method, "POST")) {
                    return notAllowed();
                }
                Fault fault = parseFault(body);
                emulator.setFault(fault);
                return ok(faultJson(fault));
            case "/issuer/faults":
                if (only(method, "GET")) {
                    return ok(faultJson(emulator.issuerFault()));
                }
                if (only(method, "DELETE")) {
                    emulator.clearIssuerFault();
                    return ok(faultJson(Fault.none()));
                }
                if (!only(method, "POST")) {
                    return notAllowed();
                }
                Fault issuerFault = parseFault(body);
                emulator.setIssuerFault(issuerFault);
                return ok(faultJson(issuerFault));
            case "/signing-keys":
                return only(method, "GET") ? signingKeys() : notAllowed();
            case "/signing-keys/rotate":
                if (!only(method, "POST")) {
                    return notAllowed();
                }
                emulator.rotateSigningKey();
                return signingKeys();
            case "/checks":
                if (only(method, "GET")) {
                    List<Object> list = new ArrayList<>();
                    for (RecordedCheck c : emulator.checks()) {
                        list.add(c.toJson());
                    }
                    return ok(Map.of("checks", list));
                }
                if (only(method, "DELETE")) {
                    return ok(Map.of("cleared", emulator.clearChecksCount()));
                }
                return notAllowed();
            case "/reset":
                if (!only(method, "POST")) {
                    return notAllowed();
                }
                emulator.reset();
                return ok(Map.of("reset", true));
            default:
                break;
        }
        if (path.startsWith("/signing-keys/") && path.endsWith("/compromise")) {
            String kid = path.substring("/signing-keys/".length(), path.length() - "/compromise".length());
            if (!kid.isEmpty() && !kid.contains("/")) {
                if (!only(method, "POST")) {
                    return notAllowed();
                }
                emulator.compromiseSigningKey(kid);
                return signingKeys();
            }
        }
        if (path.startsWith("/grants/")) {
            String[] parts = path.substring("/grants/".length()).split("/", -1);
            if (parts.length == 2 && !parts[0].isEmpty()) {
                if (parts[1].equals("revoke")) {
                    if (!only(method, "POST")) {
                        return notAllowed();
                    }
                    emulator.revokeGrant(parts[0]);
                    return ok(grantStatus(parts[0]));
                }
                if (parts[1].equals("expire")) {
                    if (!only(method, "POST")) {
                        return notAllowed();
                    }
                    emulator.expireGrant(parts[0]);
                    return ok(grantStatus(parts[0]));
                }
            }
            if (parts.length == 1 && !parts[0].isEmpty()) {
                return only(method, "GET") ? ok(grantStatus(parts[0])) : notAllowed();
            }
        }
        return error(404, "no such emulator route: " + method + " " + PREFIX + path);
    }

    private static boolean only(String method, String expected) {
        return method.equals(expected);
    }

    private static Response ok(Object json) {
        return new Response(200, json);
    }

    private static Response notAllowed() {
        return error(405, "method not allowed");
    }

    static Response error(int status, @Nullable String message) {
        return new Response(status, Map.of("error", message == null ? "error" : message));
    }

    private static String requiredString(JsonArgs a, String key) {
        String s = a.string(key);
        if (s == null) {
            throw new IllegalArgumentException("\"" + key + "\" is required");
        }
        return s;
    }

    private Response info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base_url", emulator.baseUrl().toString());
        m.put("deployment_id", emulator.deploymentId());
        m.put("api_auth_app_slug", "aa_" + emulator.deploymentId());
        m.put("oauth_app_slug", emulator.oauthAppSlug());
        m.put("issuer", emulator.issuer());
        m.put("default_client_id", emulator.defaultClientId());
        m.put("default_client_record_id", emulator.defaultClientRecordId());
        return ok(m);
    }

    private Response mintToken(String body) {
        JsonArgs a = JsonArgs.parse(body, TOKEN_FIELDS);
        String format = a.string("format");
        if (format != null && !format.equals("opaque") && !format.equals("jwt")) {
            throw new IllegalArgumentException("unsupported token format \"" + format + "\" (supported: opaque, jwt)");
        }
        TokenRequest.Builder b = TokenRequest.builder();
        List<String> scopes = a.strings("scopes");
        if (scopes != null) {
            b.scopes(scopes);
        }
        b.clientId(a.string("client_id"))
                .clientRecordId(a.id("client_record_id"))
                .userId(a.id("user_id"))
                .grantedResource(a.string("granted_resource"))
                .oauthResource(a.string("oauth_resource"))
                .grantId(a.id("grant_id"))
                .sessionId(a.string("session_id"))
                .expiresAt(a.instant("expires_at"));
        Long expiresIn = a.longValue("expires_in");
        if (expiresIn != null) {
            b.expiresIn(Duration.ofSeconds(expiresIn));
        }
        MintedToken t = "jwt".equals(format) ? emulator.mintJwt(b.build()) : emulator.mintToken(b.build());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", t.accessToken());
        m.put("grant_id", t.grantId());
        m.put("client_id", t.clientId());
        m.put("client_record_id", t.clientRecordId());
        m.put("oauth_app_slug", t.oauthAppSlug());
        m.put("user_id", t.userId());
        m.put("granted_resource", t.grantedResource());
        m.put("scopes", t.scopes());
        m.put("expires_at", Text.rfc3339(t.expiresAt()));
        return ok(m);
    }

    private Response createClient(String body) {
        JsonArgs a = JsonArgs.parse(body, Set.of("client_auth_method", "redirect_uris"));
        String method = a.string("client_auth_method");
        List<String> redirectUris = a.strings("redirect_uris");
        MintedClient c = emulator.createClient(method != null ? method : OAuthClient.DEFAULT_AUTH_METHOD,
                redirectUris != null ? redirectUris : List.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", c.clientId());
        m.put("client_record_id", c.clientRecordId());
        m.put("oauth_app_slug", emulator.oauthAppSlug());
        m.put("client_auth_method", c.clientAuthMethod());
        m.put("client_secret", c.clientSecret().orElse(null));
        return ok(m);
    }

    private Response mintApiKey(String body) {
        JsonArgs a = JsonArgs.parse(body, API_KEY_FIELDS);
        ApiKeyRequest.Builder b = ApiKeyRequest.builder();
        List<String> permissions = a.strings("permissions");
        if (permissions != null) {
            b.permissions(permissions);
        }
        List<String> organizationPermissions = a.strings("organization_permissions");
        if (organizationPermissions != null) {
            b.organizationPermissions(organizationPermissions);
        }
        List<String> workspacePermissions = a.strings("workspace_permissions");
        if (workspacePermissions != null) {
            b.workspacePermissions(workspacePermissions);
        }
        b.keyId(a.id("key_id"))
                .name(a.string("name"))
                .ownerUserId(a.id("owner_user_id"))
                .organizationId(a.id("organization_id"))
                .workspaceId(a.id("workspace_id"))
                .organizationMembershipId(a.id("organization_membership_id"))
                .workspaceMembershipId(a.id("workspace_membership_id"))
                .expiresAt(a.instant("expires_at"));
        JsonObject metadata = a.objectValue("metadata");
        if (metadata != null) {
            b.metadata(JsonArgs.metadata(metadata));
        }
        Long expiresIn = a.longValue("expires_in");
        if (expiresIn != null) {
            b.expiresIn(Duration.ofSeconds(expiresIn));
        }
        MintedApiKey k = emulator.mintApiKey(b.build());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("api_key", k.apiKey());
        m.put("key_id", k.keyId());
        m.put("key_name", k.keyName());
        m.put("app_slug", k.appSlug());
        return ok(m);
    }

    private Response rateLimits() {
        List<Object> rules = new ArrayList<>();
        for (RateLimitRule r : emulator.rateLimits()) {
            rules.add(Registry.ruleJson(r));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rules", rules);
        m.put("default", emulator.rateLimitsAreDefault());
        return ok(m);
    }

    private Response setRateLimits(String body) {
        JsonArgs a = JsonArgs.parse(body, Set.of("rules"));
        List<JsonValue> raw = a.array("rules");
        if (raw == null) {
            throw new IllegalArgumentException("\"rules\" is required (an empty list limits nothing)");
        }
        List<RateLimitRule> rules = new ArrayList<>();
        for (JsonValue v : raw) {
            JsonArgs r = JsonArgs.of(v, RULE_FIELDS, "rule");
            Long limit = r.longValue("limit");
            Long windowMs = r.longValue("window_ms");
            if (limit == null || windowMs == null) {
                throw new IllegalArgumentException("every rule needs \"limit\" and \"window_ms\"");
            }
            RateLimitRule rule = RateLimitRule.ofMillis(limit, windowMs);
            String mode = r.string("mode");
            if (mode != null) {
                rule = rule.withMode(RateLimitRule.Mode.fromWireName(mode));
            }
            List<String> endpoints = r.strings("endpoints");
            if (endpoints != null) {
                rule = rule.withEndpoints(endpoints);
            }
            Integer priority = r.intValue("priority");
            if (priority != null) {
                rule = rule.withPriority(priority);
            }
            rules.add(rule);
        }
        emulator.setRateLimits(rules);
        return rateLimits();
    }

    static Map<String, Object> scopeJson(ScopeDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scope", d.scope());
        m.put("category", d.category());
        m.put("organization_permission", d.organizationPermission());
        m.put("workspace_permission", d.workspacePermission());
        return m;
    }

    private Response defineScope(String body) {
        JsonArgs a = JsonArgs.parse(body, SCOPE_FIELDS);
        String scope = a.string("scope");
        if (scope == null) {
            throw new IllegalArgumentException("\"scope\" is required");
        }
        ScopeDefinition d = ScopeDefinition.of(scope, a.string("category"), a.string("organization_permission"),
                a.string("workspace_permission"));
        emulator.defineScope(d);
        return ok(scopeJson(d));
    }

    static Map<String, Object> faultJson(Fault f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", f.mode().wireName());
        if (f.mode() == Fault.Mode.STATUS) {
            m.put("status", f.status());
        }
        if (f.mode() == Fault.Mode.DELAY) {
            m.put("millis", f.delay().toMillis());
        }
        if (f.mode() == Fault.Mode.WRONG_SHAPE) {
            m.put("body", f.body());
        }
        m.put("times", f.times() > 0 ? f.times() : null);
        return m;
    }

    /** The signing keys, newest first, and how often the JWKS was fetched. */
    private Response signingKeys() {
        List<Object> keys = new ArrayList<>();
        for (SigningKeyRing.Key k : emulator.registry().signingKeys().all()) {
            keys.add(k.describe());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keys", keys);
        m.put("jwks_requests", emulator.jwksRequests());
        return ok(m);
    }

    private static Fault parseFault(String body) {
        JsonArgs a = JsonArgs.parse(body, FAULT_FIELDS);
        String modeName = a.string("mode");
        if (modeName == null) {
            throw new IllegalArgumentException("\"mode\" is required");
        }
        Fault.Mode mode = Fault.Mode.fromWireName(modeName);
        Integer status = a.intValue("status");
        Long millis = a.longValue("millis");
        Fault f;
        switch (mode) {
            case NONE:
                f = Fault.none();
                break;
            case STATUS:
                f = Fault.status(status != null ? status : 500);
                break;
            case DELAY:
                if (millis != null && millis < 0) {
                    throw new IllegalArgumentException("\"millis\" must not be negative");
                }
                f = Fault.delay(Duration.ofMillis(millis != null ? millis : 1000));
                break;
            case DROP:
                f = Fault.drop();
                break;
            case GARBAGE:
                f = Fault.garbage();
                break;
            case HANG:
                f = Fault.hang();
                break;
            case TRUNCATE:
                f = Fault.truncate();
                break;
            case OVERSIZE:
                f = Fault.oversize();
                break;
            case CONTENT_TYPE:
                f = Fault.contentType();
                break;
            case WRONG_SHAPE:
            default:
                JsonValue shape = a.value("body");
                if (shape == null) {
                    f = Fault.wrongShape();
                } else if (shape.getValueType() == JsonValue.ValueType.STRING) {
                    f = Fault.wrongShape(((JsonString) shape).getString());
                } else {
                    f = Fault.wrongShape(Json.write(shape));
                }
                break;
        }
        Integer times = a.intValue("times");
        if (times != null && f.mode() != Fault.Mode.NONE) {
            f = f.times(times);
        }
        return f;
    }

    private static Consent parseConsent(String body) {
        JsonArgs a = JsonArgs.parse(body, CONSENT_FIELDS);
        String mode = a.string("mode");
        if ("page".equals(mode) || "deny".equals(mode)) {
            if (a.has("user_id") || a.has("granted_resource") || a.has("scopes")) {
                throw new IllegalArgumentException("only \"mode\":\"approve\" takes user_id, granted_resource and "
                        + "scopes");
            }
            return "page".equals(mode) ? Consent.page() : Consent.deny();
        }
        if (!"approve".equals(mode)) {
            throw new IllegalArgumentException("\"mode\" must be \"page\", \"approve\" or \"deny\"");
        }
        String userId = a.id("user_id");
        if (userId == null) {
            throw new IllegalArgumentException("\"user_id\" is required to approve");
        }
        Consent c = Consent.approveAs(userId);
        String granted = a.string("granted_resource");
        if (granted != null) {
            c = c.grantedResource(granted);
        }
        List<String> scopes = a.strings("scopes");
        return scopes == null ? c : c.scopes(scopes.toArray(new String[0]));
    }

    private static Map<String, Object> consentJson(Consent c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", c.mode().wireName());
        m.put("user_id", c.userId().orElse(null));
        m.put("granted_resource", c.grantedResource().orElse(null));
        m.put("scopes", c.approvedScopes().orElse(null));
        return m;
    }

    private Response codes() {
        List<Object> list = new ArrayList<>();
        for (IssuedCode c : emulator.authorizationCodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("client_id", c.clientId());
            m.put("grant_id", c.grantId());
            m.put("user_id", c.userId());
            m.put("redirect_uri", c.redirectUri());
            m.put("scopes", c.scopes());
            m.put("resource", c.resource().orElse(null));
            m.put("granted_resource", c.grantedResource());
            m.put("code_challenge_method", c.codeChallengeMethod().orElse(null));
            m.put("issued_at", Text.rfc3339(c.issuedAt()));
            m.put("expires_at", Text.rfc3339(c.expiresAt()));
            m.put("consumed_at", c.consumedAt().map(Text::rfc3339).orElse(null));
            list.add(m);
        }
        return ok(Map.of("codes", list));
    }

    private Response grants() {
        List<Object> list = new ArrayList<>();
        for (IssuedGrant g : emulator.grants()) {
            list.add(grantStatus(g.id()));
        }
        return ok(Map.of("grants", list));
    }

    private Map<String, Object> grantStatus(String grantId) {
        Grant g = emulator.registry().grant(grantId);
        if (g == null) {
            throw new NoSuchElementException("unknown grant: " + grantId);
        }
        OAuthClient c = emulator.registry().client(g.clientRecordId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grant_id", g.id);
        m.put("client_record_id", g.clientRecordId);
        m.put("client_id", c == null ? null : c.clientId);
        m.put("user_id", g.userId);
        m.put("granted_resource", g.grantedResource.urn);
        m.put("scopes", g.scopes);
        m.put("status", g.status.wireName());
        m.put("granted_at", Text.rfc3339(g.grantedAt));
        m.put("expires_at", g.expiresAt == null ? null : Text.rfc3339(g.expiresAt));
        m.put("revoked_at", g.revokedAt == null ? null : Text.rfc3339(g.revokedAt));
        return m;
    }
}
