package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** 415 / 400 / 422 extractor rejections, and method and resource validation (docs/wacht-wire.md, "Gateway request", "How the gateway decides"). */
@ExtendWith(WachtEmulatorExtension.class)
class RequestValidationTest {
    static Http http;
    static MintedToken token;
    static WachtEmulator wacht;

    @BeforeAll
    static void setUp(WachtEmulator emulator) {
        wacht = emulator;
        http = new Http(emulator);
    }

    @BeforeEach
    void freshToken() {
        wacht.reset();
        token = wacht.mintToken();
    }

    private static void assertPlain(HttpResponse<String> r, int status, String bodyStart) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(r.body()).startsWith(bodyStart);
    }

    @Test
    void missingContentTypeIs415() {
        HttpResponse<String> r = http.send("POST", "/v1/authz/check", null, Http.checkBody("oauth_access_token",
                token.accessToken(), "/mcp", "GET"));
        assertPlain(r, 415, "Expected request with `Content-Type: application/json`");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "text/json", "application/xml"})
    void wrongContentTypeIs415(String contentType) {
        HttpResponse<String> r = http.send("POST", "/v1/authz/check", contentType,
                Http.checkBody("oauth_access_token", token.accessToken(), "/mcp", "GET"));
        assertPlain(r, 415, "Expected request with `Content-Type: application/json`");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/vnd.api+json"})
    void jsonContentTypeVariantsAreAccepted(String contentType) {
        HttpResponse<String> r = http.send("POST", "/v1/authz/check", contentType,
                Http.checkBody("oauth_access_token", token.accessToken(), "/mcp", "GET"));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"principal\":", "not json", "{\"method\":\"GET\",}", "{} {}"})
    void malformedJsonIs400(String body) {
        assertPlain(http.check(body), 400, "Failed to parse the request body as JSON: ");
    }

    @Test
    void unknownTopLevelFieldIs422() {
        String body = "{\"principal\":{\"type\":\"oauth_access_token\",\"value\":\"" + token.accessToken()
                + "\"},\"resource\":\"/mcp\",\"method\":\"GET\",\"scope\":\"x\"}";
        assertPlain(http.check(body), 422,
                "Failed to deserialize the JSON body into the target type: unknown field `scope`, expected one of");
    }

    @Test
    void unknownPrincipalFieldIs422() {
        String body = "{\"principal\":{\"type\":\"oauth_access_token\",\"value\":\"" + token.accessToken()
                + "\",\"kind\":\"x\"},\"resource\":\"/mcp\",\"method\":\"GET\"}";
        assertPlain(http.check(body), 422, "Failed to deserialize the JSON body into the target type: principal: "
                + "unknown field `kind`, expected `type` or `value`");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"resource\":\"/mcp\",\"method\":\"GET\"}|missing field `principal`",
        "{\"principal\":{\"type\":\"api_key\",\"value\":\"k\"},\"method\":\"GET\"}|missing field `resource`",
        "{\"principal\":{\"type\":\"api_key\",\"value\":\"k\"},\"resource\":\"/\"}|missing field `method`",
        "{\"principal\":{\"value\":\"k\"},\"resource\":\"/\",\"method\":\"GET\"}|principal: missing field `type`",
        "{\"principal\":{\"type\":\"api_key\"},\"resource\":\"/\",\"method\":\"GET\"}|principal: missing field `value`",
        "{\"principal\":{\"type\":\"jwt\",\"value\":\"k\"},\"resource\":\"/\",\"method\":\"GET\"}|principal.type: unknown variant `jwt`",
        "{\"principal\":{\"type\":\"API_KEY\",\"value\":\"k\"},\"resource\":\"/\",\"method\":\"GET\"}|principal.type: unknown variant",
        "{\"principal\":{\"type\":\"api_key\",\"value\":5},\"resource\":\"/\",\"method\":\"GET\"}|principal.value: invalid type: integer `5`, expected a string",
        "{\"principal\":\"k\",\"resource\":\"/\",\"method\":\"GET\"}|principal: invalid type: string",
        "{\"principal\":null,\"resource\":\"/\",\"method\":\"GET\"}|principal: invalid type: null",
        "{\"principal\":{\"type\":\"api_key\",\"value\":\"k\"},\"resource\":[],\"method\":\"GET\"}|resource: invalid type: sequence, expected a string",
        "{\"principal\":{\"type\":\"api_key\",\"value\":\"k\"},\"resource\":\"/\",\"method\":null}|method: invalid type: null, expected a string",
        "{\"principal\":{\"type\":\"api_key\",\"value\":\"k\"},\"resource\":\"/\",\"method\":true}|method: invalid type: boolean `true`",
        "{\"principal\":{\"type\":\"api_key\",\"value\":\"k\"},\"resource\":\"/\",\"method\":\"GET\",\"client_ip\":1.5}|client_ip: invalid type: floating point",
        "{\"principal\":{\"type\":\"api_key\",\"value\":\"k\"},\"resource\":\"/\",\"method\":\"GET\",\"user_agent\":{}}|user_agent: invalid type: map",
        "{\"principal\":{\"type\":\"api_key\",\"value\":\"k\"},\"resource\":\"/\",\"method\":\"GET\",\"required_permissions\":\"a\"}|required_permissions: invalid type: string \"a\", expected a sequence",
        "{\"principal\":{\"type\":\"api_key\",\"value\":\"k\"},\"resource\":\"/\",\"method\":\"GET\",\"required_permissions\":[\"a\",2]}|required_permissions[1]: invalid type: integer `2`",
        "[]|invalid type: sequence, expected struct AuthzCheckRequest",
        "\"x\"|invalid type: string \"x\", expected struct AuthzCheckRequest",
    })
    void dataErrorsAre422(String body, String message) {
        assertPlain(http.check(body), 422, "Failed to deserialize the JSON body into the target type: " + message);
    }

    @Test
    void optionalFieldsMayBeNullOrAbsent() {
        String withNulls = "{\"principal\":{\"type\":\"oauth_access_token\",\"value\":\"" + token.accessToken()
                + "\"},\"resource\":\"/mcp\",\"method\":\"GET\",\"client_ip\":null,\"user_agent\":null,"
                + "\"required_permissions\":null}";
        assertThat(http.check(withNulls).statusCode()).isEqualTo(200);
        String withValues = "{\"principal\":{\"type\":\"oauth_access_token\",\"value\":\"" + token.accessToken()
                + "\"},\"resource\":\"/mcp\",\"method\":\"GET\",\"client_ip\":\"203.0.113.9\",\"user_agent\":\"t/1\","
                + "\"required_permissions\":[]}";
        HttpResponse<String> r = http.check(withValues);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.obj(r).getBoolean("allowed")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "get", " post ", "Put", "PATCH", "delete", "HEAD", "options", "\tGET\n"})
    void acceptedMethods(String method) {
        HttpResponse<String> r = http.check(Http.checkBody("oauth_access_token", token.accessToken(), "/mcp", method));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(wacht.checks().get(wacht.checks().size() - 1).method()).isEqualTo(method.trim().toUpperCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "CONNECT", "TRACE", "G ET", "FETCH", "GETX"})
    void rejectedMethodsAre400WithTheEnvelope(String method) {
        HttpResponse<String> r = http.check(Http.checkBody("oauth_access_token", token.accessToken(), "/mcp", method));
        assertEnvelope(r, 400);
    }

    @Test
    void methodIsValidatedBeforeResourceAndPrincipal() {
        HttpResponse<String> r = http.check(Http.checkBody("oauth_access_token", "", "", "BREW"));
        assertEnvelope(r, 400);
        r = http.check(Http.checkBody("oauth_access_token", "", "", "GET"));
        assertEnvelope(r, 400);
        r = http.check(Http.checkBody("oauth_access_token", "", "/x", "GET"));
        assertEnvelope(r, 401);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mcp|/mcp",
        "/mcp|/mcp",
        "  /mcp  |/mcp",
        "/mcp?x=1|/mcp",
        "/mcp#frag|/mcp",
        "mcp?a=b#c|/mcp",
        "/a/b/c|/a/b/c",
        "/|/",
        "' api/v1 '|/api/v1",
        "/mcp #x|/mcp",
    })
    void resourceIsNormalised(String resource, String expected) {
        HttpResponse<String> r = http.check(Http.checkBody("oauth_access_token", token.accessToken(), resource, "GET"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(wacht.checks().get(wacht.checks().size() - 1).resource()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "?x=1", "#frag", " ?a#b", "#/mcp"})
    void emptyResourceIs400WithTheEnvelope(String resource) {
        assertEnvelope(http.check(Http.checkBody("oauth_access_token", token.accessToken(), resource, "GET")), 400);
    }

    @Test
    void otherRoutesAndMethods() {
        assertThat(http.send("GET", "/v1/authz/check", null, null).statusCode()).isEqualTo(405);
        assertThat(http.send("POST", "/v1/authz/check/", "application/json", "{}").statusCode()).isEqualTo(404);
        assertThat(http.send("GET", "/nope", null, null).statusCode()).isEqualTo(404);
        HttpResponse<String> health = http.send("GET", "/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK");
        assertThat(health.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(http.send("POST", "/health", null, null).statusCode()).isEqualTo(405);
    }

    static void assertEnvelope(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject o = Http.obj(r);
        assertThat(o.getString("request_id")).matches("req_[0-9]+");
        String expected = GoldenResponseTest.ENVELOPE.replace("req_731", o.getString("request_id"));
        assertThat(o).isEqualTo(Http.parse(expected));
    }
}
