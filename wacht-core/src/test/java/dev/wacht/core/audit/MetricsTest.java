package dev.wacht.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The in-memory metrics, the Micrometer binder, and that only the binder touches Micrometer. */
class MetricsTest {
    private static final Instant T = Instant.parse("2026-05-20T10:15:00Z");

    private static List<AuditEvent> sample() {
        return List.of(
                AuditEvent.builder(AuditEvent.Type.ACCESS_ALLOWED, T).clientId("oc_a")
                        .gatewayLatency(Duration.ofMillis(10)).build(),
                AuditEvent.builder(AuditEvent.Type.ACCESS_ALLOWED, T).clientId("oc_b")
                        .gatewayLatency(Duration.ofMillis(30)).build(),
                AuditEvent.builder(AuditEvent.Type.ACCESS_ALLOWED, T).clientId("oc_c")
                        .gatewayLatency(Duration.ofMillis(20)).build(),
                AuditEvent.builder(AuditEvent.Type.VERIFICATION_FAILED, T).reason("invalid_token").build(),
                AuditEvent.builder(AuditEvent.Type.SCOPE_DENIED, T).reason("insufficient_scope").clientId("oc_a")
                        .build(),
                AuditEvent.builder(AuditEvent.Type.GATEWAY_UNAVAILABLE, T).reason("gateway_timeout").build(),
                AuditEvent.builder(AuditEvent.Type.GRANT_REVOKED, T).actor("ops").build());
    }

    @Test
    void inMemoryMetricsCountByOutcomeReasonAndBoundedClientId() {
        AuditMetrics m = new AuditMetrics(2);
        sample().forEach(m::onEvent);
        assertThat(m.decisions("allowed", "none", "oc_a")).isEqualTo(1);
        assertThat(m.decisions("allowed", "none", "oc_b")).isEqualTo(1);
        assertThat(m.decisions("allowed", "none", "other")).isEqualTo(1); // the third distinct id
        assertThat(m.decisions("denied", "invalid_token", "unknown")).isEqualTo(1);
        assertThat(m.decisions("denied", "insufficient_scope", "oc_a")).isEqualTo(1);
        assertThat(m.decisions("unavailable")).isEqualTo(1);
        assertThat(m.decisions("allowed")).isEqualTo(3);
        assertThat(m.events(AuditEvent.Type.GRANT_REVOKED)).isEqualTo(1);
        assertThat(m.gatewayCalls()).isEqualTo(3);
        assertThat(m.gatewayLatencyTotal()).isEqualTo(Duration.ofMillis(60));
        assertThat(m.gatewayLatencyMax()).isEqualTo(Duration.ofMillis(30));
    }

    @Test
    void theMeterBinderRegistersCountersAndATimer() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WachtMeterBinder binder = new WachtMeterBinder(2);
        binder.onEvent(sample().get(0)); // before binding: not counted
        binder.bindTo(registry);
        sample().forEach(binder::onEvent);
        assertThat(registry.get("wacht.authz.decisions").tags("outcome", "allowed", "client_id", "oc_a").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("wacht.authz.decisions").tags("outcome", "allowed", "client_id", "other").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("wacht.authz.decisions").tags("reason", "invalid_token", "client_id", "unknown")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("wacht.management.operations").tag("operation", "grant_revoked").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("wacht.gateway.latency").timer().count()).isEqualTo(3);
        assertThat(registry.get("wacht.gateway.latency").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(30.0);
        assertThat(registry.get("wacht.authz.decisions").counters().stream().map(c -> c.getId().getTag("client_id"))
                .collect(Collectors.toSet())).containsExactlyInAnyOrder("oc_a", "oc_b", "other", "unknown");
    }

    @Test
    void onlyTheMeterBinderReferencesMicrometer() throws IOException, URISyntaxException {
        Path classes = Path.of(WachtMeterBinder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> users;
        try (Stream<Path> files = Files.walk(classes)) {
            users = files.filter(p -> p.toString().endsWith(".class")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains("io/micrometer/");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(p -> classes.relativize(p).toString()).collect(Collectors.toList());
        }
        assertThat(users).containsExactly("dev/wacht/core/audit/WachtMeterBinder.class".replace('/',
                classes.getFileSystem().getSeparator().charAt(0)));
    }
}
