package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtConfig;
import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.core.audit.WachtMeterBinder;
import dev.wacht.testkit.internal.HostileAuthorization;
import dev.wacht.testkit.internal.HostileAuthorization.Answer;
import dev.wacht.testkit.internal.HostileAuthorization.Case;
import dev.wacht.testkit.internal.SecretWatch;
import dev.wacht.testkit.WachtEmulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /**
     * The raw cases Tomcat refuses itself, with its own 400 and no challenge (or by closing the
     * connection), before any filter runs: exactly these, so that a filter that answers a bare 400
     * for some other case fails here.
     */
    static final Set<String> REFUSED_BY_TOMCAT = refusedByTomcat();

    /**
     * Tomcat 10.1 refuses a header value with a control character other than tab (in the middle or
     * at the end: it does not trim them), a header line split by a bare CR or LF, and a header
     * larger than the connector allows.
     */
    private static Set<String> refusedByTomcat() {
        Set<String> names = new java.util.HashSet<>(Set.of("size-1m", "valid-cr", "valid-nul", "valid-lf-header",
                "ctl-00-end", "ctl-0b-end", "ctl-0c-end", "ctl-1b-end", "ctl-7f-end", "ctl-7f-middle"));
        for (int c = 0; c < 0x20; c++) {
            if (c != '\t') {
                names.add(String.format("ctl-%02x-middle", c));
            }
        }
        return Set.copyOf(names);
    }

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
        assertThat(c.mismatch(answer, "wacht", calls, REFUSED_BY_TOMCAT.contains(c.name()))).as(c.name()).isNull();
        // Tomcat's own error page may quote the header line it refused; no filter ran.
        if (!REFUSED_BY_TOMCAT.contains(c.name())) {
            watch.scanAnswer(c.name(), answer);
        }
    }

    @Test
    void everyCaseTomcatMayRefuseIsARawCaseOfTheCorpus() {
        assertThat(corpus().stream().filter(Case::raw).map(Case::name)).containsAll(REFUSED_BY_TOMCAT);
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
        // Tomcat's loggers stayed at ALL (nothing quieted them once the watch was on) and were read.
        assertThat(watch.loggersTurnedDown()).isEmpty();
        assertThat(watch.scanned("org.apache")).isPositive();
        assertThat(watch.leaks()).isEmpty();
        System.out.printf("hostile corpus via Tomcat: %d cases, %d refused by Tomcat itself, %d log records seen, "
                + "%d of Tomcat scanned%n", corpus().size(), REFUSED_BY_TOMCAT.size(), watch.records(),
                watch.scanned("org.apache"));
    }
}
