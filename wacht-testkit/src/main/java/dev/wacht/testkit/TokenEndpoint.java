package dev.wacht.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /oauth/token}, {@code POST /oauth/introspect} and {@code POST /oauth/revoke}
 * (docs/oauth-issuer.md, "Token endpoint", "Refresh tokens", "Introspection and revocation"): form bodies, client authentication by the client's registered method,
 * and OAuth errors {@code {"error","error_description"?}} (401 with {@code WWW-Authenticate: Basic …}).
 * Parser failures answer in Wacht's envelope instead.
 */
final class TokenEndpoint {
    private static final String INVALID_PAYLOAD = "Invalid request payload";

    /** An OAuth error answer. */
    private static final class OAuthError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        OAuthError(int status, String code, @Nullable String description) {
            super(description, null, false, false);
            this.status = status;
            this.code = code;
        }

        HttpAnswer answer() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", code);
            if (getMessage() != null) {
                m.put("error_description", getMessage());
            }
            HttpAnswer a = HttpAnswer.json(status, m);
            return status == 401 ? a.withHeader("WWW-Authenticate", "Basic realm=\"oauth\", error=\"" + code + "\"") : a;
        }
    }

    /** A parser failure: Wacht's envelope. */
    private static final class Unparsable extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Unparsable(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final Registry registry;

    TokenEndpoint(Registry registry) {
        this.registry = registry;
    }

    /** The form fields of a token, introspection or revocation request. */
    private static Map<String, String> fields(@Nullable String contentType, String body, List<String> names,
                                              String required) throws Unparsable {
        if (!FormBody.isForm(contentType)) {
            throw new Unparsable(415, "Request failed");
        }
        Map<String, String> f = new LinkedHashMap<>();
        try {
            FormBody form = FormBody.parse(body);
            for (String name : names) {
                f.put(name, form.single(name));
            }
        } catch (FormBody.Malformed e) {
            throw new Unparsable(422, INVALID_PAYLOAD);
        }
        if (f.get(required) == null) {
            throw new Unparsable(422, INVALID_PAYLOAD);
        }
        return f;
    }

    private static final List<String> CLIENT_FIELDS = List.of("client_id", "client_secret", "client_assertion_type",
            "client_assertion");

    private static List<String> with(String... names) {
        List<String> all = new ArrayList<>(List.of(names));
        all.addAll(CLIENT_FIELDS);
        return all;
    }

    // ------------------------------------------------------------------ client authentication

    /**
     * Authenticates the calling client strictly by its registered method (docs/oauth-issuer.md, "Token
     * endpoint"): the client id from {@code Authorization: Basic} when present, else from the form.
     */
    private OAuthClient authenticate(@Nullable String authorization, Map<String, String> f) throws OAuthError {
        OAuthError invalid = new OAuthError(401, "invalid_client", null);
        String basicId = null;
        String basicSecret = null;
        if (authorization != null && authorization.startsWith("Basic ")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid;
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0 || colon == decoded.length() - 1) {
                throw invalid;
            }
            basicId = decoded.substring(0, colon);
            basicSecret = decoded.substring(colon + 1);
        }
        String clientId = basicId != null ? basicId : f.get("client_id") == null ? null : Text.trim(f.get("client_id"));
        OAuthClient client = clientId == null || clientId.isEmpty() ? null : registry.clientByClientId(clientId);
        if (client == null || !client.active) {
            throw invalid;
        }
        switch (client.authMethod) {
            case "none":
                return client;
            case "client_secret_basic":
                if (basicSecret != null && registry.clientSecretMatches(client.recordId, basicSecret)) {
                    return client;
                }
                throw invalid;
            case "client_secret_post":
                String secret = f.get("client_secret");
                if (secret != null && registry.clientSecretMatches(client.recordId, Text.trim(secret))) {
                    return client;
                }
                throw invalid;
            case "private_key_jwt":
                if (client.metadata.string("public_key_pem") == null) {
                    throw new OAuthError(400, "invalid_request", "private_key_jwt requires a registered PEM key in jwks");
                }
                throw invalid; // client assertions are not emulated
            default:
                throw invalid; // client_secret_jwt: client assertions are not emulated
        }
    }

    // ------------------------------------------------------------------ /oauth/token

    HttpAnswer token(@Nullable String authorization, @Nullable String contentType, String body) {
        Map<String, String> f;
        try {
            f = fields(contentType, body, with("grant_type", "code", "redirect_uri", "scope", "code_verifier",
                    "refresh_token"), "grant_type");
        } catch (Unparsable u) {
            return HttpAnswer.envelope(u.status, u.getMessage());
        }
        Instant now = registry.clock().instant();
        try {
            OAuthClient client = authenticate(authorization, f);
            String grantType = Objects.requireNonNull(f.get("grant_type"), "fields() required grant_type");
            if (!client.metadata.grantTypes().contains(grantType)) {
                throw new OAuthError(400, "unauthorized_client", "grant_type is not allowed for this client");
            }
            switch (grantType) {
                case "authorization_code":
                    return authorizationCode(client, f, now);
                case "refresh_token":
                    return refresh(client, f, now);
                default:
                    throw new OAuthError(400, "unsupported_grant_type", null);
            }
        } catch (OAuthError e) {
            return e.answer();
        }
    }

    private HttpAnswer authorizationCode(OAuthClient client, Map<String, String> f, Instant now) throws OAuthError {
        String code = required(f, "code");
        String redirectUri = required(f, "redirect_uri");
        String sha = Text.sha256Hex(code);
        AuthorizationCode stored = registry.code(sha);
        OAuthError invalidGrant = new OAuthError(400, "invalid_grant", null);
        if (stored == null || !stored.clientRecordId.equals(client.recordId) || !stored.isRedeemable(now)) {
            throw invalidGrant;
        }
        if (!stored.redirectUri.equals(redirectUri)) {
            throw new OAuthError(400, "invalid_grant", "redirect_uri mismatch");
        }
        if (client.isPublic() && stored.codeChallenge == null) {
            throw invalidGrant;
        }
        if (stored.codeChallenge != null) {
            String verifier = f.get("code_verifier") == null ? "" : Text.trim(f.get("code_verifier"));
            if (verifier.isEmpty()) {
                throw new OAuthError(400, "invalid_grant", "code_verifier is required");
            }
            String method = stored.codeChallengeMethod == null ? "S256" : stored.codeChallengeMethod;
            if (!method.equalsIgnoreCase("S256")) {
                throw new OAuthError(400, "invalid_grant", "unsupported code_challenge_method");
            }
            if (!Text.constantTimeEquals(Text.sha256Base64Url(verifier), stored.codeChallenge)) {
                throw new OAuthError(400, "invalid_grant", "invalid code_verifier");
            }
        }
        if (!registry.grantIsValid(stored.grantId, now)) {
            throw invalidGrant;
        }
        if (!registry.consumeCode(sha, now)) {
            registry.revokeTokensOfGrant(stored.grantId, now); // a concurrent redemption of the same code
            throw invalidGrant;
        }
        Registry.TokenPair pair = registry.issueTokens(client, registry.grantOf(stored.grantId), stored.scopes,
                stored.resource, now);
        String idToken = stored.scopes.contains("openid")
                ? registry.idToken(client, stored.userId, stored.nonce, stored.authTime, now) : null;
        return tokenResponse(pair, idToken);
    }

    private HttpAnswer refresh(OAuthClient client, Map<String, String> f, Instant now) throws OAuthError {
        String value = required(f, "refresh_token");
        String sha = Text.sha256Hex(value);
        RefreshToken stored = registry.refreshToken(sha);
        OAuthError invalidGrant = new OAuthError(400, "invalid_grant", null);
        if (stored == null || !stored.clientRecordId.equals(client.recordId)) {
            throw invalidGrant;
        }
        if (stored.replacedBySha256 != null) {
            registry.revokeRefreshChain(sha, now); // reuse detected: this token and every later one
            throw invalidGrant;
        }
        if (!stored.isUsable(now) || !registry.grantIsValid(stored.grantId, now)) {
            throw invalidGrant;
        }
        List<String> scopes = stored.scopes;
        String requested = f.get("scope");
        if (requested != null && !Text.trim(requested).isEmpty()) {
            List<String> narrowed = AuthorizeEndpoint.split(requested);
            if (!stored.scopes.containsAll(narrowed)) {
                throw new OAuthError(400, "invalid_scope", "requested scope is not a subset of original grant");
            }
            scopes = narrowed;
        }
        Registry.TokenPair pair = registry.issueTokens(client, registry.grantOf(stored.grantId), scopes,
                stored.oauthResource, now);
        if (!registry.rotateRefreshToken(sha, Text.sha256Hex(pair.refreshToken), now)) {
            // Revoked by a concurrent use in the meantime: withdraw the pair just made.
            registry.revokeRefreshChain(Text.sha256Hex(pair.refreshToken), now);
            registry.revokeAccessTokenOf(client.recordId, pair.accessToken, now);
            throw invalidGrant;
        }
        return tokenResponse(pair, null);
    }

    private static String required(Map<String, String> f, String name) throws OAuthError {
        String v = f.get(name) == null ? "" : Text.trim(f.get(name));
        if (v.isEmpty()) {
            throw new OAuthError(400, "invalid_request", name + " is required");
        }
        return v;
    }

    /** 200 with the pair; no {@code Cache-Control}, as Wacht sends none. */
    private static HttpAnswer tokenResponse(Registry.TokenPair pair, @Nullable String idToken) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", pair.accessToken);
        m.put("token_type", "Bearer");
        m.put("expires_in", pair.expiresIn);
        m.put("refresh_token", pair.refreshToken);
        m.put("scope", String.join(" ", pair.scopes));
        if (idToken != null) {
            m.put("id_token", idToken);
        }
        return HttpAnswer.json(200, m);
    }

    // ------------------------------------------------------------------ introspection and revocation

    HttpAnswer introspect(@Nullable String authorization, @Nullable String contentType, String body) {
        return withClientAndToken(authorization, contentType, body, (client, token, f, now) -> {
            AccessToken t = Gateway.looksLikeJwt(token) ? null : registry.tokenBySha(Text.sha256Hex(token));
            if (t == null || !t.clientRecordId.equals(client.recordId) || !t.isUsable(now) || t.grantId == null
                    || !registry.grantIsValid(t.grantId, now)) {
                return HttpAnswer.json(200, Map.of("active", false));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("active", true);
            m.put("scope", String.join(" ", t.scopes));
            m.put("client_id", client.clientId);
            m.put("token_type", "Bearer");
            m.put("iss", registry.oauthApp().issuer);
            if (t.grantedResource != null) {
                m.put("aud", t.grantedResource.urn);
            }
            m.put("exp", t.expiresAt.getEpochSecond());
            m.put("iat", t.issuedAt.getEpochSecond());
            m.put("nbf", t.issuedAt.getEpochSecond());
            m.put("sub", t.appSlug());
            if (t.oauthResource != null) {
                m.put("resource", t.oauthResource);
            }
            if (t.grantedResource != null) {
                m.put("granted_resource", t.grantedResource.urn);
            }
            return HttpAnswer.json(200, m);
        });
    }

    HttpAnswer revoke(@Nullable String authorization, @Nullable String contentType, String body) {
        return withClientAndToken(authorization, contentType, body, (client, token, f, now) -> {
            String hint = f.get("token_type_hint") == null ? "" : Text.trim(f.get("token_type_hint"));
            if (!hint.equals("refresh_token")) {
                registry.revokeAccessTokenOf(client.recordId, token, now);
            }
            if (!hint.equals("access_token")) {
                registry.revokeRefreshTokenOf(client.recordId, token, now);
            }
            return HttpAnswer.json(200, Map.of("revoked", true));
        });
    }

    /** What introspection or revocation does once the client is authenticated and the token read. */
    private interface ClientTokenRequest {
        HttpAnswer answer(OAuthClient client, String token, Map<String, String> fields, Instant now) throws OAuthError;
    }

    /**
     * The common part of introspection and revocation: the form (fields {@code token} and
     * {@code token_type_hint}), the client's authentication by its registered method, the required
     * {@code token}; a failure of any answers as the issuer does.
     */
    private HttpAnswer withClientAndToken(@Nullable String authorization, @Nullable String contentType, String body,
                                          ClientTokenRequest request) {
        Map<String, String> f;
        try {
            f = fields(contentType, body, with("token", "token_type_hint"), "token");
        } catch (Unparsable u) {
            return HttpAnswer.envelope(u.status, u.getMessage());
        }
        Instant now = registry.clock().instant();
        try {
            return request.answer(authenticate(authorization, f), required(f, "token"), f, now);
        } catch (OAuthError e) {
            return e.answer();
        }
    }
}
