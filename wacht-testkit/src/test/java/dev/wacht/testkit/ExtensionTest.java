package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Parameter injection by {@link WachtEmulatorExtension}. */
class ExtensionTest {
    @Nested
    class Registered {
        @RegisterExtension
        final WachtEmulatorExtension wacht = new WachtEmulatorExtension(b -> b.deploymentId("321")
                .issuer("https://issuer.test"));

        @Test
        void customisedThroughTheBuilder(WachtEmulator emulator) {
            assertThat(emulator.deploymentId()).isEqualTo("321");
            assertThat(emulator.issuer()).isEqualTo("https://issuer.test");
            assertThat(emulator.mintApiKey().appSlug()).isEqualTo("aa_321");
        }
    }

    @Test
    void closingIsIdempotentAndStopsTheServer() {
        WachtEmulator e = WachtEmulator.start();
        Http http = new Http(e);
        assertThat(http.send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        e.close();
        e.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send("GET", "/health", null, null))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }
}
