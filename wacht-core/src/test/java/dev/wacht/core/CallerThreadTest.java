package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a gateway check uses threads: {@code authenticate} does its I/O on the caller's thread and
 * {@code authenticateAsync} starts no thread per call, on any CPU count; and a gateway that sends
 * its headers but stalls in the middle of the body still releases the caller at the deadline.
 */
@ExtendWith(WachtEmulatorExtension.class)
class CallerThreadTest {
    private static final int CALLS = 200;
    /** Threads the JVM may start for other reasons meanwhile (pools warming up, the audit thread). */
    private static final int ALLOWANCE = 20;

    private final WachtEmulator wacht;

    CallerThreadTest(WachtEmulator wacht) {
        this.wacht = wacht;
    }

    private WachtAuthenticator authenticator(String gatewayUrl, Duration timeout) {
        return WachtAuthenticator.create(WachtConfig.builder().gatewayUrl(gatewayUrl).requestTimeout(timeout)
                .circuitBreakerThreshold(0).build());
    }

    @Test
    void blockingChecksStartNoThreadPerCall() {
        wacht.reset();
        String token = wacht.mintToken("mcp:invoke").accessToken();
        try (WachtAuthenticator authenticator = authenticator(wacht.baseUrl().toString(), Duration.ofSeconds(5))) {
            assertThat(authenticator.authenticate(GatewayVerifierTest.request(token)).isAllowed()).isTrue();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long before = threads.getTotalStartedThreadCount();
            for (int i = 0; i < CALLS; i++) {
                assertThat(authenticator.authenticate(GatewayVerifierTest.request(token)).isAllowed()).isTrue();
            }
            assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(ALLOWANCE);
        }
    }

    @Test
    void asynchronousChecksStartNoThreadPerCall() {
        wacht.reset();
        String token = wacht.mintToken("mcp:invoke").accessToken();
        try (WachtAuthenticator authenticator = authenticator(wacht.baseUrl().toString(), Duration.ofSeconds(5))) {
            assertThat(authenticator.authenticateAsync(GatewayVerifierTest.request(token)).join().isAllowed()).isTrue();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long before = threads.getTotalStartedThreadCount();
            for (int i = 0; i < CALLS; i++) {
                assertThat(authenticator.authenticateAsync(GatewayVerifierTest.request(token)).join().isAllowed())
                        .isTrue();
            }
            assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(ALLOWANCE);
        }
    }

    @Test
    @Timeout(60) // a safety net only: without a body deadline the call would never return
    void aBodyThatStallsAfterTheHeadersEndsAtTheDeadline() throws Exception {
        try (StallingServer server = new StallingServer();
                WachtAuthenticator authenticator = authenticator(server.url(), Duration.ofMillis(500))) {
            String token = wacht.mintToken("mcp:invoke").accessToken();
            Outcome blocking = authenticator.authenticate(GatewayVerifierTest.request(token));
            assertThat(((Outcome.Unavailable) blocking).cause()).isEqualTo(UnavailableCause.GATEWAY_TIMEOUT);
            Outcome async = authenticator.authenticateAsync(GatewayVerifierTest.request(token)).join();
            assertThat(((Outcome.Unavailable) async).cause()).isEqualTo(UnavailableCause.GATEWAY_TIMEOUT);
            assertThat(server.served.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Answers 200 with headers announcing 1000 bytes, sends 10, and then nothing until closed. */
    private static final class StallingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final CountDownLatch served = new CountDownLatch(2);
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::serve, "stalling-gateway");

        StallingServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void serve() {
            try {
                while (true) {
                    Socket s = socket.accept();
                    open.add(s);
                    InputStream in = s.getInputStream();
                    byte[] request = new byte[8192];
                    in.read(request); // the headers and, on loopback, the small body
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                            + "{\"allowed\"").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    served.countDown(); // the socket stays open, silent, until the server closes
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
