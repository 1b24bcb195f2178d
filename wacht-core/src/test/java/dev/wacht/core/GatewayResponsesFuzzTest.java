package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Fuzzes the gateway answer decoder: it never throws, and it allows only a 200 {@code application/json}
 * answer that is a JSON object with {@code "allowed": true}, a string {@code request_id}, no denial
 * reason, an {@code identity} object naming the client and a {@code permissions} array, checked
 * here with an independent JSON parser. Denials need a 200 with {@code "allowed": false} or a 401.
 */
class GatewayResponsesFuzzTest {
    private static final int[] STATUSES = {200, 200, 200, 401, 400, 403, 415, 422, 429, 500, 502, 503};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
        "APPLICATION/JSON", "text/html", "application/jsonx", "", null};
    private final GatewayResponses decoder = new GatewayResponses(Duration.ofSeconds(5));

    @FuzzTest(maxDuration = "10s")
    void neverAllowsWhatIsNotAWellFormedAllowedAnswer(FuzzedDataProvider data) {
        int status = data.pickValue(STATUSES);
        String contentType = data.pickValue(CONTENT_TYPES);
        CredentialKind kind = data.consumeBoolean() ? CredentialKind.OAUTH_ACCESS_TOKEN : CredentialKind.API_KEY;
        byte[] body = data.consumeRemainingAsBytes();
        VerificationRequest request = new VerificationRequest(BearerCredential.of("oat_fuzz"), kind,
                AccessRequest.builder().method("GET").resource("mcp").requiredPermissions(List.of("mcp:invoke"))
                        .build());

        Outcome outcome = decoder.decode(request, status, contentType, body);

        assertThat(outcome).isNotNull();
        if (outcome instanceof Outcome.Allowed) {
            assertThat(status).isEqualTo(200);
            assertThat(GatewayResponses.isJson(contentType)).isTrue();
            JsonObject answer = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))
                    .readObject();
            assertThat(answer.get("allowed")).isEqualTo(JsonValue.TRUE);
            assertThat(answer.get("request_id").getValueType()).isEqualTo(JsonValue.ValueType.STRING);
            assertThat(answer.get("reason")).isIn(null, JsonValue.NULL);
            JsonObject identity = answer.getJsonObject("identity");
            String client = identity.getString(kind == CredentialKind.OAUTH_ACCESS_TOKEN ? "key_name" : "key_id");
            assertThat(client).isNotEmpty().isEqualTo(((Outcome.Allowed) outcome).principal().clientId());
            assertThat(answer.getJsonArray("permissions")).allMatch(
                    v -> v.getValueType() == JsonValue.ValueType.STRING);
        } else if (outcome instanceof Outcome.Denied) {
            Outcome.Denied denied = (Outcome.Denied) outcome;
            if (denied.reason() == DenialReason.INVALID_TOKEN) {
                assertThat(status).isEqualTo(401);
            } else {
                assertThat(status).isEqualTo(200);
                assertThat(denied.reason()).isIn(DenialReason.INSUFFICIENT_SCOPE, DenialReason.RATE_LIMITED);
                assertThat(denied.retryAfter().orElse(Duration.ofSeconds(1))).isGreaterThanOrEqualTo(
                        Duration.ofSeconds(1));
            }
        } else {
            assertThat(((Outcome.Unavailable) outcome).retryAfter()).isEqualTo(Duration.ofSeconds(5));
        }
    }
}
