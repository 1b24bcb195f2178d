package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wacht.testkit.internal.BearerChallenge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the HTTP answer renderer with arbitrary realms, descriptions, scopes and metadata URLs:
 * every {@code WWW-Authenticate} it renders matches the RFC 6750 §3 challenge grammar, and the body
 * is a JSON object whose {@code error_description} is the description given.
 */
class ErrorResponseFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void everyChallengeIsWellFormed(FuzzedDataProvider data) {
        DenialReason reason = data.pickValue(DenialReason.values());
        String realm = data.consumeString(40);
        String description = data.consumeString(120);
        String metadata = data.consumeBoolean() ? data.consumeString(80) : null;
        List<String> scopes = new ArrayList<>();
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            scopes.add(data.consumeString(20));
        }
        Outcome.Denied denied = reason == DenialReason.INSUFFICIENT_SCOPE && !scopes.isEmpty()
                ? Outcome.insufficientScope(scopes, null, null) : Outcome.denied(reason, description);

        ErrorResponse response = ErrorResponse.of(denied, realm, metadata);

        assertThat(response.status()).isEqualTo(reason.httpStatus());
        String challenge = response.headers().get("WWW-Authenticate");
        if (reason == DenialReason.RATE_LIMITED) {
            assertThat(challenge).isNull();
        } else {
            assertThat(BearerChallenge.isWellFormed(challenge)).as(challenge).isTrue();
        }
        JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(body.getString("error_description")).isEqualTo(denied.description());
    }
}
