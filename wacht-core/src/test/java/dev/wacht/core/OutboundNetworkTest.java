package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.testkit.WachtEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the person on call reads when an endpoint fails (issue 14), and the outbound proxy and trust store
 * over real TLS: the emulator serves HTTPS with a certificate generated at its start.
 */
class OutboundNetworkTest {
    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private static AccessRequest request(String token) {
        return AccessRequest.builder().method("GET").resource("files").authorization(List.of("Bearer " + token))
                .build();
    }

    private List<String> lines(String containing) {
        return logs.lines().stream().filter(line -> line.contains(containing)).collect(Collectors.toList());
    }

    @Test
    void aRefusedGatewayIsLoggedOncePerStateChangeWithEndpointCauseAndOwner() throws IOException {
        int port = closedPort();
        WachtConfig config = WachtConfig.builder().gatewayUrl("http://127.0.0.1:" + port).name("filter 'api' of /shop")
                .circuitBreakerThreshold(0).build();
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(config)) {
            for (int i = 0; i < 3; i++) {
                Outcome outcome = authenticator.authenticate(request("oat_" + "a".repeat(43)));
                assertThat(outcome).isInstanceOf(Outcome.Unavailable.class);
                assertThat(((Outcome.Unavailable) outcome).description()).isEqualTo("connection refused");
            }
            assertThat(lines("unavailable for")).singleElement().asString().contains(
                    "Wacht gateway POST http://127.0.0.1:" + port + "/v1/authz/check unavailable for filter 'api' of"
                            + " /shop: GATEWAY_UNREACHABLE: connection refused. Requests are answered 503");

            try (WachtEmulator back = WachtEmulator.builder().port(port).start()) {
                assertThat(authenticator.authenticate(request(back.mintToken().accessToken())).isAllowed()).isTrue();
                assertThat(authenticator.authenticate(request(back.mintToken().accessToken())).isAllowed()).isTrue();
            }
            assertThat(lines("INFO: Wacht gateway")).singleElement().asString().contains("Wacht gateway POST http://127.0.0.1:"
                    + port + "/v1/authz/check answers again for filter 'api' of /shop; 3 calls to it failed");
        }
    }

    @Test
    void aTimeoutSaysHowLongItWaited() {
        try (WachtEmulator wacht = WachtEmulator.start()) {
            wacht.setFault(dev.wacht.testkit.Fault.delay(Duration.ofSeconds(5)));
            WachtConfig config = WachtConfig.builder().gatewayUrl(wacht.baseUrl()).requestTimeout(Duration.ofMillis(300))
                    .build();
            try (WachtAuthenticator authenticator = WachtAuthenticator.create(config)) {
                Outcome outcome = authenticator.authenticate(request(wacht.mintToken().accessToken()));
                assertThat(((Outcome.Unavailable) outcome).description())
                        .isEqualTo("no answer within 300 ms (request timeout)");
            }
        }
    }

    @Test
    void httpsWithTheConfiguredTrustStoreIsAllowed() {
        try (WachtEmulator wacht = WachtEmulator.builder().https().start()) {
            WachtConfig config = WachtConfig.builder().gatewayUrl(wacht.baseUrl())
                    .trustStore(wacht.tls().trustStorePath()).trustStorePassword(wacht.tls().trustStorePassword())
                    .build();
            try (WachtAuthenticator authenticator = WachtAuthenticator.create(config)) {
                assertThat(authenticator.authenticate(request(wacht.mintToken().accessToken())).isAllowed()).isTrue();
            }
            assertThat(wacht.checks()).hasSize(1);
        }
    }

    @Test
    void aWrongTrustStoreFailsClosedAndSaysItWasTls() {
        try (WachtEmulator wacht = WachtEmulator.builder().https().start();
                WachtEmulator other = WachtEmulator.builder().https().start()) {
            WachtConfig config = WachtConfig.builder().gatewayUrl(wacht.baseUrl()).name("filter 'api' of /shop")
                    .trustStore(other.tls().trustStorePath()).trustStorePassword(other.tls().trustStorePassword())
                    .circuitBreakerThreshold(0).build();
            try (WachtAuthenticator authenticator = WachtAuthenticator.create(config)) {
                Outcome outcome = authenticator.authenticate(request(wacht.mintToken().accessToken()));
                assertThat(outcome).isInstanceOf(Outcome.Unavailable.class);
                assertThat(authenticator.errorResponse(outcome).status()).isEqualTo(503);
                assertThat(((Outcome.Unavailable) outcome).description()).startsWith("TLS failure (SSLHandshakeException");
            }
            assertThat(wacht.checks()).isEmpty();
            assertThat(lines("unavailable for")).singleElement().asString()
                    .contains("Wacht gateway POST " + wacht.baseUrl() + "/v1/authz/check unavailable for filter 'api'"
                            + " of /shop: GATEWAY_UNREACHABLE: TLS failure (");
        }
    }

    @Test
    void theProxyCarriesEveryCallAndIsNamedWhenItFails() throws IOException {
        try (WachtEmulator proxy = WachtEmulator.start()) {
            // The gateway's host does not resolve here: only the proxy (the emulator, answering absolute-form
            // requests) can reach it.
            WachtConfig config = WachtConfig.builder().gatewayUrl("http://wacht-gateway.invalid:8080")
                    .allowInsecureHttp(true).proxy(proxy.baseUrl()).build();
            try (WachtAuthenticator authenticator = WachtAuthenticator.create(config)) {
                assertThat(authenticator.authenticate(request(proxy.mintToken().accessToken())).isAllowed()).isTrue();
            }
            assertThat(proxy.checks()).hasSize(1);
        }
        int port = closedPort();
        WachtConfig viaNothing = WachtConfig.builder().gatewayUrl("http://wacht-gateway.invalid:8080")
                .allowInsecureHttp(true).proxy(URI.create("http://127.0.0.1:" + port)).circuitBreakerThreshold(0)
                .build();
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(viaNothing)) {
            Outcome outcome = authenticator.authenticate(request("oat_" + "b".repeat(43)));
            assertThat(((Outcome.Unavailable) outcome).description())
                    .isEqualTo("connection refused (through proxy 127.0.0.1:" + port + ")");
        }
        WachtConfig direct = WachtConfig.builder().gatewayUrl("http://127.0.0.1:" + port).proxy(URI.create("none"))
                .circuitBreakerThreshold(0).build();
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(direct)) {
            Outcome outcome = authenticator.authenticate(request("oat_" + "c".repeat(43)));
            assertThat(((Outcome.Unavailable) outcome).description()).isEqualTo("connection refused");
        }
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void proxyAndTrustStoreSettingsAreCheckedWhenTheConfigurationIsBuilt() {
        assertThatThrownBy(() -> WachtConfig.builder().apply(name -> name.equals("proxy") ? "socks5://p:1080" : null)
                .build()).hasMessageStartingWith("wacht.proxy: expected http://host:port");
        assertThatThrownBy(() -> WachtConfig.builder().apply(name -> name.equals("proxy") ? "http://u:pw@p:3128" : null)
                .build()).hasMessageStartingWith("wacht.proxy: proxy credentials are not supported")
                .hasMessageNotContaining("pw");
        assertThat(WachtConfig.builder().apply(name -> name.equals("proxy") ? "proxy.corp:3128" : null).build().proxy())
                .contains(URI.create("http://proxy.corp:3128"));
        assertThatThrownBy(() -> WachtConfig.builder().trustStore(Path.of("target/none.p12")).build())
                .hasMessageStartingWith("wacht.trust-store: no such file: ");
        try (WachtEmulator wacht = WachtEmulator.builder().https().start()) {
            assertThatThrownBy(() -> WachtConfig.builder().trustStore(wacht.tls().trustStorePath())
                    .trustStorePassword("wrong").build())
                    .hasMessageStartingWith("wacht.trust-store-password: does not open ");
            assertThatThrownBy(() -> WachtConfig.builder().trustStore(wacht.tls().trustStorePath())
                    .trustStoreType("NOPE").build())
                    .hasMessageStartingWith("wacht.trust-store-type: unknown key store type 'NOPE'");
            assertThat(WachtConfig.builder().trustStore(wacht.tls().trustStorePath())
                    .trustStorePassword(wacht.tls().trustStorePassword()).build().toString())
                    .doesNotContain(wacht.tls().trustStorePassword());
        }
    }
}
