package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtConfig;
import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.core.audit.WachtMeterBinder;
import dev.wacht.testkit.HostileAuthorization;
import dev.wacht.testkit.HostileAuthorization.Answer;
import dev.wacht.testkit.HostileAuthorization.Case;
import dev.wacht.testkit.SecretWatch;
import dev.wacht.testkit.WachtEmulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-header corpus through the servlet filter in a real Tomcat: each case gets its
 * documented 400/401 with a well-formed challenge, or (raw bytes only) Tomcat's own 400 before any
 * filter runs; never a 5xx; the gateway only sees syntactically valid credentials; and with every
 * logger at ALL, no token or API key appears in a log record, audit event, metric tag or answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Large enough for the 64 KiB cases to reach the filter; the 1 MiB case is Tomcat's to refuse. */
    private static final int MAX_HEADER_BYTES = 128 * 1024;

    static SecretWatch watch;
    static WachtEmulator emulator;
    static EmbeddedTomcat tomcat;
    static SimpleMeterRegistry meters;
    static Map<String, String> vars;
    static final AtomicInteger refusedByTomcat = new AtomicInteger();

    @BeforeAll
    static void start() {
        watch = SecretWatch.install(List.of("dev.wacht", "org.apache", "jakarta", "org.glassfish"),
                record -> tomcat != null && tomcat.isContainerOrClientTrace(record));
        emulator = WachtEmulator.start();
        watch.watch(emulator.backendApiKey());
        String valid = emulator.mintToken("mcp:invoke").accessToken();
        watch.watch(valid);
        vars = Map.of("valid", valid, "kid", emulator.activeSigningKeyId());
        meters = new SimpleMeterRegistry();
        WachtMeterBinder binder = new WachtMeterBinder();
        binder.bindTo(meters);
        WachtConfig config = WachtConfig.builder().gatewayUrl(emulator.baseUrl()).oauthIssuer(emulator.issuer())
                .apiKey(emulator.backendApiKey()).auditListener(binder)
                .auditListener(event -> event.fields().forEach((k, v) -> watch.scan("audit " + k, v))).build();
        WachtFilterOptions options = WachtFilterOptions.builder().config(config).resource("mcp")
                .requiredPermissions("mcp:invoke").build();
        tomcat = new EmbeddedTomcat(MAX_HEADER_BYTES);
        tomcat.addContext("", (classes, context) -> {
            WachtFilter.register(context, "wacht", options, "/*");
            TestApp.addAll(context);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
        emulator.close();
        watch.close();
    }

    static List<Case> corpus() {
        return HostileAuthorization.corpus();
    }

    @Test
    @Order(1)
    void theValidTokenPasses() {
        assertThat(tomcat.get("/echo", "Bearer " + vars.get("valid")).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Order(2)
    void eachCaseGetsItsDocumentedAnswer(Case c) throws Exception {
        watch.watchAuthorization(c.authorization(vars));
        int before = emulator.checks().size();
        Answer answer = c.send(tomcat.uri("/echo"), vars, TIMEOUT);
        int calls = emulator.checks().size() - before;
        assertThat(c.mismatch(answer, "wacht", calls)).as(c.name()).isNull();
        if (c.refusedByContainer(answer)) {
            // Tomcat's own error page may quote the header line it refused; no filter ran.
            refusedByTomcat.incrementAndGet();
        } else {
            watch.scanAnswer(c.name(), answer);
        }
    }

    @Test
    @Order(3)
    void noSecretLeftTheFilter() {
        // Audit events, their log lines and metrics arrive on the dispatcher's thread after each answer.
        assertThat(AuditDispatcher.flushAll(Duration.ofSeconds(10))).isTrue();
        for (Meter meter : meters.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                watch.scan("metric " + meter.getId().getName(), tag.getValue());
            }
        }
        assertThat(watch.records()).isPositive();
        assertThat(watch.leaks()).isEmpty();
        System.out.printf("hostile corpus via Tomcat: %d cases, %d refused by Tomcat itself, %d log records scanned%n",
                corpus().size(), refusedByTomcat.get(), watch.records());
    }
}
