package dev.wacht.jakarta.filter;

import static dev.wacht.jakarta.filter.WachtFilterTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtConfig;
import dev.wacht.testkit.Fault;
import dev.wacht.testkit.WachtEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter fails closed, within its timeout, whatever the gateway does. */
class GatewayFailureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Generous: the configured timeout plus 2 s. */
    private static final Duration BOUND = TIMEOUT.plusSeconds(2);

    static WachtEmulator emulator;
    static EmbeddedTomcat tomcat;
    static String token;

    @BeforeAll
    static void start() throws IOException {
        emulator = WachtEmulator.start();
        tomcat = new EmbeddedTomcat();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        addContext("", emulator.baseUrl().toString());
        addContext("/down", "http://127.0.0.1:" + closedPort);
        token = emulator.mintToken("mcp:invoke").accessToken();
    }

    private static void addContext(String path, String gatewayUrl) {
        // Each fault is observed on its own: no circuit breaker (wacht-core tests the breaker).
        WachtConfig config = WachtConfig.builder().gatewayUrl(gatewayUrl).requestTimeout(TIMEOUT)
                .connectTimeout(TIMEOUT).unavailableRetryAfter(Duration.ofSeconds(7)).circuitBreakerThreshold(0)
                .build();
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
        tomcat.close();
        emulator.close();
    }

    private static HttpResponse<String> timedGet(String path) {
        long start = System.nanoTime();
        HttpResponse<String> response = tomcat.get(path, "Bearer " + token);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        return response;
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(json(response.body()).getString("error")).isEqualTo("temporarily_unavailable");
    }

    @Test
    void theGatewayWorksBeforeAnyFault() {
        assertThat(timedGet("/echo").statusCode()).isEqualTo(200);
    }

    @Test
    void aClosedPortIsUnavailable() {
        assertUnavailable(timedGet("/down/echo"));
    }

    @Test
    void aSlowOrHangingGatewayIsUnavailableAfterTheTimeout() {
        emulator.setFault(Fault.delay(Duration.ofSeconds(5)));
        assertUnavailable(timedGet("/echo"));
        emulator.setFault(Fault.hang());
        assertUnavailable(timedGet("/echo"));
    }

    @Test
    void serverErrorsAndBrokenAnswersAreUnavailable() {
        for (Fault fault : new Fault[] {Fault.status(500), Fault.status(502), Fault.garbage(), Fault.drop(),
                Fault.truncate(), Fault.oversize(), Fault.wrongShape(), Fault.contentType()}) {
            emulator.setFault(fault);
            assertUnavailable(timedGet("/echo"));
        }
    }

    @Test
    void aGatewayThatRejectsOurRequestIsAServerError() {
        for (int status : new int[] {400, 415, 422}) {
            emulator.setFault(Fault.status(status));
            HttpResponse<String> response = timedGet("/echo");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("Retry-After")).isEmpty();
            assertThat(json(response.body()).getString("error")).isEqualTo("server_error");
        }
    }
}
