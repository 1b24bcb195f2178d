package dev.wacht.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structured line of the default listener. */
class LoggingAuditListenerTest {
    private static final Instant T = Instant.parse("2026-05-20T10:15:00Z");

    @Test
    void writesKeyValuePairsInAFixedOrder() {
        AuditEvent e = AuditEvent.builder(AuditEvent.Type.SCOPE_DENIED, T).requestId("req_1").clientId("oc_1")
                .method("POST").resource("/mcp").clientIp("203.0.113.7").tokenFingerprint("sha256:0123456789ab")
                .reason("insufficient_scope").requiredScopes(List.of("mcp:invoke", "mcp:admin"))
                .grantedScopes(List.of("profile")).gatewayLatency(Duration.ofMillis(12))
                .description("The credential lacks the permissions this resource requires").build();
        assertThat(LoggingAuditListener.format(e)).isEqualTo("event=scope_denied timestamp=2026-05-20T10:15:00Z"
                + " request_id=req_1 client_id=oc_1 method=POST resource=/mcp client_ip=203.0.113.7"
                + " token=sha256:0123456789ab reason=insufficient_scope required=mcp:invoke,mcp:admin granted=profile"
                + " gateway_ms=12 description=\"The credential lacks the permissions this resource requires\"");
        assertThat(LoggingAuditListener.levelOf(e)).isEqualTo(Level.INFO);
    }

    @Test
    void requestControlledValuesCannotForgeOrSplitALine() {
        AuditEvent e = AuditEvent.builder(AuditEvent.Type.VERIFICATION_FAILED, T)
                .resource("/x\nevent=access_allowed \"q\" \\").method("GET").clientIp("a=b")
                .reason("missing_credential").build();
        String line = LoggingAuditListener.format(e);
        assertThat(line).doesNotContain("\n").contains("resource=\"/x\\u000aevent=access_allowed \\\"q\\\" \\\\\"")
                .contains("client_ip=\"a=b\"");
        assertThat(LoggingAuditListener.levelOf(e)).isEqualTo(Level.DEBUG);
        AuditEvent longOne = AuditEvent.builder(AuditEvent.Type.GRANT_REVOKED, T).actor("a".repeat(1000)).build();
        assertThat(LoggingAuditListener.format(longOne)).hasSizeLessThan(400);
    }

    @Test
    void levelsFollowTheEventType() {
        assertThat(LoggingAuditListener.levelOf(AuditEvent.builder(AuditEvent.Type.ACCESS_ALLOWED, T).build()))
                .isEqualTo(Level.DEBUG);
        assertThat(LoggingAuditListener.levelOf(AuditEvent.builder(AuditEvent.Type.GATEWAY_UNAVAILABLE, T).build()))
                .isEqualTo(Level.WARNING);
        assertThat(LoggingAuditListener.levelOf(AuditEvent.builder(AuditEvent.Type.SECRET_ROTATED, T).build()))
                .isEqualTo(Level.INFO);
    }

    @Test
    void aRawCredentialCannotBePassedAsAFingerprint() {
        assertThatThrownBy(() -> AuditEvent.builder(AuditEvent.Type.ACCESS_ALLOWED, T).tokenFingerprint("oat_secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("oat_secret");
    }
}
