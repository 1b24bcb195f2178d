package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's answer forms (docs/wacht-wire.md, "Gateway answer" and "Answer forms") as properties
 * that any Wacht gateway has. Every expected value comes from the answer itself or from the
 * environment, never from the emulator's internals, so the same assertions judge the emulator (in every
 * build) and a real Wacht deployment ({@code -Pconformance}, docs/conformance.md). Where this test
 * fails against a real Wacht, the emulator and Wacht differ.
 */
class GatewayConformanceTest {
    /** Set by the conformance profile: judge the deployment named by the environment, not the emulator. */
    static final String TARGET_PROPERTY = "wacht.conformance.target";
    static final String NEVER_GRANTED = "wacht-conformance:never-granted";
    static final List<String> ANSWER_KEYS = List.of("request_id", "allowed", "reason", "blocked_rule", "identity",
            "permissions", "metadata", "rate_limits", "retry_after", "headers");
    static final List<String> IDENTITY_KEYS = List.of("key_id", "deployment_id", "app_slug", "key_name",
            "owner_user_id", "organization_id", "workspace_id", "organization_membership_id",
            "workspace_membership_id");
    static final String ENVELOPE = """
            {"request_id":"req_0","allowed":false,"reason":null,"blocked_rule":null,"identity":null,
             "permissions":[],"metadata":null,"rate_limits":[],"retry_after":null,"headers":{}}
            """;
    private static final SecureRandom RANDOM = new SecureRandom();

    static WachtEmulator emulator;
    static Http gateway;
    static String token;
    static String heldPermission;

    @BeforeAll
    static void target() {
        if ("wacht".equals(System.getProperty(TARGET_PROPERTY))) {
            Map<String, String> env = System.getenv();
            String url = env.get("WACHT_GATEWAY_URL");
            token = env.get("WACHT_CONFORMANCE_TOKEN");
            heldPermission = env.get("WACHT_CONFORMANCE_PERMISSION");
            if (url == null || token == null || heldPermission == null) {
                String why = "Conformance against a real Wacht skipped: set WACHT_GATEWAY_URL (e.g. "
                        + "https://gateway.wacht.dev), WACHT_CONFORMANCE_TOKEN (an active opaque oat_… access token) "
                        + "and WACHT_CONFORMANCE_PERMISSION (a permission that token holds). See docs/conformance.md.";
                System.err.println(why);
                Assumptions.abort(why);
            }
            gateway = new Http(URI.create(url.endsWith("/") ? url : url + "/"));
        } else {
            emulator = WachtEmulator.start();
            heldPermission = "mcp:invoke";
            token = emulator.mintToken(heldPermission).accessToken();
            gateway = new Http(emulator);
        }
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void anAllowedAnswerHasEveryKeyAndTellsTheOAuthPrincipal() {
        HttpResponse<String> r = gateway.checkToken(token, heldPermission);
        JsonObject answer = json(r, 200);

        assertThat(answer.keySet()).containsExactlyElementsOf(ANSWER_KEYS);
        assertThat(answer.getBoolean("allowed")).isTrue();
        assertThat(answer.get("reason")).isEqualTo(JsonValue.NULL);
        assertThat(answer.get("blocked_rule")).isEqualTo(JsonValue.NULL);
        assertThat(answer.get("retry_after")).isEqualTo(JsonValue.NULL);

        JsonObject identity = answer.getJsonObject("identity");
        assertThat(identity.keySet()).containsExactlyElementsOf(IDENTITY_KEYS);
        assertThat(identity.getString("key_id")).as("the OAuth client's record id").matches("[0-9]+");
        assertThat(identity.getString("app_slug")).startsWith("oauth_");
        assertThat(identity.getString("key_name")).as("the public client id").startsWith("oc_");
        for (String absentForOAuth : List.of("organization_id", "workspace_id", "organization_membership_id",
                "workspace_membership_id")) {
            assertThat(identity.get(absentForOAuth)).as(absentForOAuth).isEqualTo(JsonValue.NULL);
        }

        List<String> permissions = answer.getJsonArray("permissions").getValuesAs(JsonString::getString);
        assertThat(permissions).contains(heldPermission).isSorted();

        JsonObject metadata = answer.getJsonObject("metadata");
        assertThat(metadata.keySet()).containsExactlyInAnyOrder("principal_type", "scopes", "oauth_resource",
                "granted_resource", "expires_at");
        assertThat(metadata.getString("principal_type")).isEqualTo("oauth_access_token");
        assertThat(Instant.parse(metadata.getString("expires_at"))).isAfter(Instant.now().minusSeconds(60));
        if (metadata.get("granted_resource") instanceof JsonString) {
            assertThat(metadata.getString("granted_resource")).matches("urn:wacht:(user|organization|workspace):.+");
        }

        for (JsonValue limit : answer.getJsonArray("rate_limits")) {
            assertThat(limit.asJsonObject().keySet()).containsExactly("rule", "remaining", "limit");
            assertThat(limit.asJsonObject().getString("rule")).matches("[0-9]+/[0-9]+m?s");
        }

        JsonObject headers = answer.getJsonObject("headers");
        assertThat(headers.keySet()).allSatisfy(name -> assertThat(name).isEqualTo(name.toLowerCase(java.util.Locale.ROOT)));
        assertThat(headers.getString("x-wacht-principal-type")).isEqualTo("oauth_access_token");
        assertThat(headers.getString("x-wacht-oauth-client-id")).isEqualTo(identity.getString("key_name"));
        assertThat(headers.getString("x-wacht-app-slug")).isEqualTo(identity.getString("app_slug"));
        assertThat(headers.getString("x-wacht-permissions")).isEqualTo(String.join(",", permissions));
    }

    @Test
    void aMissingPermissionIsADenialWithoutRateLimits() {
        JsonObject answer = json(gateway.checkToken(token, NEVER_GRANTED), 200);

        assertThat(answer.keySet()).containsExactlyElementsOf(ANSWER_KEYS);
        assertThat(answer.getBoolean("allowed")).isFalse();
        assertThat(answer.getString("reason")).isEqualTo("permission_denied");
        assertThat(answer.getString("blocked_rule")).isEqualTo("permission_denied");
        assertThat(answer.getJsonArray("rate_limits")).isEmpty();
        assertThat(answer.get("retry_after")).isEqualTo(JsonValue.NULL);
        JsonObject headers = answer.getJsonObject("headers");
        assertThat(headers.getString("x-wacht-permission-denied")).isEqualTo("true");
        assertThat(headers.keySet()).noneMatch(name -> name.startsWith("x-ratelimit-"));
    }

    @Test
    void anUnknownOpaqueTokenGetsTheErrorEnvelope() {
        assertEnvelope(gateway.checkToken("oat_" + random43()), 401);
    }

    @Test
    void aJwtAccessTokenGetsTheErrorEnvelope() {
        String jwtShaped = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." + random43() + "." + random43();
        assertEnvelope(gateway.checkToken(jwtShaped), 401);
    }

    @Test
    void anUnknownApiKeyIsPlainText() {
        HttpResponse<String> r = gateway.checkKey("wk_conformance_" + random43());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(r.body()).isEqualTo("Invalid API key");
    }

    @Test
    void aMethodOutsideTheListIsRefusedWithTheEnvelope() {
        assertEnvelope(gateway.check(Http.checkBody("oauth_access_token", token, "/mcp", "TRACE")), 400);
    }

    @Test
    void anUnknownFieldIsRefusedInPlainText() {
        String body = Http.checkBody("oauth_access_token", token, "/mcp", "POST").replaceFirst("}$", ",\"scope\":\"x\"}");
        HttpResponse<String> r = gateway.check(body);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).startsWith("Failed to deserialize the JSON body into the target type");
    }

    @Test
    void aBodyWithoutJsonContentTypeIsRefused() {
        HttpResponse<String> r = gateway.send("POST", "/v1/authz/check", "text/plain",
                Http.checkBody("oauth_access_token", token, "/mcp", "POST"));
        assertThat(r.statusCode()).isEqualTo(415);
    }

    private static JsonObject json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonObject answer = Http.obj(r);
        assertThat(answer.getString("request_id")).matches("req_([0-9]+|unknown)");
        return answer;
    }

    private static void assertEnvelope(HttpResponse<String> r, int status) {
        JsonObject answer = json(r, status);
        JsonObject withFixedId = jakarta.json.Json.createObjectBuilder(answer).add("request_id", "req_0").build();
        assertThat(withFixedId).isEqualTo(Http.parse(ENVELOPE));
        assertThat(answer.keySet()).containsExactlyElementsOf(ANSWER_KEYS);
    }

    /** 43 random base64url characters: well-formed, and matching no credential anywhere. */
    private static String random43() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
