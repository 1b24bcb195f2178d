package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzzes the credential parser: it never throws, accepts exactly the headers of the RFC 6750 §2.1
 * grammar within the length cap, and refuses everything else with a fixed description that never
 * echoes the header.
 */
class BearerCredentialsFuzzTest {
    private static final Pattern CREDENTIALS = Pattern.compile("[ \\t]*(?i:bearer) +([A-Za-z0-9\\-._~+/]+=*)[ \\t]*");
    private static final Set<String> DESCRIPTIONS = Set.of("Bearer access token required",
            "More than one Authorization header", "Empty Authorization header",
            "Authorization header does not start with a scheme", "Authorization scheme is not followed by a space",
            "Bearer scheme without a token", "Bearer scheme must be followed by a space",
            "Bearer token is longer than # characters", "Bearer token has '=' padding before its end",
            "Bearer token contains whitespace", "Bearer token contains a control character at position #",
            "Bearer token contains a non-ASCII character at position #",
            "Bearer token contains a character outside token68 syntax at position #",
            "Bearer token consists of padding only");

    @FuzzTest(maxDuration = "10s")
    void acceptsExactlyTheBearerGrammar(FuzzedDataProvider data) {
        int maxLength = data.consumeInt(16, 512);
        int count = data.consumeInt(0, 3);
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            headers.add(data.consumeString(600));
        }
        BearerCredentials.Extraction e = BearerCredentials.extract(headers, maxLength);

        assertThat(e.credential().isPresent()).isNotEqualTo(e.rejection().isPresent());
        var grammar = headers.size() == 1 ? CREDENTIALS.matcher(headers.get(0)) : null;
        boolean wellFormed = grammar != null && grammar.matches() && grammar.group(1).length() <= maxLength
                && grammar.group(1).charAt(0) != '=';
        if (e.credential().isPresent()) {
            assertThat(wellFormed).as("accepted %s", headers).isTrue();
            assertThat(e.credential().get().value()).isEqualTo(grammar.group(1));
        } else {
            assertThat(wellFormed).as("refused %s", headers).isFalse();
            Outcome.Denied denied = e.rejection().get();
            assertThat(denied.reason()).isIn(DenialReason.MISSING_CREDENTIAL, DenialReason.INVALID_REQUEST);
            assertThat(denied.description().replaceAll("(?<= )\\d+", "#")).isIn(DESCRIPTIONS);
        }
    }
}
