package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The management routes of docs/wacht-wire.md ("Management API"): statuses, bodies, envelope and effects on the gateway. */
class ManagementApiTest {
    private static final String KEY = "wk_test_" + "K".repeat(43);
    private static WachtEmulator wacht;
    private static Http http;
    private static String slug;

    @BeforeAll
    static void start() {
        wacht = WachtEmulator.builder().backendApiKey(KEY).oauthAppSlug("mcp-auth").start();
        http = new Http(wacht);
        slug = wacht.oauthAppSlug();
    }

    @AfterAll
    static void stop() {
        wacht.close();
    }

    @BeforeEach
    void reset() {
        wacht.reset();
    }

    private static HttpResponse<String> call(String method, String path, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(wacht.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> call(String method, String path) {
        return call(method, path, KEY, null);
    }

    private static String clients() {
        return "/oauth/apps/" + slug + "/clients";
    }

    private static void assertError(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        assertThat(Http.parse(r.body())).isEqualTo(Http.parse(
                "{\"errors\":[{\"message\":" + Http.quote(message) + ",\"code\":" + status + "}]}"));
    }

    @Test
    void everyRouteNeedsTheBackendApiKey() {
        String id = wacht.defaultClientRecordId();
        for (String[] route : new String[][] {{"GET", "/oauth/apps"}, {"GET", clients()},
            {"PATCH", clients() + "/" + id}, {"DELETE", clients() + "/" + id},
            {"POST", clients() + "/" + id + "/rotate-secret"}, {"GET", clients() + "/" + id + "/grants"},
            {"POST", clients() + "/" + id + "/grants/1/revoke"}}) {
            assertError(call(route[0], route[1], null, null), 401, "Unauthorized");
            assertError(call(route[0], route[1], "wk_test_" + "X".repeat(43), null), 401, "Unauthorized");
        }
        assertThat(call("GET", clients()).statusCode()).isEqualTo(200);
    }

    @Test
    void listsTheOAuthApp() {
        wacht.defineScope(ScopeDefinition.workspace("mcp:invoke", "workspace:read"));
        JsonObject app = Http.obj(call("GET", "/oauth/apps")).getJsonArray("apps").getJsonObject(0);
        assertThat(app.getString("slug")).isEqualTo("mcp-auth");
        assertThat(app.getString("id")).matches("[0-9]+");
        assertThat(app.getString("fqdn")).isEqualTo("127.0.0.1:" + wacht.port());
        assertThat(app.getJsonArray("supported_scopes").getString(0)).isEqualTo("mcp:invoke");
        assertThat(app.getJsonArray("scope_definitions").getJsonObject(0).getString("workspace_permission"))
                .isEqualTo("workspace:read");
        assertThat(app.keySet()).containsExactly("id", "slug", "name", "description", "logo_url", "fqdn",
                "supported_scopes", "scope_definitions", "allow_dynamic_client_registration", "is_active",
                "created_at", "updated_at");
    }

    @Test
    void listsClientsNewestFirstWithTheirFullShape() {
        MintedClient newer = wacht.createClient("none");
        List<JsonObject> list = Http.obj(call("GET", clients())).getJsonArray("clients")
                .getValuesAs(JsonObject.class);
        assertThat(list).extracting(c -> c.getString("id")).containsExactly(newer.clientRecordId(),
                wacht.defaultClientRecordId());
        JsonObject c = list.get(1);
        assertThat(c.keySet()).containsExactly("id", "oauth_app_id", "client_id", "client_auth_method", "grant_types",
                "redirect_uris", "client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri", "contacts",
                "software_id", "software_version", "token_endpoint_auth_signing_alg", "jwks_uri", "jwks",
                "public_key_pem", "is_active", "post_logout_redirect_uris", "id_token_signing_alg",
                "access_token_format", "access_token_ttl_seconds", "skip_consent", "created_at", "updated_at");
        assertThat(c.getString("client_id")).isEqualTo(wacht.defaultClientId());
        assertThat(c.getString("client_auth_method")).isEqualTo("client_secret_basic");
        assertThat(c.getString("access_token_format")).isEqualTo("opaque");
        assertThat(c.getInt("access_token_ttl_seconds")).isEqualTo(3600);
        assertThat(c.getBoolean("is_active")).isTrue();
        assertThat(list.get(0).getString("client_auth_method")).isEqualTo("none");
    }

    @Test
    void updatesTokenSettings() {
        HttpResponse<String> r = call("PATCH", clients() + "/" + wacht.defaultClientRecordId(), KEY,
                "{\"access_token_format\":\"jwt\",\"access_token_ttl_seconds\":600,\"client_name\":\"ignored\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject c = Http.obj(r);
        assertThat(c.getString("access_token_format")).isEqualTo("jwt");
        assertThat(c.getInt("access_token_ttl_seconds")).isEqualTo(600);
        assertThat(c.containsKey("client_secret")).isFalse();

        JsonObject unchanged = Http.obj(call("PATCH", clients() + "/" + wacht.defaultClientRecordId(), KEY, "{}"));
        assertThat(unchanged.getString("access_token_format")).isEqualTo("jwt");
    }

    @Test
    void updateValidationAndErrors() {
        String path = clients() + "/" + wacht.defaultClientRecordId();
        assertError(call("PATCH", path, KEY, "{\"access_token_format\":\"paseto\"}"), 400,
                "access_token_format must be 'opaque' or 'jwt'");
        assertError(call("PATCH", path, KEY, "{\"access_token_ttl_seconds\":59}"), 400,
                "access_token_ttl_seconds must be between 60 and 86400");
        assertError(call("PATCH", path, KEY, "{\"access_token_ttl_seconds\":86401}"), 400,
                "access_token_ttl_seconds must be between 60 and 86400");
        assertThat(call("PATCH", path, KEY, "{\"access_token_ttl_seconds\":86400}").statusCode()).isEqualTo(200);
        assertThat(call("PATCH", path, KEY, "{\"access_token_ttl_seconds\":60}").statusCode()).isEqualTo(200);
        assertError(call("PATCH", path, KEY, "{\"access_token_ttl_seconds\":\"600\"}"), 422,
                "Invalid request payload");
        assertError(call("PATCH", path, KEY, "{nope"), 400, "Bad request");
        assertError(call("PATCH", clients() + "/abc", KEY, "{}"), 400, "Bad request");
        assertError(call("PATCH", "/oauth/apps/other/clients/1", KEY, "{}"), 404, "OAuth app not found");
        assertError(call("PATCH", clients() + "/1", KEY, "{}"), 404, "OAuth client not found or inactive");

        assertThat(call("DELETE", path).statusCode()).isEqualTo(204);
        assertError(call("PATCH", path, KEY, "{\"access_token_ttl_seconds\":600}"), 404,
                "OAuth client not found or inactive");
    }

    @Test
    void deactivationAnswers204AndKeepsTokensPassingTheGateway() {
        MintedToken token = wacht.mintToken("mcp:invoke");
        HttpResponse<String> r = call("DELETE", clients() + "/" + token.clientRecordId());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(http.checkToken(token.accessToken()).statusCode()).isEqualTo(200);
        assertThat(Http.obj(call("GET", clients())).getJsonArray("clients").getJsonObject(0).getBoolean("is_active"))
                .isFalse();
        assertError(call("DELETE", clients() + "/" + token.clientRecordId()), 404,
                "OAuth client not found or already inactive");
        assertError(call("DELETE", clients() + "/12345"), 404, "OAuth client not found or already inactive");
        assertError(call("DELETE", clients() + "/x1"), 400, "Bad request");
    }

    @Test
    void rotatingASecretReplacesTheOldOneAtOnce() {
        MintedClient client = wacht.createClient("client_secret_post");
        String path = clients() + "/" + client.clientRecordId() + "/rotate-secret";
        HttpResponse<String> r = call("POST", path);
        assertThat(r.statusCode()).isEqualTo(200);
        String secret = Http.obj(r).getString("client_secret");
        assertThat(Http.obj(r).keySet()).containsExactly("client_secret");
        assertThat(secret).matches("oc_secret_[A-Za-z0-9_-]{43}");
        assertThat(wacht.clientSecretMatches(client.clientRecordId(), client.clientSecret().orElseThrow())).isFalse();
        assertThat(wacht.clientSecretMatches(client.clientRecordId(), secret)).isTrue();

        for (String method : List.of("none", "private_key_jwt")) {
            MintedClient c = wacht.createClient(method);
            assertThat(c.clientSecret()).isEmpty();
            assertError(call("POST", clients() + "/" + c.clientRecordId() + "/rotate-secret"), 400,
                    "client_secret rotation is not supported for this auth method");
        }
        assertError(call("POST", clients() + "/4242/rotate-secret"), 404, "OAuth client not found");
        assertError(call("POST", clients() + "/abc/rotate-secret"), 400, "Bad request");
    }

    @Test
    void listsAndRevokesGrants() {
        MintedToken first = wacht.mintToken("mcp:invoke");
        MintedToken second = wacht.mintToken("profile");
        String grants = clients() + "/" + first.clientRecordId() + "/grants";
        List<JsonObject> list = Http.obj(call("GET", grants)).getJsonArray("grants").getValuesAs(JsonObject.class);
        assertThat(list).extracting(g -> g.getString("id")).containsExactly(second.grantId(), first.grantId());
        JsonObject g = list.get(1);
        assertThat(g.keySet()).containsExactly("id", "api_auth_app_slug", "oauth_client_id", "resource", "scopes",
                "status", "granted_at", "expires_at", "revoked_at", "granted_by_user_id", "created_at", "updated_at");
        assertThat(g.getString("status")).isEqualTo("active");
        assertThat(g.getString("resource")).isEqualTo("urn:wacht:user:1");
        assertThat(g.getString("oauth_client_id")).isEqualTo(first.clientRecordId());

        HttpResponse<String> r = call("POST", grants + "/" + first.grantId() + "/revoke");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(http.checkToken(first.accessToken()).statusCode()).isEqualTo(401);
        assertThat(http.checkToken(second.accessToken()).statusCode()).isEqualTo(200);
        assertThat(Http.obj(call("GET", grants)).getJsonArray("grants").getValuesAs(JsonObject.class).stream()
                .map(x -> x.getString("status")).collect(Collectors.toList())).containsExactly("active", "revoked");

        // Idempotent: again, and for an unknown grant id.
        assertThat(call("POST", grants + "/" + first.grantId() + "/revoke").body()).isEqualTo("{}");
        assertThat(call("POST", grants + "/999/revoke").statusCode()).isEqualTo(200);
        assertError(call("POST", grants + "/abc/revoke"), 400, "Bad request");
        assertError(call("GET", clients() + "/777/grants"), 404, "OAuth client not found");
        assertError(call("GET", "/oauth/apps/nope/clients/1/grants"), 404, "OAuth app not found");
    }

    @Test
    void unknownRoutesAndMethods() {
        assertError(call("GET", "/oauth/apps/" + slug + "/webhooks"), 404, "Not found");
        assertError(call("GET", clients() + "/1/rotate-secret"), 405, "Method not allowed");
        assertError(call("POST", "/oauth/apps"), 405, "Method not allowed");
        assertError(call("PATCH", clients() + "/1", KEY, null), 415, "Unsupported media type");
    }

    @Test
    void mintAnswersNameTheAppAndClientRecord() {
        MintedToken t = wacht.mintToken("x");
        assertThat(t.oauthAppSlug()).isEqualTo("mcp-auth");
        JsonObject minted = Http.obj(http.admin("POST", "/tokens", "{}"));
        assertThat(minted.getString("oauth_app_slug")).isEqualTo("mcp-auth");
        assertThat(minted.getString("client_record_id")).isEqualTo(wacht.defaultClientRecordId());

        JsonObject created = Http.obj(http.admin("POST", "/clients", "{\"client_auth_method\":\"none\"}"));
        assertThat(created.getString("client_auth_method")).isEqualTo("none");
        assertThat(created.isNull("client_secret")).isTrue();
        assertThat(Http.obj(http.admin("POST", "/clients", "{}")).getString("client_secret"))
                .startsWith("oc_secret_");
        assertThat(http.admin("POST", "/clients", "{\"client_auth_method\":\"magic\"}").statusCode()).isEqualTo(400);
        MintedClient basic = wacht.createClient("client_secret_basic");
        assertThat(basic.toString()).doesNotContain(basic.clientSecret().orElseThrow());
    }

    @Test
    void aGeneratedKeyIsUsedWithoutOneConfigured() {
        try (WachtEmulator e = WachtEmulator.start()) {
            if (System.getenv("WACHT_API_KEY") == null) {
                assertThat(e.backendApiKey()).matches("wk_test_[A-Za-z0-9_-]{43}");
                assertThat(e.backendApiKeyGenerated()).isTrue();
            }
            assertThat(e.backendApiKey()).isNotEqualTo(KEY);
        }
    }
}
