package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OAuth access tokens and API keys at the gateway (docs/wacht-wire.md, "How the gateway decides", "Gateway answer"). */
class PrincipalTest {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    WachtEmulator wacht;
    Http http;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.builder().clock(clock).deploymentId("77").start();
        http = new Http(wacht);
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    static List<String> strings(JsonObject o, String key) {
        return o.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void mintedTokenFormatAndDefaults() {
        MintedToken t = wacht.mintToken();
        assertThat(t.accessToken()).matches("oat_[A-Za-z0-9_-]{43}");
        assertThat(t.clientId()).isEqualTo(wacht.defaultClientId()).startsWith("oc_");
        assertThat(t.clientRecordId()).isEqualTo(wacht.defaultClientRecordId()).matches("[0-9]+");
        assertThat(t.userId()).isEqualTo("1");
        assertThat(t.grantedResource()).isEqualTo("urn:wacht:user:1");
        assertThat(t.scopes()).isEmpty();
        assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(t.grantId()).matches("[0-9]+");
        assertThat(wacht.issuer()).isEqualTo(wacht.baseUrl().toString());
    }

    @Test
    void oauthTokenIsTrimmedAndAllowed() {
        MintedToken t = wacht.mintToken("profile");
        HttpResponse<String> r = http.checkToken("  " + t.accessToken() + "\n");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject o = Http.obj(r);
        assertThat(o.getBoolean("allowed")).isTrue();
        assertThat(o.getJsonObject("identity").getString("app_slug")).isEqualTo("oauth_1");
        assertThat(o.getJsonObject("headers").getString("x-wacht-oauth-issuer")).isEqualTo(wacht.baseUrl().toString());
        assertThat(o.getJsonObject("metadata").getString("granted_resource")).isEqualTo("urn:wacht:user:1");
        assertThat(o.getJsonObject("headers").containsKey("x-wacht-oauth-resource")).isFalse();
    }

    @Test
    void oauthResourceIsReportedWhenPresent() {
        MintedToken t = wacht.mintToken(TokenRequest.builder().oauthResource("https://mcp.example.com")
                .scopes("a", "b", "a").build());
        JsonObject o = Http.obj(http.checkToken(t.accessToken()));
        assertThat(o.getJsonObject("metadata").getString("oauth_resource")).isEqualTo("https://mcp.example.com");
        assertThat(o.getJsonObject("headers").getString("x-wacht-oauth-resource")).isEqualTo("https://mcp.example.com");
        assertThat(o.getJsonObject("headers").getString("x-wacht-scopes")).isEqualTo("a,b");
        assertThat(strings(o.getJsonObject("metadata"), "scopes")).containsExactly("a", "b");
    }

    @Test
    void tokenWithoutScopesHasNoScopeOrPermissionHeaders() {
        MintedToken t = wacht.mintToken();
        JsonObject o = Http.obj(http.checkToken(t.accessToken()));
        assertThat(o.getJsonObject("headers").keySet()).doesNotContain("x-wacht-scopes", "x-wacht-permissions");
        assertThat(o.getJsonArray("permissions")).isEmpty();
    }

    @Test
    void invalidHeaderValuesBecomeInvalid() {
        MintedToken t = wacht.mintToken(TokenRequest.builder().oauthResource("https://exämple.com").build());
        JsonObject o = Http.obj(http.checkToken(t.accessToken()));
        assertThat(o.getJsonObject("headers").getString("x-wacht-oauth-resource")).isEqualTo("invalid");
        assertThat(o.getJsonObject("metadata").getString("oauth_resource")).isEqualTo("https://exämple.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "oat_unknown", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "a.b.c", "..",
        "not-a-token"})
    void unusableOAuthTokensGetTheEnvelope(String value) {
        RequestValidationTest.assertEnvelope(http.checkToken(value), 401);
    }

    @Test
    void jwtShapedTokensAreRejectedEvenIfTheyWereKnown() {
        RequestValidationTest.assertEnvelope(http.checkToken(wacht.mintToken().accessToken() + ".x.y"), 401);
    }

    @Test
    void expiryIsCheckedAgainstTheClock() {
        MintedToken t = wacht.mintToken(TokenRequest.builder().expiresIn(Duration.ofMinutes(5)).build());
        assertThat(http.checkToken(t.accessToken()).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));
        RequestValidationTest.assertEnvelope(http.checkToken(t.accessToken()), 401);
    }

    @Test
    void revokedAndExpiredTokensFail() {
        MintedToken a = wacht.mintToken();
        MintedToken b = wacht.mintToken();
        wacht.revokeToken(a.accessToken());
        wacht.expireToken(b.accessToken());
        RequestValidationTest.assertEnvelope(http.checkToken(a.accessToken()), 401);
        RequestValidationTest.assertEnvelope(http.checkToken(b.accessToken()), 401);
        assertThatThrownBy(() -> wacht.revokeToken("oat_nope")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void revokingAGrantFailsAllItsTokensButNotOthers() {
        MintedToken first = wacht.mintToken("s");
        MintedToken second = wacht.mintToken(TokenRequest.builder().grantId(first.grantId()).build());
        MintedToken other = wacht.mintToken("s");
        assertThat(second.grantId()).isEqualTo(first.grantId());
        assertThat(second.scopes()).containsExactly("s");
        assertThat(other.grantId()).isNotEqualTo(first.grantId());
        wacht.revokeGrant(first.grantId());
        RequestValidationTest.assertEnvelope(http.checkToken(first.accessToken()), 401);
        RequestValidationTest.assertEnvelope(http.checkToken(second.accessToken()), 401);
        assertThat(http.checkToken(other.accessToken()).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> wacht.revokeGrant("424242")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void expiredGrantFailsItsTokens() {
        MintedToken t = wacht.mintToken();
        wacht.expireGrant(t.grantId());
        RequestValidationTest.assertEnvelope(http.checkToken(t.accessToken()), 401);
    }

    @Test
    void mintingOnAGrantRejectsConflicts() {
        MintedToken t = wacht.mintToken("a");
        assertThatThrownBy(() -> wacht.mintToken(TokenRequest.builder().grantId(t.grantId()).scopes("b").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wacht.mintToken(TokenRequest.builder().grantId(t.grantId()).userId("2").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wacht.mintToken(TokenRequest.builder().grantId("999").build()))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> wacht.mintToken(TokenRequest.builder().grantedResource("urn:other:1").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientsAreCreatedOnDemandAndReused() {
        MintedToken a = wacht.mintToken(TokenRequest.builder().clientId("oc_custom").clientRecordId("77").build());
        MintedToken b = wacht.mintToken(TokenRequest.builder().clientId("oc_custom").build());
        MintedToken c = wacht.mintToken(TokenRequest.builder().clientRecordId("77").build());
        assertThat(b.clientRecordId()).isEqualTo("77");
        assertThat(c.clientId()).isEqualTo("oc_custom");
        assertThat(a.clientId()).isEqualTo("oc_custom");
        JsonObject identity = Http.obj(http.checkToken(b.accessToken())).getJsonObject("identity");
        assertThat(identity.getString("key_id")).isEqualTo("77");
        assertThat(identity.getString("key_name")).isEqualTo("oc_custom");
        assertThatThrownBy(() -> wacht.mintToken(TokenRequest.builder().clientId("oc_custom").clientRecordId("78")
                .build())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void userUrnMustNameTheTokensUser() {
        MintedToken mismatch = wacht.mintToken(TokenRequest.builder().userId("5").grantedResource("urn:wacht:user:6")
                .build());
        RequestValidationTest.assertEnvelope(http.checkToken(mismatch.accessToken()), 401);
    }

    @Test
    void scopesMapThroughDefinitionsOfTheGrantedResourceType() {
        wacht.defineScope(ScopeDefinition.workspace("mcp:invoke", "workspace:read"));
        wacht.defineScope(ScopeDefinition.organization("org:admin", "organization:manage"));
        wacht.defineScope(ScopeDefinition.of("both", "workspace", "organization:x", "workspace:x"));
        wacht.defineScope(ScopeDefinition.of("personal", "personal", "organization:p", "workspace:p"));
        wacht.defineScope(ScopeDefinition.of("plain", "", "organization:q", "workspace:q"));
        List<String> scopes = List.of("mcp:invoke", "org:admin", "both", "personal", "plain", "unmapped");

        MintedToken ws = wacht.mintToken(TokenRequest.builder().scopes(scopes).grantedResource("urn:wacht:workspace:9")
                .build());
        MintedToken org = wacht.mintToken(TokenRequest.builder().scopes(scopes)
                .grantedResource("urn:wacht:organization:3").build());
        MintedToken user = wacht.mintToken(TokenRequest.builder().scopes(scopes).build());

        JsonObject w = Http.obj(http.checkToken(ws.accessToken(), "workspace:read", "workspace:x"));
        assertThat(w.getBoolean("allowed")).isTrue();
        assertThat(strings(w, "permissions")).containsExactly("both", "mcp:invoke", "org:admin", "personal", "plain",
                "unmapped", "workspace:read", "workspace:x");
        assertThat(w.getJsonObject("headers").getString("x-wacht-permissions"))
                .isEqualTo("both,mcp:invoke,org:admin,personal,plain,unmapped,workspace:read,workspace:x");

        JsonObject o = Http.obj(http.checkToken(org.accessToken()));
        assertThat(strings(o, "permissions")).containsExactly("both", "mcp:invoke", "org:admin", "organization:manage",
                "personal", "plain", "unmapped");

        JsonObject u = Http.obj(http.checkToken(user.accessToken()));
        assertThat(strings(u, "permissions")).containsExactlyElementsOf(scopes.stream().sorted().toList());
    }

    @Test
    void mappedPermissionsAreDeduplicated() {
        wacht.defineScope(ScopeDefinition.workspace("a", "shared"));
        wacht.defineScope(ScopeDefinition.workspace("b", "shared"));
        MintedToken t = wacht.mintToken(TokenRequest.builder().scopes("b", "a", "shared")
                .grantedResource("urn:wacht:workspace:1").build());
        assertThat(strings(Http.obj(http.checkToken(t.accessToken())), "permissions")).containsExactly("a", "b",
                "shared");
    }

    // ------------------------------------------------------------ API keys

    @Test
    void apiKeyFormatAndDefaults() {
        MintedApiKey k = wacht.mintApiKey("read");
        assertThat(k.apiKey()).matches("wk_test_[A-Za-z0-9_-]{43}");
        assertThat(k.appSlug()).isEqualTo("aa_77");
        assertThat(k.keyName()).isEqualTo("test-key");
        JsonObject o = Http.obj(http.checkKey(" " + k.apiKey() + " ", "read"));
        assertThat(o.getBoolean("allowed")).isTrue();
        JsonObject identity = o.getJsonObject("identity");
        assertThat(identity.getString("key_id")).isEqualTo(k.keyId());
        assertThat(identity.getString("owner_user_id")).isEqualTo("1");
        assertThat(identity.isNull("organization_id")).isTrue();
        assertThat(o.getJsonObject("metadata")).isEmpty();
        assertThat(o.getJsonObject("headers").keySet()).containsExactly("x-wacht-key-id", "x-wacht-key-name",
                "x-wacht-deployment-id", "x-wacht-app-slug", "x-wacht-permissions", "x-ratelimit-60s-limit",
                "x-ratelimit-60s-remaining");
    }

    static java.util.stream.Stream<String> badKeys() {
        return java.util.stream.Stream.of("", "  ", "short", "wk_test_tooShort",
                "wk_test_" + "a".repeat(42) + "!",   // an invalid character among the last 43
                "wk_test_" + "a".repeat(20) + "." + "a".repeat(22),
                "a".repeat(45));                      // one character too short
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("badKeys")
    void badApiKeyFormatGetsTheEnvelope(String value) {
        RequestValidationTest.assertEnvelope(http.checkKey(value), 401);
    }

    @Test
    void wellFormedButUnknownOrRevokedKeysArePlainText() {
        HttpResponse<String> unknown = http.checkKey("x".repeat(3) + "A".repeat(43));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo("Invalid API key");
        MintedApiKey k = wacht.mintApiKey();
        wacht.revokeApiKey(k.apiKey());
        HttpResponse<String> revoked = http.checkKey(k.apiKey());
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).isEqualTo("Invalid API key");
        assertThat(revoked.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        MintedApiKey k2 = wacht.mintApiKey();
        wacht.revokeApiKeyById(k2.keyId());
        assertThat(http.checkKey(k2.apiKey()).body()).isEqualTo("Invalid API key");
    }

    @Test
    void expiredKeyGetsTheEnvelope() {
        MintedApiKey k = wacht.mintApiKey(ApiKeyRequest.builder().expiresIn(Duration.ofSeconds(30)).build());
        assertThat(http.checkKey(k.apiKey()).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        RequestValidationTest.assertEnvelope(http.checkKey(k.apiKey()), 401);
    }

    @Test
    void apiKeyMetadataIsFreeFormAndNeverSpoofsPrincipalType() {
        MintedApiKey k = wacht.mintApiKey(ApiKeyRequest.builder()
                .metadata("principal_type", "oauth_access_token")
                .metadata("b", "2")
                .metadata("a", "1")
                .metadata("n", 1.5)
                .metadata("flag", false)
                .build());
        JsonObject o = Http.obj(http.checkKey(k.apiKey()));
        assertThat(o.getJsonObject("metadata").getString("principal_type")).isEqualTo("oauth_access_token");
        assertThat(o.getJsonObject("metadata").getJsonNumber("n").doubleValue()).isEqualTo(1.5);
        assertThat(o.getJsonObject("headers").getString("x-wacht-metadata"))
                .isEqualTo("a=1,b=2,principal_type=oauth_access_token");
        assertThat(o.getJsonObject("headers").containsKey("x-wacht-principal-type")).isFalse();
    }

    @Test
    void apiKeyEffectivePermissionsMergeRolePermissions() {
        MintedApiKey k = wacht.mintApiKey(ApiKeyRequest.builder()
                .permissions("z", "a")
                .organizationPermissions(List.of("org:read", "a"))
                .workspacePermissions(List.of("ws:write"))
                .build());
        JsonObject o = Http.obj(http.checkKey(k.apiKey(), "org:read", "ws:write", "z"));
        assertThat(o.getBoolean("allowed")).isTrue();
        assertThat(strings(o, "permissions")).containsExactly("a", "org:read", "ws:write", "z");
    }

    @Test
    void apiKeyIdsMustBeUnique() {
        wacht.mintApiKey(ApiKeyRequest.builder().keyId("5").build());
        assertThatThrownBy(() -> wacht.mintApiKey(ApiKeyRequest.builder().keyId("5").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyRequest.builder().metadata("x", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
