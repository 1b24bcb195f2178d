package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.audit.AuditEvent;
import dev.wacht.core.audit.LoggingAuditListener;
import dev.wacht.core.audit.AuditDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values that came from a request cannot split or forge a log line. */
class LogTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\n", "\r", "\u0000", "\u001b", "\u007f", "\u0085", "\u009b", "\u2028", "\u2029"})
    void everyLineBreakingOrControlCharacterIsEscaped(String c) {
        String escaped = LogText.escape("GET /api/n" + c + "event=access_allowed client_id=oc_root");
        assertThat(escaped).doesNotContain(c).contains(String.format("\\u%04x", (int) c.charAt(0)));
        assertThat(escaped.chars().noneMatch(ch -> LogText.isUnsafe((char) ch))).isTrue();
    }

    @Test
    void plainTextIsKeptAndBackslashesCannotFakeAnEscape() {
        assertThat(LogText.escape("GET /api/me")).isEqualTo("GET /api/me");
        assertThat(LogText.escape("a\\u000ab")).isEqualTo("a\\\\u000ab");
        assertThat(LogText.escape(null)).isEqualTo("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0085", "\u2028", "\u2029", "\n", "\u009f"})
    void theAuditLineQuotesAndEscapesRequestValues(String c) {
        AuditEvent[] seen = new AuditEvent[1];
        DecisionAudit audit = new DecisionAudit(AuditDispatcher.of(
                List.of(e -> seen[0] = e)), Clock.systemUTC());
        AccessRequest request = AccessRequest.builder().method("GET").resource("/api/n" + c + "event=access_allowed")
                .build();
        audit.record(request, new DecisionAudit.Trace(), Outcome.denied(DenialReason.MISSING_CREDENTIAL, "none"));
        audit.dispatcher().flush(Duration.ofSeconds(10));
        String line = LoggingAuditListener.format(seen[0]);
        assertThat(line).doesNotContain(c);
        assertThat(line).contains("resource=\"/api/n" + String.format("\\u%04x", (int) c.charAt(0))
                + "event=access_allowed\"");
    }
}
