package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.Base64URL;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Fuzzes the JWT checks made before any key lookup: anything is refused with {@code Refused} or
 * passes as three base64url segments whose header is a JSON object naming RS256 and a usable
 * {@code kid}; nothing else is ever thrown.
 */
class JwtPreParseFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void passesOnlyRs256HeadersWithAKid(FuzzedDataProvider data) {
        boolean structured = data.consumeBoolean();
        String token = structured ? segment(data) + "." + segment(data) + "." + data.consumeAsciiString(64)
                : data.consumeRemainingAsString();
        if (token.isEmpty()) {
            return;
        }
        JwtVerifier.Parsed parsed;
        try {
            parsed = JwtVerifier.preParse(BearerCredential.of(token), 4096);
        } catch (JwtVerifier.Refused refused) {
            assertThat(refused.getMessage()).startsWith("The ").doesNotContain(token.length() >= 8 ? token : "\n");
            return;
        }
        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        // Decoded as the verifier does (Nimbus tolerates non-zero bits in a last, partial base64 character,
        // which the JDK's decoder refuses; the signature covers the encoded text, so both read the same JSON).
        JsonObject header = Json.createReader(new StringReader(new Base64URL(parts[0]).decodeToString())).readObject();
        assertThat(header.getString("alg")).isEqualTo("RS256");
        assertThat(header.getString("kid")).isNotEmpty().hasSizeLessThanOrEqualTo(256);
        assertThat(parsed.header.getKeyID()).isEqualTo(header.getString("kid"));
    }

    /** A base64url segment of fuzzed JSON-ish text, so the fuzzer reaches the header parser quickly. */
    private static String segment(FuzzedDataProvider data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                data.consumeString(300).getBytes(StandardCharsets.UTF_8));
    }
}
