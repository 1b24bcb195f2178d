package dev.wacht.testkit;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Dynamic client registration as Wacht serves it (docs/oauth-issuer.md, "Registration"): {@code POST /oauth/register} when the
 * OAuth app allows it (off by default), and {@code GET|PUT|DELETE /oauth/register/{client_id}} with the
 * registration access token (RFC 7592, with a partial PUT). Errors use Wacht's envelope.
 */
final class ClientRegistration {
    static final String PATH = "/oauth/register";
    private static final Set<String> STRING_FIELDS = Set.of("client_name", "client_uri", "logo_uri", "tos_uri",
            "policy_uri", "software_id", "software_version", "token_endpoint_auth_method",
            "token_endpoint_auth_signing_alg", "jwks_uri", "public_key_pem", "id_token_signing_alg",
            "id_token_signed_response_alg");
    private static final Set<String> LIST_FIELDS = Set.of("contacts", "grant_types", "redirect_uris",
            "post_logout_redirect_uris");
    private static final List<String> METHODS = List.of("client_secret_basic", "client_secret_post",
            "client_secret_jwt", "none", "private_key_jwt");
    private static final String UNAUTHORIZED = "Unauthorized";

    /** A refusal: the envelope's status and message. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final Registry registry;

    ClientRegistration(Registry registry) {
        this.registry = registry;
    }

    /** Whether the path is {@code /oauth/register} or {@code /oauth/register/{client_id}} (one segment). */
    static boolean handles(String path) {
        if (path.equals(PATH)) {
            return true;
        }
        String rest = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : "";
        return !rest.isEmpty() && rest.indexOf('/') < 0;
    }

    /** Handles {@code /oauth/register} and {@code /oauth/register/{client_id}}. */
    HttpAnswer handle(String method, String path, @Nullable String authorization, @Nullable String contentType,
                      String body) {
        try {
            if (path.equals(PATH)) {
                if (!method.equals("POST")) {
                    return HttpAnswer.envelope(405, "Method not allowed");
                }
                return register(parse(contentType, body));
            }
            String clientId = path.substring(PATH.length() + 1);
            switch (method) {
                case "GET":
                    return HttpAnswer.json(200, describe(authorized(clientId, authorization), null, null));
                case "PUT":
                    Map<String, Object> changes = parse(contentType, body);
                    return update(authorized(clientId, authorization), changes);
                case "DELETE":
                    OAuthClient c = authorized(clientId, authorization);
                    registry.updateClient(c.recordId, x -> x.withActive(false, registry.clock().instant()));
                    return HttpAnswer.empty(204);
                default:
                    return HttpAnswer.envelope(405, "Method not allowed");
            }
        } catch (Refusal r) {
            return HttpAnswer.envelope(r.status, r.getMessage());
        }
    }

    /** The JSON body as wire-named fields; 415, 400 and 422 as axum's JSON extractor answers them. */
    private static Map<String, Object> parse(@Nullable String contentType, String body) throws Refusal {
        String essence = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!essence.equals("application/json")) {
            throw new Refusal(415, "Request failed");
        }
        JsonValue v;
        try {
            v = Json.parse(body);
        } catch (RuntimeException e) {
            throw new Refusal(400, "Bad request");
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Refusal(422, "Invalid request payload");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entrySet()) {
            String name = e.getKey();
            JsonValue value = e.getValue();
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                continue; // an Option left at None
            }
            if (STRING_FIELDS.contains(name)) {
                if (value.getValueType() != JsonValue.ValueType.STRING) {
                    throw new Refusal(422, "Invalid request payload");
                }
                fields.put(name.equals("id_token_signed_response_alg") ? "id_token_signing_alg" : name,
                        ((JsonString) value).getString());
            } else if (LIST_FIELDS.contains(name)) {
                if (value.getValueType() != JsonValue.ValueType.ARRAY) {
                    throw new Refusal(422, "Invalid request payload");
                }
                List<String> list = new ArrayList<>();
                for (JsonValue item : value.asJsonArray()) {
                    if (item.getValueType() != JsonValue.ValueType.STRING) {
                        throw new Refusal(422, "Invalid request payload");
                    }
                    list.add(((JsonString) item).getString());
                }
                fields.put(name, List.copyOf(list));
            } else if (name.equals("jwks")) {
                fields.put(name, value);
            }
            // Every other field (scope, response_types, application_type, software_statement…) is ignored.
        }
        return fields;
    }

    private HttpAnswer register(Map<String, Object> fields) throws Refusal {
        if (!registry.dynamicClientRegistration()) {
            throw new Refusal(403, "Dynamic client registration is disabled for this OAuth app");
        }
        String method = fields.containsKey("token_endpoint_auth_method")
                ? (String) fields.get("token_endpoint_auth_method") : OAuthClient.DEFAULT_AUTH_METHOD;
        ClientMetadata metadata = validate(ClientMetadata.of(List.of()), method, fields);
        Registry.Registered r = registry.registerDynamic(method, metadata);
        return HttpAnswer.json(200, describe(r.client, r.secret, r.registrationToken));
    }

    private HttpAnswer update(OAuthClient client, Map<String, Object> fields) throws Refusal {
        String method = fields.containsKey("token_endpoint_auth_method")
                ? (String) fields.get("token_endpoint_auth_method") : client.authMethod;
        ClientMetadata metadata = validate(client.metadata, method, fields);
        Instant now = registry.clock().instant();
        OAuthClient updated = Objects.requireNonNull(
                registry.updateClient(client.recordId, c -> c.withMetadata(metadata, method, now)),
                "clients are never removed, only deactivated");
        return HttpAnswer.json(200, describe(updated, null, null));
    }

    /** The metadata after applying {@code fields}, checked as Wacht checks a registration (docs/oauth-issuer.md, "Registration"). */
    private static ClientMetadata validate(ClientMetadata base, String method, Map<String, Object> fields)
            throws Refusal {
        Map<String, Object> changes = new LinkedHashMap<>(fields);
        changes.remove("token_endpoint_auth_method");
        String alg = (String) changes.remove("id_token_signing_alg");
        if (alg != null && !alg.equals("RS256")) {
            throw new Refusal(400, "id_token_signing_alg `" + alg + "` is not supported. Only RS256 is currently "
                    + "supported.");
        }
        @SuppressWarnings("unchecked")
        List<String> grantTypes = (List<String>) changes.get("grant_types");
        if (grantTypes != null && grantTypes.isEmpty()) {
            changes.put("grant_types", ClientMetadata.DEFAULT_GRANT_TYPES);
        } else if (grantTypes != null) {
            for (String g : grantTypes) {
                if (g.isEmpty()) {
                    throw new Refusal(400, "grant_types must not contain empty values");
                }
                if (g.equals("client_credentials")) {
                    throw new Refusal(400, "client_credentials is disabled for now");
                }
                if (!ClientMetadata.DEFAULT_GRANT_TYPES.contains(g)) {
                    throw new Refusal(400, "unsupported grant_type: " + g
                            + ". supported values: authorization_code, refresh_token");
                }
            }
            if (!grantTypes.contains("authorization_code")) {
                throw new Refusal(400, "authorization_code grant is required");
            }
        }
        if (!METHODS.contains(method)) {
            throw new Refusal(400, "unsupported client_auth_method: " + method);
        }
        ClientMetadata merged = base.merge(changes);
        int keys = 0;
        for (String k : List.of("jwks_uri", "jwks", "public_key_pem")) {
            keys += merged.get(k) == null ? 0 : 1;
        }
        if (method.equals("private_key_jwt")) {
            if (keys != 1) {
                throw new Refusal(400, "private_key_jwt requires exactly one of jwks_uri, jwks or public_key_pem");
            }
            String jwksUri = merged.string("jwks_uri");
            if (jwksUri != null && !isUrl(jwksUri, Set.of("https"))) {
                throw new Refusal(400, "jwks_uri must be an https URL");
            }
        } else if (keys > 0) {
            throw new Refusal(400, "jwks_uri/jwks/public_key_pem are only allowed when client_auth_method is "
                    + "private_key_jwt");
        }
        for (String field : List.of("client_uri", "logo_uri", "tos_uri", "policy_uri")) {
            String uri = merged.string(field);
            if (uri != null && !isUrl(uri, Set.of("http", "https"))) {
                throw new Refusal(400, field + " must be an http or https URL");
            }
        }
        if (merged.redirectUris().isEmpty()) {
            throw new Refusal(400, "redirect_uris must include at least one URI for authorization_code");
        }
        for (String field : List.of("redirect_uris", "post_logout_redirect_uris")) {
            for (String uri : merged.strings(field)) {
                if (!isUrl(uri, Set.of("http", "https")) || uri.contains("#")) {
                    throw new Refusal(400, field + " must hold http or https URLs without a fragment, not " + uri);
                }
            }
        }
        return merged;
    }

    private static boolean isUrl(String value, Set<String> schemes) {
        try {
            URI u = new URI(value);
            return u.getScheme() != null && schemes.contains(u.getScheme().toLowerCase(Locale.ROOT))
                    && u.getHost() != null && !u.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The client that {@code Authorization: Bearer <registration access token>} (case-sensitive prefix)
     * authorizes. An unknown client is 404 before any authentication; a missing or wrong token, or a
     * client without one (created otherwise, or deleted), is 401 without a challenge.
     */
    private OAuthClient authorized(String clientId, @Nullable String authorization) throws Refusal {
        OAuthClient client = registry.clientByClientId(clientId);
        if (client == null) {
            throw new Refusal(404, "OAuth client not found");
        }
        if (client.registrationTokenSha256 == null || authorization == null || !authorization.startsWith("Bearer ")
                || !Text.constantTimeEquals(Text.sha256Hex(authorization.substring(7)),
                        client.registrationTokenSha256)) {
            throw new Refusal(401, UNAUTHORIZED);
        }
        return client;
    }

    /** The registration response; the secret and the registration token only when given (at creation). */
    private Map<String, Object> describe(OAuthClient c, @Nullable String secret, @Nullable String registrationToken) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", c.clientId);
        String name = c.metadata.string("client_name");
        if (name != null) {
            m.put("client_name", name);
        }
        m.put("client_id_issued_at", c.createdAt.getEpochSecond());
        if (secret != null) {
            m.put("client_secret", secret);
            m.put("client_secret_expires_at", 0);
        }
        m.put("token_endpoint_auth_method", c.authMethod);
        for (String field : ClientMetadata.FIELDS) {
            Object v = c.metadata.get(field);
            boolean empty = v == null || (v instanceof List && ((List<?>) v).isEmpty());
            if (!field.equals("client_name") && !empty) {
                m.put(field, v);
            }
        }
        m.put("registration_client_uri", registry.oauthApp().issuer + PATH + "/" + c.clientId);
        if (registrationToken != null) {
            m.put("registration_access_token", registrationToken);
        }
        m.put("id_token_signed_response_alg", "RS256");
        return m;
    }
}
