package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reproduces the answer forms of docs/wacht-wire.md ("Answer forms") field for field. */
class GoldenResponseTest {
    static final String CLIENT_ID = "oc_4PtfGoldenClient0001";

    static final String ALLOWED = """
            {"request_id":"req_7312","allowed":true,"reason":null,"blocked_rule":null,
             "identity":{"key_id":"9001","deployment_id":"456","app_slug":"oauth_777","key_name":"oc_4PtfGoldenClient0001",
               "owner_user_id":"777","organization_id":null,"workspace_id":null,
               "organization_membership_id":null,"workspace_membership_id":null},
             "permissions":["mcp:invoke","workspace:read"],
             "metadata":{"principal_type":"oauth_access_token","scopes":["mcp:invoke"],"oauth_resource":null,
               "granted_resource":"urn:wacht:workspace:42","expires_at":"2026-05-20T11:00:00Z"},
             "rate_limits":[{"rule":"1000/60s","remaining":999,"limit":1000}],"retry_after":null,
             "headers":{"x-wacht-principal-type":"oauth_access_token","x-wacht-deployment-id":"456",
               "x-wacht-app-slug":"oauth_777","x-wacht-oauth-client-id":"oc_4PtfGoldenClient0001",
               "x-wacht-oauth-issuer":"https://auth.example.com","x-wacht-granted-resource":"urn:wacht:workspace:42",
               "x-wacht-oauth-audience":"urn:wacht:workspace:42","x-wacht-scopes":"mcp:invoke",
               "x-wacht-permissions":"mcp:invoke,workspace:read",
               "x-ratelimit-60s-limit":"1000","x-ratelimit-60s-remaining":"999"}}
            """;

    static final String PERMISSION_DENIED = """
            {"request_id":"req_7312","allowed":false,"reason":"permission_denied","blocked_rule":"permission_denied",
             "identity":{"key_id":"9001","deployment_id":"456","app_slug":"oauth_777","key_name":"oc_4PtfGoldenClient0001",
               "owner_user_id":"777","organization_id":null,"workspace_id":null,
               "organization_membership_id":null,"workspace_membership_id":null},
             "permissions":["mcp:invoke","workspace:read"],
             "metadata":{"principal_type":"oauth_access_token","scopes":["mcp:invoke"],"oauth_resource":null,
               "granted_resource":"urn:wacht:workspace:42","expires_at":"2026-05-20T11:00:00Z"},
             "rate_limits":[],"retry_after":null,
             "headers":{"x-wacht-principal-type":"oauth_access_token","x-wacht-deployment-id":"456",
               "x-wacht-app-slug":"oauth_777","x-wacht-oauth-client-id":"oc_4PtfGoldenClient0001",
               "x-wacht-oauth-issuer":"https://auth.example.com","x-wacht-granted-resource":"urn:wacht:workspace:42",
               "x-wacht-oauth-audience":"urn:wacht:workspace:42","x-wacht-scopes":"mcp:invoke",
               "x-wacht-permissions":"mcp:invoke,workspace:read","x-wacht-permission-denied":"true"}}
            """;

    static final String RATE_LIMITED = """
            {"request_id":"req_7312","allowed":false,"reason":"rate_limited","blocked_rule":"1000/60s",
             "identity":{"key_id":"9001","deployment_id":"456","app_slug":"oauth_777","key_name":"oc_4PtfGoldenClient0001",
               "owner_user_id":"777","organization_id":null,"workspace_id":null,
               "organization_membership_id":null,"workspace_membership_id":null},
             "permissions":["mcp:invoke","workspace:read"],
             "metadata":{"principal_type":"oauth_access_token","scopes":["mcp:invoke"],"oauth_resource":null,
               "granted_resource":"urn:wacht:workspace:42","expires_at":"2026-05-20T11:00:00Z"},
             "rate_limits":[{"rule":"1000/60s","remaining":0,"limit":1000}],"retry_after":60000,
             "headers":{"x-wacht-principal-type":"oauth_access_token","x-wacht-deployment-id":"456",
               "x-wacht-app-slug":"oauth_777","x-wacht-oauth-client-id":"oc_4PtfGoldenClient0001",
               "x-wacht-oauth-issuer":"https://auth.example.com","x-wacht-granted-resource":"urn:wacht:workspace:42",
               "x-wacht-oauth-audience":"urn:wacht:workspace:42","x-wacht-scopes":"mcp:invoke",
               "x-wacht-permissions":"mcp:invoke,workspace:read",
               "x-ratelimit-60s-limit":"1000","x-ratelimit-60s-remaining":"0","x-ratelimit-60s-reset":"60000"}}
            """;

    static final String ENVELOPE = """
            {"request_id":"req_731","allowed":false,"reason":null,"blocked_rule":null,"identity":null,
             "permissions":[],"metadata":null,"rate_limits":[],"retry_after":null,"headers":{}}
            """;

    WachtEmulator wacht;
    Http http;
    MintedToken token;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(Instant.parse("2026-05-20T10:15:00Z"), ZoneOffset.UTC);
        wacht = WachtEmulator.builder()
                .deploymentId("456")
                .issuer("https://auth.example.com")
                .clock(clock)
                .start();
        http = new Http(wacht);
        wacht.defineScope(ScopeDefinition.workspace("mcp:invoke", "workspace:read"));
        token = wacht.mintToken(TokenRequest.builder()
                .scopes("mcp:invoke")
                .clientId(CLIENT_ID)
                .clientRecordId("9001")
                .userId("777")
                .grantedResource("urn:wacht:workspace:42")
                .expiresAt(Instant.parse("2026-05-20T11:00:00Z"))
                .build());
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    /** Parses the actual body, checks request_id's pattern and the content type, then returns it with expected's id. */
    static JsonObject normalised(HttpResponse<String> r, String expected) {
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject actual = Http.obj(r);
        assertThat(actual.getString("request_id")).matches("req_[0-9]+");
        JsonValue expectedId = Http.parse(expected).asJsonObject().get("request_id");
        return Json.createObjectBuilder(actual).add("request_id", expectedId).build();
    }

    @Test
    void allowedOAuthExample() {
        HttpResponse<String> r = http.checkToken(token.accessToken(), "mcp:invoke");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(normalised(r, ALLOWED)).isEqualTo(Http.parse(ALLOWED));
    }

    @Test
    void permissionDeniedVariant() {
        HttpResponse<String> r = http.checkToken(token.accessToken(), "admin:write");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(normalised(r, PERMISSION_DENIED)).isEqualTo(Http.parse(PERMISSION_DENIED));
    }

    @Test
    void rateLimitedVariantWithTheDefaultRule() {
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> r = http.checkToken(token.accessToken(), "mcp:invoke");
            assertThat(Http.obj(r).getBoolean("allowed")).as("check %d", i).isTrue();
        }
        HttpResponse<String> r = http.checkToken(token.accessToken(), "mcp:invoke");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(normalised(r, RATE_LIMITED)).isEqualTo(Http.parse(RATE_LIMITED));
    }

    @Test
    void errorEnvelopeForAnUnknownToken() {
        HttpResponse<String> r = http.checkToken("oat_" + "A".repeat(43));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(normalised(r, ENVELOPE)).isEqualTo(Http.parse(ENVELOPE));
    }

    @Test
    void errorEnvelopeForAnExpiredToken() {
        MintedToken expired = wacht.mintToken(TokenRequest.builder()
                .expiresAt(Instant.parse("2026-05-20T10:15:00Z")).build());
        HttpResponse<String> r = http.checkToken(expired.accessToken());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(normalised(r, ENVELOPE)).isEqualTo(Http.parse(ENVELOPE));
    }

    @Test
    void unknownApiKeyIsPlainText() {
        HttpResponse<String> r = http.checkKey("wk_test_" + "b".repeat(43));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(r.body()).isEqualTo("Invalid API key");
    }

    @Test
    void apiKeyAllowedHasTheSameShape() {
        MintedApiKey key = wacht.mintApiKey(ApiKeyRequest.builder()
                .keyId("5150")
                .name("ci")
                .ownerUserId("777")
                .organizationId("12")
                .workspaceId("42")
                .organizationMembershipId("34")
                .workspaceMembershipId("56")
                .permissions("mcp:invoke")
                .workspacePermissions(java.util.List.of("workspace:read"))
                .metadata("team", "blue")
                .metadata("tier", 3)
                .metadata("beta", true)
                .build());
        HttpResponse<String> r = http.checkKey(key.apiKey(), "mcp:invoke");
        String expected = """
                {"request_id":"req_1","allowed":true,"reason":null,"blocked_rule":null,
                 "identity":{"key_id":"5150","deployment_id":"456","app_slug":"aa_456","key_name":"ci",
                   "owner_user_id":"777","organization_id":"12","workspace_id":"42",
                   "organization_membership_id":"34","workspace_membership_id":"56"},
                 "permissions":["mcp:invoke","workspace:read"],
                 "metadata":{"team":"blue","tier":3,"beta":true},
                 "rate_limits":[{"rule":"1000/60s","remaining":999,"limit":1000}],"retry_after":null,
                 "headers":{"x-wacht-key-id":"5150","x-wacht-key-name":"ci","x-wacht-deployment-id":"456",
                   "x-wacht-app-slug":"aa_456","x-wacht-organization-id":"12","x-wacht-workspace-id":"42",
                   "x-wacht-organization-membership-id":"34","x-wacht-workspace-membership-id":"56",
                   "x-wacht-metadata":"team=blue","x-wacht-permissions":"mcp:invoke,workspace:read",
                   "x-ratelimit-60s-limit":"1000","x-ratelimit-60s-remaining":"999"}}
                """;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(normalised(r, expected)).isEqualTo(Http.parse(expected));
    }

    @Test
    void everyKeyIsPresentEvenWhenNull() {
        HttpResponse<String> r = http.checkToken(token.accessToken());
        assertThat(Http.obj(r).keySet()).containsExactly("request_id", "allowed", "reason", "blocked_rule", "identity",
                "permissions", "metadata", "rate_limits", "retry_after", "headers");
        assertThat(Http.obj(r).getJsonObject("identity").keySet()).containsExactly("key_id", "deployment_id",
                "app_slug", "key_name", "owner_user_id", "organization_id", "workspace_id",
                "organization_membership_id", "workspace_membership_id");
    }
}
