package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A gateway answering HTTP 429 is throttling, not down: 503 with its Retry-After, the breaker stays closed. */
class GatewayThrottlingTest {
    private HttpServer gateway;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile String retryAfter = "7";

    @BeforeEach
    void start() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    @Test
    void manyThrottledAnswersNeverOpenTheBreakerAndCarryTheGatewaysRetryAfter() {
        WachtConfig config = WachtConfig.builder()
                .gatewayUrl("http://127.0.0.1:" + gateway.getAddress().getPort()).circuitBreakerThreshold(2).build();
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(config)) {
            AccessRequest request = AccessRequest.builder().method("GET").resource("/api/me")
                    .authorization("Bearer oat_abc").build();
            for (int i = 0; i < 10; i++) {
                Outcome o = authenticator.authenticate(request);
                assertThat(o).isInstanceOfSatisfying(Outcome.Unavailable.class,
                        u -> assertThat(u.cause()).isEqualTo(UnavailableCause.GATEWAY_THROTTLED));
                ErrorResponse answer = authenticator.errorResponse(o);
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.headers()).containsEntry("Retry-After", "7");
            }
            // Every request still reached the gateway: no open circuit in between.
            assertThat(calls.get()).isEqualTo(10);
            retryAfter = null;
            assertThat(authenticator.errorResponse(authenticator.authenticate(request)).headers())
                    .containsEntry("Retry-After", Long.toString(config.unavailableRetryAfter().toSeconds()));
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDateAndBounded() {
        Instant now = Instant.parse("2026-06-01T10:00:00Z");
        assertThat(GatewayResponses.parseRetryAfter("120", now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(GatewayResponses.parseRetryAfter("0", now)).isEqualTo(Duration.ofSeconds(1));
        assertThat(GatewayResponses.parseRetryAfter("999999", now)).isEqualTo(Duration.ofHours(1));
        assertThat(GatewayResponses.parseRetryAfter("Mon, 01 Jun 2026 10:00:30 GMT", now))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(GatewayResponses.parseRetryAfter("soon", now)).isNull();
        assertThat(GatewayResponses.parseRetryAfter("-5", now)).isNull();
        assertThat(GatewayResponses.parseRetryAfter(null, now)).isNull();
    }
}
