package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin HTTP API under /_emulator/. */
class AdminApiTest {
    WachtEmulator wacht;
    Http http;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.builder()
                .clock(Clock.fixed(Instant.parse("2026-05-20T10:00:00Z"), ZoneOffset.UTC))
                .deploymentId("456")
                .issuer("https://auth.example.com")
                .defaultClientId("oc_default")
                .defaultClientRecordId("100")
                .start();
        http = new Http(wacht);
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    private JsonObject ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        return Http.obj(r);
    }

    private void assertError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(Http.obj(r).getString("error")).isNotBlank();
    }

    @Test
    void info() {
        JsonObject o = ok(http.admin("GET", "/info", null));
        assertThat(o.getString("deployment_id")).isEqualTo("456");
        assertThat(o.getString("issuer")).isEqualTo("https://auth.example.com");
        assertThat(o.getString("default_client_id")).isEqualTo("oc_default");
        assertThat(o.getString("default_client_record_id")).isEqualTo("100");
        assertThat(o.getString("api_auth_app_slug")).isEqualTo("aa_456");
    }

    @Test
    void mintTokenWithDefaults() {
        JsonObject o = ok(http.admin("POST", "/tokens", "{}"));
        assertThat(o.getString("access_token")).matches("oat_[A-Za-z0-9_-]{43}");
        assertThat(o.getString("client_id")).isEqualTo("oc_default");
        assertThat(o.getString("client_record_id")).isEqualTo("100");
        assertThat(o.getString("grant_id")).matches("[0-9]+");
        assertThat(o.getString("expires_at")).isEqualTo("2026-05-20T11:00:00Z");
        assertThat(o.getString("granted_resource")).isEqualTo("urn:wacht:user:1");
        assertThat(ok(http.admin("POST", "/tokens", "")).getString("access_token")).startsWith("oat_");
        JsonObject check = Http.obj(http.checkToken(o.getString("access_token")));
        assertThat(check.getBoolean("allowed")).isTrue();
    }

    @Test
    void mintTokenWithEveryField() {
        JsonObject o = ok(http.admin("POST", "/tokens", """
                {"scopes":["mcp:invoke"],"client_id":"oc_x","client_record_id":"9001","user_id":"777",
                 "granted_resource":"urn:wacht:workspace:42","oauth_resource":"https://mcp.example.com",
                 "expires_in":60,"format":"opaque"}"""));
        assertThat(o.getString("expires_at")).isEqualTo("2026-05-20T10:01:00Z");
        JsonObject check = Http.obj(http.checkToken(o.getString("access_token")));
        assertThat(check.getJsonObject("identity").getString("key_id")).isEqualTo("9001");
        assertThat(check.getJsonObject("identity").getString("key_name")).isEqualTo("oc_x");
        assertThat(check.getJsonObject("identity").getString("owner_user_id")).isEqualTo("777");
        assertThat(check.getJsonObject("metadata").getString("oauth_resource")).isEqualTo("https://mcp.example.com");

        JsonObject again = ok(http.admin("POST", "/tokens", "{\"grant_id\":\"" + o.getString("grant_id") + "\"}"));
        assertThat(again.getString("grant_id")).isEqualTo(o.getString("grant_id"));
        assertThat(again.getString("client_id")).isEqualTo("oc_x");

        JsonObject explicit = ok(http.admin("POST", "/tokens", "{\"expires_at\":\"2026-05-20T10:30:00Z\"}"));
        assertThat(explicit.getString("expires_at")).isEqualTo("2026-05-20T10:30:00Z");
    }

    @Test
    void mintTokenErrors() {
        assertError(http.admin("POST", "/tokens", "{\"format\":\"jwt\"}"), 400);
        assertError(http.admin("POST", "/tokens", "{\"format\":\"paseto\"}"), 400);
        assertError(http.admin("POST", "/tokens", "{\"scope\":\"x\"}"), 400);
        assertError(http.admin("POST", "/tokens", "{\"scopes\":\"x\"}"), 400);
        assertError(http.admin("POST", "/tokens", "{\"expires_in\":\"1h\"}"), 400);
        assertError(http.admin("POST", "/tokens", "{\"granted_resource\":\"urn:wacht:team:1\"}"), 400);
        assertError(http.admin("POST", "/tokens", "{\"client_record_id\":\"abc\"}"), 400);
        assertError(http.admin("POST", "/tokens", "{"), 400);
        assertError(http.admin("POST", "/tokens", "[]"), 400);
        assertError(http.admin("POST", "/tokens", "{\"grant_id\":\"123\"}"), 404);
        assertError(http.admin("GET", "/tokens", null), 405);
    }

    @Test
    void revokeAndExpireTokensAndGrants() {
        String t1 = ok(http.admin("POST", "/tokens", "{}")).getString("access_token");
        String t2 = ok(http.admin("POST", "/tokens", "{}")).getString("access_token");
        JsonObject t3 = ok(http.admin("POST", "/tokens", "{}"));
        JsonObject t4 = ok(http.admin("POST", "/tokens", "{}"));
        ok(http.admin("POST", "/tokens/revoke", "{\"access_token\":\"" + t1 + "\"}"));
        ok(http.admin("POST", "/tokens/expire", "{\"access_token\":\"" + t2 + "\"}"));
        JsonObject g = ok(http.admin("POST", "/grants/" + t3.getString("grant_id") + "/revoke", null));
        assertThat(g.getString("status")).isEqualTo("revoked");
        assertThat(g.getString("revoked_at")).isEqualTo("2026-05-20T10:00:00Z");
        JsonObject e = ok(http.admin("POST", "/grants/" + t4.getString("grant_id") + "/expire", null));
        assertThat(e.getString("status")).isEqualTo("expired");
        for (String t : new String[] {t1, t2, t3.getString("access_token"), t4.getString("access_token")}) {
            assertThat(http.checkToken(t).statusCode()).isEqualTo(401);
        }
        assertThat(ok(http.admin("GET", "/grants/" + t3.getString("grant_id"), null)).getString("status"))
                .isEqualTo("revoked");
        assertError(http.admin("POST", "/grants/999/revoke", null), 404);
        assertError(http.admin("GET", "/grants/999", null), 404);
        assertError(http.admin("POST", "/tokens/revoke", "{\"access_token\":\"oat_nope\"}"), 404);
        assertError(http.admin("POST", "/tokens/expire", "{}"), 400);
        assertError(http.admin("GET", "/grants/1/revoke", null), 405);
    }

    @Test
    void apiKeys() {
        JsonObject k = ok(http.admin("POST", "/api-keys", """
                {"permissions":["read"],"name":"ci","owner_user_id":"9","organization_id":"3","workspace_id":"4",
                 "metadata":{"env":"test","n":2,"ok":true},"expires_in":3600}"""));
        assertThat(k.getString("api_key")).matches("wk_test_[A-Za-z0-9_-]{43}");
        assertThat(k.getString("key_id")).matches("[0-9]+");
        assertThat(k.getString("app_slug")).isEqualTo("aa_456");
        JsonObject check = Http.obj(http.checkKey(k.getString("api_key"), "read"));
        assertThat(check.getBoolean("allowed")).isTrue();
        assertThat(check.getJsonObject("identity").getString("organization_id")).isEqualTo("3");
        assertThat(check.getJsonObject("metadata").getInt("n")).isEqualTo(2);
        assertThat(check.getJsonObject("headers").getString("x-wacht-metadata")).isEqualTo("env=test");

        ok(http.admin("POST", "/api-keys/revoke", "{\"api_key\":\"" + k.getString("api_key") + "\"}"));
        assertThat(http.checkKey(k.getString("api_key")).body()).isEqualTo("Invalid API key");

        JsonObject expired = ok(http.admin("POST", "/api-keys", "{\"expires_in\":0}"));
        assertThat(http.checkKey(expired.getString("api_key")).statusCode()).isEqualTo(401);
        assertThat(Http.obj(http.checkKey(expired.getString("api_key"))).isNull("identity")).isTrue();

        assertError(http.admin("POST", "/api-keys", "{\"metadata\":{\"x\":[1]}}"), 400);
        assertError(http.admin("POST", "/api-keys", "{\"permission\":[]}"), 400);
        assertError(http.admin("POST", "/api-keys/revoke", "{\"api_key\":\"wk_nope\"}"), 404);
        assertError(http.admin("POST", "/api-keys/revoke", "{}"), 400);
    }

    @Test
    void rateLimitRoutes() {
        JsonObject def = ok(http.admin("GET", "/rate-limits", null));
        assertThat(def.getBoolean("default")).isTrue();
        assertThat(def.getJsonArray("rules").getJsonObject(0).getString("rule")).isEqualTo("1000/60s");
        JsonObject set = ok(http.admin("POST", "/rate-limits", """
                {"rules":[{"limit":5,"window_ms":60000,"mode":"per_key","endpoints":["/mcp"],"priority":2},
                          {"limit":2,"window_ms":500}]}"""));
        assertThat(set.getBoolean("default")).isFalse();
        assertThat(set.getJsonArray("rules").getJsonObject(0).getString("rule")).isEqualTo("5/60s");
        assertThat(set.getJsonArray("rules").getJsonObject(0).getString("mode")).isEqualTo("per_key");
        assertThat(set.getJsonArray("rules").getJsonObject(1).getString("rule")).isEqualTo("2/500ms");
        assertThat(set.getJsonArray("rules").getJsonObject(1).getJsonArray("endpoints").getString(0)).isEqualTo("*");
        assertThat(wacht.rateLimits()).hasSize(2);
        ok(http.admin("POST", "/rate-limits", "{\"rules\":[]}"));
        assertThat(wacht.rateLimits()).isEmpty();
        assertError(http.admin("POST", "/rate-limits", "{}"), 400);
        assertError(http.admin("POST", "/rate-limits", "{\"rules\":[{\"limit\":0,\"window_ms\":1}]}"), 400);
        assertError(http.admin("POST", "/rate-limits", "{\"rules\":[{\"limit\":1}]}"), 400);
        assertError(http.admin("POST", "/rate-limits", "{\"rules\":[{\"limit\":1,\"window_ms\":1,\"mode\":\"x\"}]}"),
                400);
        assertError(http.admin("POST", "/rate-limits", "{\"rules\":[{\"limit\":1,\"window_ms\":1,\"unit\":\"s\"}]}"),
                400);
    }

    @Test
    void scopeRoutes() {
        JsonObject d = ok(http.admin("POST", "/scopes",
                "{\"scope\":\"mcp:invoke\",\"category\":\"workspace\",\"workspace_permission\":\"workspace:read\"}"));
        assertThat(d.getString("workspace_permission")).isEqualTo("workspace:read");
        assertThat(d.isNull("organization_permission")).isTrue();
        assertThat(ok(http.admin("GET", "/scopes", null)).getJsonArray("scopes")).hasSize(1);
        String t = ok(http.admin("POST", "/tokens",
                "{\"scopes\":[\"mcp:invoke\"],\"granted_resource\":\"urn:wacht:workspace:1\"}")).getString("access_token");
        assertThat(Http.obj(http.checkToken(t, "workspace:read")).getBoolean("allowed")).isTrue();
        assertError(http.admin("POST", "/scopes", "{\"scope\":\"x\",\"category\":\"team\"}"), 400);
        assertError(http.admin("POST", "/scopes", "{\"category\":\"workspace\"}"), 400);
    }

    @Test
    void checksAreRecordedWithoutCredentials() {
        String t = ok(http.admin("POST", "/tokens", "{}")).getString("access_token");
        http.check("{\"principal\":{\"type\":\"oauth_access_token\",\"value\":\" " + t + " \"},\"resource\":\"mcp?q\","
                + "\"method\":\"get\",\"client_ip\":\"203.0.113.7\",\"user_agent\":\"ua/1\","
                + "\"required_permissions\":[\"x\"]}");
        HttpResponse<String> r = http.admin("GET", "/checks", null);
        assertThat(r.body()).doesNotContain(t);
        JsonObject c = ok(r).getJsonArray("checks").getJsonObject(0);
        assertThat(c.getString("method")).isEqualTo("GET");
        assertThat(c.getString("resource")).isEqualTo("/mcp");
        assertThat(c.getString("principal_type")).isEqualTo("oauth_access_token");
        assertThat(c.getString("token_sha256")).isEqualTo(Text.sha256Hex(t)).matches("[0-9a-f]{64}");
        assertThat(c.getString("client_ip")).isEqualTo("203.0.113.7");
        assertThat(c.getString("user_agent")).isEqualTo("ua/1");
        assertThat(c.getJsonArray("required_permissions").getString(0)).isEqualTo("x");
        assertThat(c.getInt("status")).isEqualTo(200);
        assertThat(c.getBoolean("allowed")).isFalse();
        assertThat(c.getString("reason")).isEqualTo("permission_denied");
        assertThat(c.getString("request_id")).matches("req_[0-9]+");
        assertThat(wacht.checks()).singleElement().satisfies(rc -> {
            assertThat(rc.tokenSha256()).isEqualTo(Text.sha256Hex(t));
            assertThat(rc.requestId()).isEqualTo(c.getString("request_id"));
        });
        assertThat(ok(http.admin("DELETE", "/checks", null)).getInt("cleared")).isEqualTo(1);
        assertThat(ok(http.admin("GET", "/checks", null)).getJsonArray("checks")).isEmpty();
    }

    @Test
    void resetClearsEverything() {
        String t = ok(http.admin("POST", "/tokens", "{\"client_id\":\"oc_extra\"}")).getString("access_token");
        String k = ok(http.admin("POST", "/api-keys", "{}")).getString("api_key");
        http.admin("POST", "/scopes", "{\"scope\":\"s\",\"category\":\"workspace\",\"workspace_permission\":\"p\"}");
        http.admin("POST", "/rate-limits", "{\"rules\":[]}");
        http.checkToken(t);
        http.admin("POST", "/faults", "{\"mode\":\"status\",\"status\":503}");
        ok(http.admin("POST", "/reset", null));
        assertThat(wacht.checks()).isEmpty();
        assertThat(wacht.scopeDefinitions()).isEmpty();
        assertThat(wacht.rateLimits()).containsExactly(RateLimitRule.defaultRule());
        assertThat(wacht.fault()).isEqualTo(Fault.none());
        assertThat(http.checkToken(t).statusCode()).isEqualTo(401);
        assertThat(http.checkKey(k).body()).isEqualTo("Invalid API key");
        JsonObject fresh = ok(http.admin("POST", "/tokens", "{}"));
        assertThat(fresh.getString("client_id")).isEqualTo("oc_default");
        assertThat(fresh.getString("client_record_id")).isEqualTo("100");
    }

    @Test
    void unknownRoutes() {
        assertError(http.admin("GET", "/nope", null), 404);
        assertError(http.admin("POST", "/grants//revoke", null), 404);
        assertError(http.admin("PUT", "/reset", null), 405);
        assertError(http.admin("PATCH", "/checks", null), 405);
    }
}
