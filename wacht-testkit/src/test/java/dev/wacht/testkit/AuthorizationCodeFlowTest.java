package dev.wacht.testkit;

import static dev.wacht.testkit.OAuthFlows.REDIRECT;
import static dev.wacht.testkit.OAuthFlows.VERIFIER;
import static dev.wacht.testkit.OAuthFlows.authorizeParams;
import static dev.wacht.testkit.OAuthFlows.params;
import static dev.wacht.testkit.OAuthFlows.redirectParams;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization-code flow (docs/oauth-issuer.md) end to end on the emulator: discovery, registration,
 * authorize and consent, token, refresh, introspection and revocation, and that the tokens are the ones the
 * gateway checks.
 */
class AuthorizationCodeFlowTest {
    static final String ISSUER = "https://auth.example.com";
    static final String RESOURCE = "https://mcp.example.com/mcp";
    /** Approves on a workspace: {@code mcp:invoke} is a workspace-category scope, so a user URN would drop it. */
    static final Consent APPROVE = Consent.approveAs("777").grantedResource("urn:wacht:workspace:42");

    MutableClock clock = new MutableClock(Instant.parse("2026-05-20T10:00:00Z"));
    WachtEmulator wacht;
    Http http;
    OAuthFlows flows;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.builder().issuer(ISSUER).clock(clock).oauthAppSlug("mcp-auth").start();
        wacht.defineScope(ScopeDefinition.workspace("mcp:invoke", "workspace:read"));
        wacht.defineScope(ScopeDefinition.of("notes:write", "personal", null, null));
        wacht.allowDynamicClientRegistration(true);
        http = new Http(wacht);
        flows = new OAuthFlows(wacht);
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    @Test
    void discoveryDocumentsAreExactlyWachts() {
        HttpResponse<String> as = http.send("GET", "/.well-known/oauth-authorization-server", null, null);
        assertThat(as.statusCode()).isEqualTo(200);
        assertThat(as.headers().firstValue("Cache-Control")).isEmpty();
        assertThat(as.body()).isEqualTo("{\"issuer\":\"https://auth.example.com\","
                + "\"authorization_endpoint\":\"https://auth.example.com/oauth/authorize\","
                + "\"token_endpoint\":\"https://auth.example.com/oauth/token\","
                + "\"revocation_endpoint\":\"https://auth.example.com/oauth/revoke\","
                + "\"introspection_endpoint\":\"https://auth.example.com/oauth/introspect\","
                + "\"registration_endpoint\":\"https://auth.example.com/oauth/register\","
                + "\"response_types_supported\":[\"code\"],"
                + "\"grant_types_supported\":[\"authorization_code\",\"refresh_token\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\","
                + "\"client_secret_jwt\",\"private_key_jwt\",\"none\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"scopes_supported\":[\"mcp:invoke\",\"notes:write\"]}");
        JsonObject oidc = Http.obj(http.send("GET", "/.well-known/openid-configuration", null, null));
        assertThat(oidc.getJsonArray("scopes_supported").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString)
                .containsExactly("openid", "profile", "email", "offline_access", "mcp:invoke", "notes:write");
        assertThat(oidc.getString("jwks_uri")).isEqualTo(ISSUER + "/.well-known/jwks.json");
        assertThat(http.send("GET", "/.well-known/oauth-protected-resource", null, null).body())
                .isEqualTo("{\"resource\":\"https://auth.example.com\",\"authorization_servers\":"
                        + "[\"https://auth.example.com\"],\"bearer_methods_supported\":[\"header\"],"
                        + "\"scopes_supported\":[\"mcp:invoke\",\"notes:write\"]}");
        HttpResponse<String> suffixed = http.send("GET", "/.well-known/oauth-authorization-server/mcp", null, null);
        assertThat(suffixed.statusCode()).isEqualTo(404);
        assertThat(suffixed.body()).isEqualTo("{\"errors\":[{\"message\":\"Not found\",\"code\":404}]}");
    }

    @Test
    void aPublicClientRunsTheWholeFlowAndItsTokensAreTheGatewaysTokens() {
        JsonObject registered = flows.register("{\"client_name\":\"Claude Code\",\"redirect_uris\":[\"" + REDIRECT
                + "\"],\"token_endpoint_auth_method\":\"none\",\"scope\":\"ignored\"}");
        assertThat(registered.keySet()).containsExactly("client_id", "client_name", "client_id_issued_at",
                "token_endpoint_auth_method", "grant_types", "redirect_uris", "registration_client_uri",
                "registration_access_token", "id_token_signed_response_alg");
        String clientId = registered.getString("client_id");
        assertThat(clientId).matches("oc_[A-Za-z0-9_-]{32}");
        assertThat(registered.getString("registration_access_token")).matches("orat_[A-Za-z0-9_-]{43}");
        assertThat(registered.getString("registration_client_uri")).isEqualTo(ISSUER + "/oauth/register/" + clientId);

        wacht.setConsent(APPROVE);
        HttpResponse<String> authorized = flows.authorize(authorizeParams(clientId, "resource", RESOURCE));
        assertThat(authorized.statusCode()).isEqualTo(302);
        assertThat(authorized.headers().firstValue("Location").orElseThrow())
                .matches("http://127\\.0\\.0\\.1:53123/callback\\?code=oac_[A-Za-z0-9_-]{43}&state=xyz"
                        + "&iss=https%3A%2F%2Fauth\\.example\\.com");
        String code = redirectParams(authorized).get("code");
        IssuedCode issued = wacht.authorizationCodes().get(0);
        assertThat(issued.clientId()).isEqualTo(clientId);
        assertThat(issued.grantedResource()).isEqualTo("urn:wacht:workspace:42");
        assertThat(issued.resource()).hasValue(RESOURCE);
        assertThat(issued.codeChallengeMethod()).hasValue("S256");
        assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(issued.consumedAt()).isEmpty();

        HttpResponse<String> exchanged = flows.token(params("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "client_id", clientId, "code_verifier", VERIFIER, "resource", "https://x"));
        assertThat(exchanged.statusCode()).isEqualTo(200);
        assertThat(exchanged.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(exchanged.headers().firstValue("Cache-Control")).isEmpty();
        JsonObject tokens = Http.obj(exchanged);
        assertThat(tokens.keySet()).containsExactly("access_token", "token_type", "expires_in", "refresh_token",
                "scope");
        assertThat(tokens.getString("access_token")).matches("oat_[A-Za-z0-9_-]{43}");
        assertThat(tokens.getString("token_type")).isEqualTo("Bearer");
        assertThat(tokens.getInt("expires_in")).isEqualTo(3600);
        assertThat(tokens.getString("refresh_token")).matches("ort_[A-Za-z0-9_-]{43}");
        assertThat(tokens.getString("scope")).isEqualTo("mcp:invoke");
        assertThat(wacht.authorizationCodes().get(0).consumedAt()).hasValue(clock.instant());

        // The gateway knows the token: the granted URN, the RFC 8707 resource from /authorize, mapped permissions.
        JsonObject check = Http.obj(http.checkToken(tokens.getString("access_token"), "workspace:read"));
        assertThat(check.getBoolean("allowed")).isTrue();
        assertThat(check.getJsonObject("identity").getString("owner_user_id")).isEqualTo("777");
        assertThat(check.getJsonObject("identity").getString("key_name")).isEqualTo(clientId);
        assertThat(check.getJsonObject("metadata").getString("oauth_resource")).isEqualTo(RESOURCE);
        assertThat(check.getJsonObject("metadata").getString("granted_resource")).isEqualTo("urn:wacht:workspace:42");

        // Introspection by the same (public) client.
        HttpResponse<String> introspected = flows.post("/oauth/introspect", null,
                params("token", tokens.getString("access_token"), "client_id", clientId));
        assertThat(introspected.body()).isEqualTo("{\"active\":true,\"scope\":\"mcp:invoke\",\"client_id\":\""
                + clientId + "\",\"token_type\":\"Bearer\",\"iss\":\"https://auth.example.com\","
                + "\"aud\":\"urn:wacht:workspace:42\",\"exp\":" + clock.instant().plusSeconds(3600).getEpochSecond()
                + ",\"iat\":" + clock.instant().getEpochSecond() + ",\"nbf\":" + clock.instant().getEpochSecond()
                + ",\"sub\":\"oauth_777\",\"resource\":\"https://mcp.example.com/mcp\","
                + "\"granted_resource\":\"urn:wacht:workspace:42\"}");

        // The grant is the one the management routes and the Java API report; revoking it ends the token.
        IssuedGrant grant = wacht.grants().get(0);
        assertThat(grant.id()).isEqualTo(issued.grantId());
        assertThat(grant.scopes()).containsExactly("mcp:invoke");
        wacht.revokeGrant(grant.id());
        assertThat(http.checkToken(tokens.getString("access_token")).statusCode()).isEqualTo(401);
        assertThat(flows.post("/oauth/introspect", null, params("token", tokens.getString("access_token"),
                "client_id", clientId)).body()).isEqualTo("{\"active\":false}");
        HttpResponse<String> refused = flows.token(params("grant_type", "refresh_token", "refresh_token",
                tokens.getString("refresh_token"), "client_id", clientId));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"error\":\"invalid_grant\"}");
    }

    @Test
    void refreshRotatesAndAReplayRevokesTheLaterRefreshTokensButNoAccessToken() {
        String clientId = flows.registerPublicClient();
        wacht.setConsent(APPROVE);
        JsonObject first = flows.exchange(clientId, flows.code(authorizeParams(clientId)));

        HttpResponse<String> rotated = flows.token(params("grant_type", "refresh_token", "refresh_token",
                first.getString("refresh_token"), "client_id", clientId));
        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonObject second = Http.obj(rotated);
        assertThat(second.getString("access_token")).isNotEqualTo(first.getString("access_token"));
        assertThat(second.getString("refresh_token")).isNotEqualTo(first.getString("refresh_token"));
        assertThat(second.getString("scope")).isEqualTo("mcp:invoke");
        assertThat(second.containsKey("id_token")).isFalse();
        assertThat(http.checkToken(first.getString("access_token")).statusCode()).isEqualTo(200); // not revoked

        HttpResponse<String> replay = flows.token(params("grant_type", "refresh_token", "refresh_token",
                first.getString("refresh_token"), "client_id", clientId));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).isEqualTo("{\"error\":\"invalid_grant\"}");
        HttpResponse<String> descendant = flows.token(params("grant_type", "refresh_token", "refresh_token",
                second.getString("refresh_token"), "client_id", clientId));
        assertThat(descendant.statusCode()).isEqualTo(400);
        assertThat(descendant.body()).isEqualTo("{\"error\":\"invalid_grant\"}");
        // Access tokens are not revoked by reuse detection.
        assertThat(http.checkToken(second.getString("access_token")).statusCode()).isEqualTo(200);
    }

    @Test
    void refreshNarrowsScopesForGoodAndRefreshTokensLastThirtyDaysFromTheirOwnIssue() {
        String clientId = flows.registerPublicClient();
        wacht.setConsent(APPROVE.scopes("mcp:invoke", "notes:write")); // as posted, past the frontend's filter
        JsonObject first = flows.exchange(clientId, flows.code(authorizeParams(clientId, "scope",
                "mcp:invoke notes:write")));
        assertThat(first.getString("scope")).isEqualTo("mcp:invoke notes:write");
        HttpResponse<String> wider = flows.token(params("grant_type", "refresh_token", "refresh_token",
                first.getString("refresh_token"), "client_id", clientId, "scope", "mcp:invoke openid"));
        assertThat(wider.body()).isEqualTo("{\"error\":\"invalid_scope\",\"error_description\":"
                + "\"requested scope is not a subset of original grant\"}");
        JsonObject narrowed = Http.obj(flows.token(params("grant_type", "refresh_token", "refresh_token",
                first.getString("refresh_token"), "client_id", clientId, "scope", "notes:write")));
        assertThat(narrowed.getString("scope")).isEqualTo("notes:write");
        HttpResponse<String> widenAgain = flows.token(params("grant_type", "refresh_token", "refresh_token",
                narrowed.getString("refresh_token"), "client_id", clientId, "scope", "mcp:invoke"));
        assertThat(widenAgain.statusCode()).isEqualTo(400);

        JsonObject fresh = flows.exchange(clientId, flows.code(authorizeParams(clientId)));
        clock.advance(Duration.ofDays(30));
        HttpResponse<String> expired = flows.token(params("grant_type", "refresh_token", "refresh_token",
                fresh.getString("refresh_token"), "client_id", clientId));
        assertThat(expired.body()).isEqualTo("{\"error\":\"invalid_grant\"}");
    }

    @Test
    void jwtClientsGetJwtAccessTokensAndOpenidAddsAnIdToken() throws Exception {
        String clientId = flows.registerPublicClient();
        String recordId = null;
        for (jakarta.json.JsonValue c : Http.obj(flows.json("GET", "/oauth/apps/mcp-auth/clients",
                wacht.backendApiKey(), null)).getJsonArray("clients")) {
            if (c.asJsonObject().getString("client_id").equals(clientId)) {
                recordId = c.asJsonObject().getString("id");
                assertThat(c.asJsonObject().getJsonArray("redirect_uris").getString(0)).isEqualTo(REDIRECT);
            }
        }
        assertThat(flows.json("PATCH", "/oauth/apps/mcp-auth/clients/" + recordId, wacht.backendApiKey(),
                "{\"access_token_format\":\"jwt\",\"access_token_ttl_seconds\":600}").statusCode()).isEqualTo(200);
        wacht.setConsent(Consent.approveAs("9").grantedResource("urn:wacht:workspace:5"));
        JsonObject tokens = flows.exchange(clientId, flows.code(authorizeParams(clientId, "scope",
                "openid mcp:invoke", "nonce", "n-0S6")));
        assertThat(tokens.keySet()).containsExactly("access_token", "token_type", "expires_in", "refresh_token",
                "scope", "id_token");
        assertThat(tokens.getInt("expires_in")).isEqualTo(600);
        String jwt = tokens.getString("access_token");
        JsonObject claims = OAuthIssuerTest.part(jwt, 1);
        assertThat(claims.getString("iss")).isEqualTo(ISSUER);
        assertThat(claims.getString("sub")).isEqualTo("9");
        assertThat(claims.getString("aud")).isEqualTo("urn:wacht:workspace:5");
        assertThat(claims.getString("client_id")).isEqualTo(clientId);
        assertThat(claims.getString("scope")).isEqualTo("openid mcp:invoke");
        assertThat(claims.getString("token_use")).isEqualTo("access_token");
        assertThat(claims.getJsonNumber("exp").longValue() - claims.getJsonNumber("iat").longValue()).isEqualTo(600);
        JsonObject id = OAuthIssuerTest.part(tokens.getString("id_token"), 1);
        assertThat(id.getString("aud")).isEqualTo(clientId);
        assertThat(id.getString("nonce")).isEqualTo("n-0S6");
        assertThat(id.containsKey("token_use")).isFalse();
        // A JWT has no row: the gateway refuses it and introspection calls it inactive; revoking the grant
        // leaves it valid until it expires.
        assertThat(http.checkToken(jwt).statusCode()).isEqualTo(401);
        assertThat(flows.post("/oauth/introspect", null, params("token", jwt, "client_id", clientId)).body())
                .isEqualTo("{\"active\":false}");
        assertThat(Base64.getUrlDecoder().decode(jwt.split("\\.", -1)[2])).hasSize(256);
    }

    @Test
    void theConsentPageApprovesWithTheScopesAPersonTicks() {
        String clientId = flows.registerPublicClient();
        HttpResponse<String> toPage = flows.authorize(authorizeParams(clientId, "scope", "mcp:invoke notes:write"));
        assertThat(toPage.statusCode()).isEqualTo(307);
        String location = toPage.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(java.util.regex.Pattern.quote(wacht.baseUrl().toString())
                + "/oauth/consent/init\\?handoff_id=och_[A-Za-z0-9]{24}");
        String handoff = location.substring(location.indexOf('=') + 1);
        HttpResponse<String> page = http.send("GET", location.substring(wacht.baseUrl().toString().length()), null,
                null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("Authorize Test MCP client", "value=\"mcp:invoke\" checked",
                "value=\"notes:write\" checked", "name=\"handoff_id\" value=\"" + handoff + "\"");

        // Only one box was ticked.
        HttpResponse<String> decided = flows.post("/oauth/consent/decide", null, params("handoff_id", handoff,
                "scopes_listed", "1", "scope", "notes:write", "user_id", "41", "granted_resource",
                "urn:wacht:user:41", "action", "approve"));
        assertThat(decided.statusCode()).isEqualTo(302);
        assertThat(redirectParams(decided)).containsOnlyKeys("code", "state", "iss");
        IssuedCode code = wacht.authorizationCodes().get(0);
        assertThat(code.userId()).isEqualTo("41");
        assertThat(code.scopes()).containsExactly("notes:write");
        // The hand-off is used up.
        assertThat(flows.post("/oauth/consent/decide", null, params("handoff_id", handoff, "action", "approve",
                "user_id", "41")).statusCode()).isEqualTo(404);

        // A workspace URN drops the personal-category scope, as Wacht's frontend API does.
        HttpResponse<String> again = flows.authorize(authorizeParams(clientId, "scope", "mcp:invoke notes:write"));
        String second = again.headers().firstValue("Location").orElseThrow().replaceAll(".*=", "");
        HttpResponse<String> workspace = flows.post("/oauth/consent/decide", null, params("handoff_id", second,
                "user_id", "41", "granted_resource", "urn:wacht:workspace:7", "action", "APPROVE"));
        assertThat(workspace.statusCode()).isEqualTo(302);
        assertThat(wacht.authorizationCodes().get(0).scopes()).containsExactly("mcp:invoke");

        HttpResponse<String> third = flows.authorize(authorizeParams(clientId));
        HttpResponse<String> denied = flows.post("/oauth/consent/decide", null, params("handoff_id",
                third.headers().firstValue("Location").orElseThrow().replaceAll(".*=", ""), "action", "deny"));
        assertThat(denied.statusCode()).isEqualTo(302);
        assertThat(denied.headers().firstValue("Location")).hasValue(REDIRECT
                + "?error=access_denied&state=xyz&iss=https%3A%2F%2Fauth.example.com");
    }

    @Test
    void denyAndPromptNoneAreSelectableByTests() {
        String clientId = flows.registerPublicClient();
        wacht.setConsent(Consent.deny());
        HttpResponse<String> denied = flows.authorize(authorizeParams(clientId));
        assertThat(denied.statusCode()).isEqualTo(302);
        assertThat(denied.headers().firstValue("Location")).hasValue(REDIRECT
                + "?error=access_denied&state=xyz&iss=https%3A%2F%2Fauth.example.com");

        wacht.setConsent(APPROVE);
        HttpResponse<String> none = flows.authorize(authorizeParams(clientId, "prompt", "none"));
        assertThat(none.statusCode()).isEqualTo(302);
        assertThat(none.headers().firstValue("Location")).hasValue(REDIRECT + "?error=consent_required"
                + "&error_description=No+existing+consent+covers+the+requested+scopes&state=xyz"
                + "&iss=https%3A%2F%2Fauth.example.com");
        assertThat(wacht.grants()).isEmpty();

        flows.code(authorizeParams(clientId)); // consent once
        assertThat(wacht.grants()).hasSize(1);
        HttpResponse<String> covered = flows.authorize(authorizeParams(clientId, "prompt", "none"));
        assertThat(redirectParams(covered)).containsKey("code");
        assertThat(wacht.grants()).hasSize(1); // the covering grant is reused

        wacht.setConsent(APPROVE.scopes());
        HttpResponse<String> noScopes = flows.authorize(authorizeParams(clientId));
        JsonObject tokens = flows.exchange(clientId, redirectParams(noScopes).get("code"));
        assertThat(tokens.getString("scope")).isEmpty();
        wacht.setConsent(APPROVE.scopes("profile"));
        HttpResponse<String> disjoint = flows.authorize(authorizeParams(clientId));
        assertThat(disjoint.statusCode()).isEqualTo(400);
        assertThat(disjoint.body()).isEqualTo("{\"errors\":[{\"message\":\"invalid_scope\",\"code\":400}]}");
    }

    @Test
    void aConfidentialClientAuthenticatesByItsMethodAndMayUseNoPkce() {
        MintedClient basic = wacht.createClient("client_secret_basic", List.of(REDIRECT));
        MintedClient post = wacht.createClient("client_secret_post", List.of(REDIRECT));
        wacht.setConsent(Consent.approveAs("3"));
        Map<String, String> noPkce = params("response_type", "code", "client_id", basic.clientId(),
                "redirect_uri", REDIRECT);
        String code = flows.code(noPkce);
        HttpResponse<String> ok = flows.post("/oauth/token", OAuthFlows.basic(basic.clientId(),
                basic.clientSecret().orElseThrow()), params("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Http.obj(ok).getString("scope")).isEmpty();

        noPkce.put("client_id", post.clientId());
        String postCode = flows.code(noPkce);
        HttpResponse<String> viaForm = flows.token(params("grant_type", "authorization_code", "code", postCode,
                "redirect_uri", REDIRECT, "client_id", post.clientId(), "client_secret",
                " " + post.clientSecret().orElseThrow() + " "));
        assertThat(viaForm.statusCode()).as(viaForm.body()).isEqualTo(200);

        // Revocation of the refresh token only, by its client.
        JsonObject tokens = Http.obj(viaForm);
        HttpResponse<String> revoked = flows.post("/oauth/revoke", null, params("token",
                tokens.getString("refresh_token"), "token_type_hint", "refresh_token", "client_id", post.clientId(),
                "client_secret", post.clientSecret().orElseThrow()));
        assertThat(revoked.body()).isEqualTo("{\"revoked\":true}");
        assertThat(flows.token(params("grant_type", "refresh_token", "refresh_token", tokens.getString("refresh_token"),
                "client_id", post.clientId(), "client_secret", post.clientSecret().orElseThrow())).body())
                .isEqualTo("{\"error\":\"invalid_grant\"}");
        assertThat(http.checkToken(tokens.getString("access_token")).statusCode()).isEqualTo(200);
        flows.post("/oauth/revoke", null, params("token", tokens.getString("access_token"), "client_id",
                post.clientId(), "client_secret", post.clientSecret().orElseThrow()));
        assertThat(http.checkToken(tokens.getString("access_token")).statusCode()).isEqualTo(401);
    }

    @Test
    void adminRoutesSetConsentAndRegistrationAndReportCodesAndGrants() {
        assertThat(http.admin("GET", "/oauth/consent", null).body())
                .isEqualTo("{\"mode\":\"page\",\"user_id\":null,\"granted_resource\":null,\"scopes\":null}");
        assertThat(http.admin("POST", "/oauth/consent", "{\"mode\":\"approve\",\"user_id\":\"8\","
                + "\"granted_resource\":\"urn:wacht:workspace:3\",\"scopes\":[\"mcp:invoke\"]}").body())
                .isEqualTo("{\"mode\":\"approve\",\"user_id\":\"8\",\"granted_resource\":\"urn:wacht:workspace:3\","
                        + "\"scopes\":[\"mcp:invoke\"]}");
        assertThat(wacht.consent()).isEqualTo(Consent.approveAs("8").grantedResource("urn:wacht:workspace:3")
                .scopes("mcp:invoke"));
        assertThat(http.admin("POST", "/oauth/consent", "{\"mode\":\"approve\"}").statusCode()).isEqualTo(400);
        assertThat(http.admin("POST", "/oauth/consent", "{\"mode\":\"approve\",\"user_id\":\"8\","
                + "\"granted_resource\":\"urn:wacht:team:1\"}").body())
                .isEqualTo("{\"error\":\"granted_resource must be a canonical Wacht URN (e.g. urn:wacht:workspace:123)\"}");
        assertThat(http.admin("POST", "/oauth/consent", "{\"mode\":\"deny\",\"user_id\":\"8\"}").statusCode())
                .isEqualTo(400);

        String clientId = flows.registerPublicClient();
        flows.code(authorizeParams(clientId, "resource", RESOURCE));
        JsonObject code = Http.obj(http.admin("GET", "/oauth/codes", null)).getJsonArray("codes").getJsonObject(0);
        assertThat(code.getString("client_id")).isEqualTo(clientId);
        assertThat(code.getString("user_id")).isEqualTo("8");
        assertThat(code.getString("resource")).isEqualTo(RESOURCE);
        assertThat(code.isNull("consumed_at")).isTrue();
        JsonObject grant = Http.obj(http.admin("GET", "/oauth/grants", null)).getJsonArray("grants").getJsonObject(0);
        assertThat(grant.getString("grant_id")).isEqualTo(code.getString("grant_id"));
        assertThat(grant.getString("status")).isEqualTo("active");

        assertThat(http.admin("POST", "/oauth/registration", "{\"enabled\":false}").body())
                .isEqualTo("{\"enabled\":false}");
        assertThat(http.admin("POST", "/oauth/registration", "{}").statusCode()).isEqualTo(400);
        wacht.reset();
        assertThat(wacht.consent()).isEqualTo(Consent.page());
        assertThat(wacht.authorizationCodes()).isEmpty();
        assertThat(wacht.grants()).isEmpty();
    }
}
