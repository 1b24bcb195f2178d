package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class HttpsEmulatorTest {

    private static HttpResponse<String> get(HttpClient client, WachtEmulator emulator, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(emulator.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttpsWithACertificateTheTrustMaterialTrusts() throws Exception {
        try (WachtEmulator emulator = WachtEmulator.builder().https().start()) {
            assertThat(emulator.baseUrl().getScheme()).isEqualTo("https");
            HttpClient trusting = HttpClient.newBuilder().sslContext(emulator.tls().clientSslContext()).build();
            assertThat(get(trusting, emulator, "/health").statusCode()).isEqualTo(200);

            KeyStore store = KeyStore.getInstance(emulator.tls().trustStoreType());
            try (InputStream in = Files.newInputStream(emulator.tls().trustStorePath())) {
                store.load(in, emulator.tls().trustStorePassword().toCharArray());
            }
            assertThat(store.getCertificate(store.aliases().nextElement())).isEqualTo(emulator.tls().certificate());

            HttpClient defaults = HttpClient.newHttpClient();
            assertThatThrownBy(() -> get(defaults, emulator, "/health")).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void closeRemovesTheGeneratedFiles() {
        Path trustStore;
        try (WachtEmulator emulator = WachtEmulator.builder().https().start()) {
            trustStore = emulator.tls().trustStorePath();
            assertThat(trustStore).exists();
        }
        assertThat(trustStore).doesNotExist();
    }

    @Test
    void aPlainEmulatorHasNoTlsMaterial() {
        try (WachtEmulator emulator = WachtEmulator.start()) {
            assertThat(emulator.baseUrl().getScheme()).isEqualTo("http");
            assertThatThrownBy(emulator::tls).isInstanceOf(IllegalStateException.class).hasMessageContaining(".https()");
        }
    }
}
