package dev.wacht.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.testkit.internal.HostileAuthorization;
import dev.wacht.testkit.internal.HostileAuthorization.Answer;
import dev.wacht.testkit.internal.HostileAuthorization.Case;
import dev.wacht.testkit.internal.SecretWatch;
import dev.wacht.testkit.WachtEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
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
     * answers for the rewritten value: {@code Bearer abc123XYZ} is a well-formed credential that is
     * no Wacht token (401 invalid_token, without asking the gateway), and {@code Bearer <token>CR}
     * is the valid token (200, checked with the gateway).
     */
    private static final Map<String, Case> REWRITTEN_BY_SERVER = rewritten(Map.of(
            "tab-after-scheme", 401, "space-then-tab", 401, "ctl-00-end", 401, "ctl-0b-end", 401,
            "ctl-0c-end", 401, "ctl-1b-end", 401, "valid-cr", 200, "valid-nul", 200));
    /**
     * The raw cases the JDK HTTP server refuses itself (400 without challenge, or closing the
     * connection) before any application code runs: exactly these.
     */
    private static final Set<String> REFUSED_BY_SERVER = Set.of("ctl-0a-middle", "ctl-0d-middle", "size-1m",
            "valid-lf-header");
    /** The JDK server's request log, which quotes the request line and so a query-string token. */
    private static final String JDK_SERVER_LOG = "com.sun.net.httpserver";

    static SecretWatch watch;
    static WachtEmulator emulator;
    static HttpServer server;
    static URI base;
    static Map<String, String> vars;

    @BeforeAll
    static void start() {
        // Not the extension's: the test client's trace of its request URIs, and the JDK server's request
        // line with a query string (a query-string token, which the extension ignores). Every other record
        // of the JDK server is scanned.
        watch = SecretWatch.install(List.of("dev.wacht", "org.glassfish", JDK_SERVER_LOG, "jakarta"),
                record -> JDK_SERVER_LOG.equals(record.getLoggerName())
                        && new SimpleFormatter().formatMessage(record).contains(" /files?")
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
        return HostileAuthorization.corpus().stream().map(c -> REWRITTEN_BY_SERVER.getOrDefault(c.name(), c))
                .collect(Collectors.toList());
    }

    private static Map<String, Case> rewritten(Map<String, Integer> statusByName) {
        return HostileAuthorization.corpus().stream().filter(c -> statusByName.containsKey(c.name()))
                .collect(Collectors.toMap(Case::name, c -> statusByName.get(c.name()) == 200
                        ? c.answeredAs(200, null, true) : c.answeredAs(401, "invalid_token", false)));
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
        assertThat(c.mismatch(answer, "wacht", calls, REFUSED_BY_SERVER.contains(c.name()))).as(c.name()).isNull();
        if (!REFUSED_BY_SERVER.contains(c.name())) {
            watch.scanAnswer(c.name(), answer);
        }
    }

    @Test
    void everyCaseTheServerMayRefuseOrRewriteIsARawCaseOfTheCorpus() {
        List<String> raw = HostileAuthorization.corpus().stream().filter(Case::raw).map(Case::name)
                .collect(Collectors.toList());
        assertThat(raw).containsAll(REFUSED_BY_SERVER).containsAll(REWRITTEN_BY_SERVER.keySet());
    }

    @Test
    @Order(3)
    void noSecretLeftTheExtension() {
        // Audit events and their log lines arrive on the dispatcher's thread after each answer.
        assertThat(AuditDispatcher.flushAll(Duration.ofSeconds(10))).isTrue();
        assertThat(watch.loggersTurnedDown()).isEmpty();
        assertThat(watch.scanned(JDK_SERVER_LOG)).isPositive();
        assertThat(watch.leaks()).isEmpty();
        System.out.printf("hostile corpus via Jersey JDK HTTP: %d cases, %d refused and %d rewritten by the server "
                + "itself, %d log records seen, %d of the server scanned%n", corpus().size(), REFUSED_BY_SERVER.size(),
                REWRITTEN_BY_SERVER.size(), watch.records(), watch.scanned(JDK_SERVER_LOG));
    }
}
