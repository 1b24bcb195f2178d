package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The size bound on a gateway answer holds when the answer announces no length (chunked): the library
 * counts what it reads, stops reading past {@code max-response-size} and fails closed; and an answer
 * that arrives in many small pieces is read whole. Both on the blocking and on the asynchronous path.
 */
@ExtendWith(WachtEmulatorExtension.class)
class GatewayBodyLimitTest {
    private static final int LIMIT = 4096;
    private static final long ENDLESS = 256L * 1024 * 1024;

    private final WachtEmulator wacht;

    GatewayBodyLimitTest(WachtEmulator wacht) {
        this.wacht = wacht;
    }

    private static WachtAuthenticator authenticator(String gatewayUrl) {
        return WachtAuthenticator.create(WachtConfig.builder().gatewayUrl(gatewayUrl).maxResponseSize(LIMIT)
                .requestTimeout(Duration.ofSeconds(10)).circuitBreakerThreshold(0).build());
    }

    private static HttpServer server(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/authz/check", handler);
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    @Timeout(60)
    void aChunkedAnswerLargerThanTheLimitFailsClosedAndIsNotReadToTheEnd() throws Exception {
        BlockingQueue<Long> written = new LinkedBlockingQueue<>(); // bytes sent per answer, once it ended
        HttpServer server = server(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // no length: chunked
            byte[] piece = new byte[8192];
            Arrays.fill(piece, (byte) ' ');
            long sent = 0;
            try (OutputStream out = exchange.getResponseBody()) {
                while (sent < ENDLESS) {
                    out.write(piece);
                    sent += piece.length;
                }
            } catch (IOException e) {
                // the client stopped reading and closed the connection
            } finally {
                written.add(sent);
            }
        });
        String token = wacht.mintToken("mcp:invoke").accessToken();
        try (WachtAuthenticator authenticator = authenticator(url(server))) {
            Outcome blocking = authenticator.authenticate(GatewayVerifierTest.request(token));
            assertThat(((Outcome.Unavailable) blocking).cause()).isEqualTo(UnavailableCause.INVALID_RESPONSE);
            assertThat(written.poll(30, TimeUnit.SECONDS)).isLessThan(ENDLESS);

            Outcome async = authenticator.authenticateAsync(GatewayVerifierTest.request(token)).join();
            assertThat(((Outcome.Unavailable) async).cause()).isEqualTo(UnavailableCause.INVALID_RESPONSE);
            assertThat(written.poll(30, TimeUnit.SECONDS)).isLessThan(ENDLESS);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAnswerInManySmallChunksIsReadWhole() throws Exception {
        HttpClient forwarder = HttpClient.newHttpClient();
        HttpServer server = server(exchange -> forwardInPieces(forwarder, exchange));
        String token = wacht.mintToken("mcp:invoke").accessToken();
        try (WachtAuthenticator authenticator = authenticator(url(server))) {
            assertThat(authenticator.authenticate(GatewayVerifierTest.request(token)).isAllowed()).isTrue();
            assertThat(authenticator.authenticateAsync(GatewayVerifierTest.request(token)).join().isAllowed())
                    .isTrue();
        } finally {
            server.stop(0);
        }
    }

    /** Asks the emulator, then sends its answer back chunked, seven bytes per chunk, each flushed. */
    private void forwardInPieces(HttpClient forwarder, HttpExchange exchange) throws IOException {
        byte[] check = exchange.getRequestBody().readAllBytes();
        HttpResponse<byte[]> answer;
        try {
            answer = forwarder.send(HttpRequest.newBuilder(URI.create(wacht.baseUrl() + "/v1/authz/check"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(check))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.statusCode(), 0);
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] body = answer.body();
            for (int i = 0; i < body.length; i += 7) {
                out.write(body, i, Math.min(7, body.length - i));
                out.flush();
            }
        }
    }
}
