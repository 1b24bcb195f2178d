package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One HTTP client per configuration keeps its connection to the gateway alive: a thousand sequential
 * verifications open only a few TCP connections. A counting TCP relay sits between the library and
 * the emulator.
 */
@ExtendWith(WachtEmulatorExtension.class)
class ConnectionReuseTest {

    /** Relays loopback TCP connections to a target port and counts the connections it accepted. */
    private static final class CountingRelay implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger accepted = new AtomicInteger();

        CountingRelay(int targetPort) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        accepted.incrementAndGet();
                        Socket upstream = new Socket();
                        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                        client.setTcpNoDelay(true);
                        upstream.setTcpNoDelay(true);
                        pump(client, upstream);
                        pump(upstream, client);
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "counting-relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side went away
                } finally {
                    try {
                        to.close();
                        from.close();
                    } catch (IOException ignored) {
                        // closing is best effort
                    }
                }
            }, "counting-relay-pump");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void aThousandSequentialVerificationsReuseAFewConnections(WachtEmulator wacht) throws Exception {
        wacht.reset();
        wacht.setRateLimits(List.of()); // a thousand checks would meet the default 1000/60s limit
        String token = wacht.mintToken("mcp:invoke").accessToken();
        try (CountingRelay relay = new CountingRelay(wacht.port());
                WachtAuthenticator authenticator = WachtAuthenticator.create(WachtConfig.builder()
                        .gatewayUrl("http://127.0.0.1:" + relay.port()).build())) {
            AccessRequest request = AccessRequest.builder().method("POST").resource("/mcp")
                    .requiredPermissions(List.of("mcp:invoke")).authorization("Bearer " + token).build();
            for (int i = 0; i < 1000; i++) {
                Outcome outcome = authenticator.authenticate(request);
                assertThat(outcome.isAllowed()).as("verification %d: %s", i, outcome).isTrue();
            }
            assertThat(wacht.checks()).hasSize(1000);
            assertThat(relay.accepted()).isBetween(1, 4);
        }
    }
}
