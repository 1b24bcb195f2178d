package dev.wacht.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.testkit.BearerChallenge;
import dev.wacht.testkit.HostileAuthorization;
import dev.wacht.testkit.HostileAuthorization.Answer;
import dev.wacht.testkit.HostileAuthorization.Case;
import dev.wacht.testkit.SecretWatch;
import dev.wacht.testkit.WachtEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-header corpus through the JAX-RS extension on Jersey's JDK HTTP server (no servlets):
 * the same documented answers as the servlet filter, never a 5xx, the gateway only for
 * syntactically valid credentials, and no secret in any log record (every logger at ALL), audit
 * event or answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * Raw cases the JDK HTTP server rewrites before any application code sees them: it turns a tab
     * into a space and trims control characters at the end of a header value, so the extension
     * answers for the rewritten value (for {@code Bearer <token>CR} that is the valid token).
     */
    private static final Set<String> REWRITTEN_BY_SERVER = Set.of("tab-after-scheme", "space-then-tab",
            "ctl-00-end", "ctl-0b-end", "ctl-0c-end", "ctl-1b-end", "valid-cr", "valid-nul");

    static SecretWatch watch;
    static WachtEmulator emulator;
    static HttpServer server;
    static URI base;
    static Map<String, String> vars;
    static final AtomicInteger refusedByServer = new AtomicInteger();

    @BeforeAll
    static void start() {
        // Not the extension's: the test client's trace of its request URIs, and the JDK server's request
        // log, which prints the request line; both show a query-string token (which the extension ignores).
        watch = SecretWatch.install(List.of("dev.wacht", "org.glassfish", "com.sun.net.httpserver", "jakarta"),
                record -> "com.sun.net.httpserver".equals(record.getLoggerName())
                        || "jdk.internal.httpclient.debug".equals(record.getLoggerName()) && base != null
                        && String.valueOf(record.getMessage()).contains(base.getAuthority()));
        emulator = WachtEmulator.start();
        watch.watch(emulator.backendApiKey());
        String valid = emulator.mintToken("files:read").accessToken();
        watch.watch(valid);
        vars = Map.of("valid", valid, "kid", emulator.activeSigningKeyId());
        WachtConfig config = WachtConfig.builder().gatewayUrl(emulator.baseUrl()).oauthIssuer(emulator.issuer())
                .apiKey(emulator.backendApiKey())
                .auditListener(event -> event.fields().forEach((k, v) -> watch.scan("audit " + k, v))).build();
        server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
                new ResourceConfig(FileResource.class).register(new WachtFeature(config)));
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        emulator.close();
        watch.close();
    }

    static List<Case> corpus() {
        return HostileAuthorization.corpus();
    }

    @Test
    @Order(1)
    void theValidTokenPasses() {
        assertThat(new Http(base).get("files", "Bearer " + vars.get("valid")).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Order(2)
    void eachCaseGetsItsDocumentedAnswer(Case c) throws Exception {
        watch.watchAuthorization(c.authorization(vars));
        int before = emulator.checks().size();
        Answer answer = c.send(base.resolve("files"), vars, TIMEOUT);
        int calls = emulator.checks().size() - before;
        if (REWRITTEN_BY_SERVER.contains(c.name())) {
            assertThat(answer.status()).as(c.name()).isLessThan(500);
            answer.challenges().forEach(ch -> assertThat(BearerChallenge.isWellFormed(ch)).as(ch).isTrue());
            return;
        }
        assertThat(c.mismatch(answer, "wacht", calls)).as(c.name()).isNull();
        if (c.refusedByContainer(answer)) {
            refusedByServer.incrementAndGet();
        } else {
            watch.scanAnswer(c.name(), answer);
        }
    }

    @Test
    @Order(3)
    void noSecretLeftTheExtension() {
        // Audit events and their log lines arrive on the dispatcher's thread after each answer.
        assertThat(AuditDispatcher.flushAll(Duration.ofSeconds(10))).isTrue();
        assertThat(watch.records()).isPositive();
        assertThat(watch.leaks()).isEmpty();
        System.out.printf("hostile corpus via Jersey JDK HTTP: %d cases, %d refused by the server itself, "
                + "%d log records scanned%n", corpus().size(), refusedByServer.get(), watch.records());
    }
}
