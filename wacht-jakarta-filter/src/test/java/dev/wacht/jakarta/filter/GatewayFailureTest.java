package dev.wacht.jakarta.filter;

import static dev.wacht.jakarta.filter.WachtFilterTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtConfig;
import dev.wacht.testkit.internal.ClosedPort;
import dev.wacht.testkit.Fault;
import dev.wacht.testkit.WachtEmulator;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter fails closed, within its timeout, whatever the gateway does: each fault is hit by a
 * burst of concurrent requests, every one answered 503 within the timeout plus 2 s; the filter
 * recovers on its own once the gateway behaves; no thread is left waiting in the filter; and the
 * circuit breaker answers at once, without calling the gateway, until it lets a probe through.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayFailureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Generous: the configured timeout plus 2 s. */
    private static final Duration BOUND = TIMEOUT.plusSeconds(2);
    private static final int BURST = 8;
    /** The breaker's open window: longer than {@link #OPEN_ANSWERS} answers that each take less than the timeout. */
    private static final Duration OPEN_FOR = Duration.ofSeconds(5);
    private static final int OPEN_ANSWERS = 3;

    static WachtEmulator emulator;
    static EmbeddedTomcat tomcat;
    static String token;
    static ClosedPort down;
    static int baselineThreads;
    static final ExecutorService clients = Executors.newFixedThreadPool(BURST);

    @BeforeAll
    static void start() throws IOException {
        emulator = WachtEmulator.start();
        tomcat = new EmbeddedTomcat();
        // Refuses connections, and no other process can take the port until the test starts a gateway there.
        down = ClosedPort.reserve();
        // Each fault is observed on its own in "" and "/down": no circuit breaker there.
        addContext("", emulator.baseUrl().toString(), 0);
        addContext("/down", "http://127.0.0.1:" + down.port(), 0);
        addContext("/breaker", emulator.baseUrl().toString(), 3);
        token = emulator.mintToken("mcp:invoke").accessToken();
    }

    private static void addContext(String path, String gatewayUrl, int breakerThreshold) {
        WachtConfig config = WachtConfig.builder().gatewayUrl(gatewayUrl).requestTimeout(TIMEOUT)
                .connectTimeout(TIMEOUT).unavailableRetryAfter(Duration.ofSeconds(7))
                .circuitBreakerThreshold(breakerThreshold).circuitBreakerOpenFor(OPEN_FOR).build();
        WachtFilterOptions options = WachtFilterOptions.builder().config(config).resource("mcp")
                .requiredPermissions("mcp:invoke").build();
        tomcat.addContext(path, (classes, context) -> {
            WachtFilter.register(context, "wacht", options, "/*");
            TestApp.addAll(context);
        });
    }

    @AfterEach
    void clearFault() {
        emulator.clearFault();
    }

    @AfterAll
    static void stop() throws Exception {
        clients.shutdownNow();
        tomcat.close();
        emulator.close();
        down.close();
    }

    private static HttpResponse<String> timedGet(String path, String bearer) {
        long start = System.nanoTime();
        HttpResponse<String> response = tomcat.get(path, "Bearer " + bearer);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        return response;
    }

    /** Sends {@link #BURST} requests at once; each must be answered within the bound. */
    private static List<HttpResponse<String>> burst(String path) {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            pending.add(CompletableFuture.supplyAsync(() -> timedGet(path, token), clients));
        }
        return pending.stream().map(CompletableFuture::join).collect(Collectors.toList());
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(json(response.body()).getString("error")).isEqualTo("temporarily_unavailable");
    }

    @Test
    @Order(1)
    void theGatewayWorksBeforeAnyFault() {
        assertThat(burst("/echo")).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(burst("/breaker/echo")).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        baselineThreads = Thread.activeCount();
    }

    static Stream<Fault> faults() {
        return Stream.of(Fault.hang(), Fault.delay(Duration.ofSeconds(5)), Fault.status(500), Fault.status(502),
                Fault.status(503), Fault.drop(), Fault.garbage(), Fault.truncate(), Fault.oversize(),
                Fault.contentType(), Fault.wrongShape(), Fault.wrongShape("[]"), Fault.wrongShape("{\"allowed\":true}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    @Order(2)
    void everyRequestFailsClosedWithinTheTimeoutThenTheFilterRecovers(Fault fault) {
        emulator.setFault(fault);
        assertThat(burst("/echo")).allSatisfy(GatewayFailureTest::assertUnavailable);
        emulator.clearFault();
        assertThat(timedGet("/echo", token).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void aGatewayThatRefusesConnectionsIsUnavailableUntilItComesUp() {
        assertThat(burst("/down/echo")).allSatisfy(GatewayFailureTest::assertUnavailable);
        down.close();
        try (WachtEmulator late = WachtEmulator.builder().port(down.port()).start()) {
            assertThat(timedGet("/down/echo", late.mintToken("mcp:invoke").accessToken()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    @Order(4)
    void aGatewayThatRejectsOurRequestIsAServerError() {
        for (int status : new int[] {400, 415, 422}) {
            emulator.setFault(Fault.status(status));
            HttpResponse<String> response = timedGet("/echo", token);
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("Retry-After")).isEmpty();
            assertThat(json(response.body()).getString("error")).isEqualTo("server_error");
        }
    }

    @Test
    @Order(5)
    void theCircuitBreakerAnswersAtOnceWithoutTheGatewayThenProbesAndRecovers() throws InterruptedException {
        emulator.setFault(Fault.hang());
        for (int i = 0; i < 3; i++) {
            assertUnavailable(timedGet("/breaker/echo", token));
        }
        long opened = System.nanoTime();
        int checks = emulator.checks().size();
        // Each open answer comes without waiting for the hanging gateway (which takes the timeout), so
        // all of them come within OPEN_ANSWERS timeouts, inside the open window.
        for (int i = 0; i < OPEN_ANSWERS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> open = tomcat.get("/breaker/echo", "Bearer " + token);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
            assertThat(open.statusCode()).isEqualTo(503);
            assertThat(Integer.parseInt(open.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1, (int) OPEN_FOR.toSeconds());
        }
        assertThat(emulator.checks()).hasSize(checks);

        emulator.clearFault();
        // Past the open window (measured from when the breaker opened), the next request is the probe.
        Thread.sleep(Math.max(0, OPEN_FOR.toMillis() - Duration.ofNanos(System.nanoTime() - opened).toMillis()) + 100);
        assertThat(timedGet("/breaker/echo", token).statusCode()).isEqualTo(200);
        assertThat(timedGet("/breaker/echo", token).statusCode()).isEqualTo(200);
        assertThat(emulator.checks()).hasSize(checks + 2);
    }

    @Test
    @Order(6)
    void noThreadIsLeftWaitingInTheFilter() throws InterruptedException {
        List<String> stuck = List.of();
        for (int attempt = 0; attempt < 20; attempt++) {
            stuck = EmbeddedTomcat.threadsInTheFilter();
            if (stuck.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(stuck).isEmpty();
        // Pools may keep idle workers from the bursts (Tomcat's, each context's HTTP client's); a leak would
        // grow by a burst for each of the 15 faults.
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(baselineThreads + 4 * BURST);
    }
}
