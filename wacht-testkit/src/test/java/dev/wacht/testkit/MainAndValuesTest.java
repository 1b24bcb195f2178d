package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.testkit.internal.ClosedPort;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argument parsing of the standalone main, builder validation and the value types. */
class MainAndValuesTest {
    @Test
    void mainOptionsConfigureTheBuilder() {
        WachtEmulator.Builder b = WachtEmulator.builder();
        WachtEmulatorMain.configure(b, new String[] {"--port", "0", "--host", "127.0.0.1", "--deployment-id=42",
            "--issuer", "https://auth.example.com"});
        try (WachtEmulator e = b.start()) {
            assertThat(e.deploymentId()).isEqualTo("42");
            assertThat(e.issuer()).isEqualTo("https://auth.example.com");
            assertThat(e.port()).isPositive();
            assertThat(e.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + e.port());
        }
        assertThatThrownBy(() -> WachtEmulatorMain.configure(WachtEmulator.builder(), new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WachtEmulatorMain.configure(WachtEmulator.builder(), new String[] {"--port", "x"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WachtEmulatorMain.configure(WachtEmulator.builder(), new String[] {"--colour", "x"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedPortAndWildcardHost() throws Exception {
        ClosedPort reserved = ClosedPort.reserve();
        int port = reserved.port();
        reserved.close();
        try (WachtEmulator e = WachtEmulator.builder().host("0.0.0.0").port(port).start()) {
            assertThat(e.port()).isEqualTo(port);
            assertThat(e.baseUrl().getHost()).isEqualTo("127.0.0.1");
            assertThat(new Http(e).send("GET", "/health", null, null).body()).isEqualTo("OK");
        }
    }

    @Test
    void builderValidation() {
        assertThatThrownBy(() -> WachtEmulator.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WachtEmulator.builder().recordedChecks(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WachtEmulator.builder().deploymentId(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WachtEmulator.builder().defaultClientRecordId("x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueTypesAreImmutableAndComparable() {
        TokenRequest a = TokenRequest.builder().scopes("x", "y").userId("5").build();
        assertThat(a).isEqualTo(a.toBuilder().build()).hasSameHashCodeAs(a.toBuilder().build());
        assertThat(a.toBuilder().userId("6").build()).isNotEqualTo(a);
        assertThatThrownBy(() -> a.scopes().add("z")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(TokenRequest.defaults().scopes()).isNull();

        ApiKeyRequest k = ApiKeyRequest.builder().permissions("p").metadata("m", "v").build();
        assertThat(k).isEqualTo(ApiKeyRequest.builder().permissions("p").metadata("m", "v").build());
        assertThatThrownBy(() -> k.metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);

        RateLimitRule r = RateLimitRule.of(5, Duration.ofSeconds(10)).withMode(RateLimitRule.Mode.PER_KEY)
                .withEndpoints("/a", "/b").withPriority(3);
        assertThat(r.mode().wireName()).isEqualTo("per_key");
        assertThat(r.endpoints()).containsExactly("/a", "/b");
        assertThat(r).isEqualTo(RateLimitRule.ofMillis(5, 10_000).withMode(RateLimitRule.Mode.PER_KEY)
                .withEndpoints(List.of("/a", "/b")).withPriority(3));
        assertThatThrownBy(() -> RateLimitRule.ofMillis(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimitRule.ofMillis(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimitRule.of(1, Duration.ofSeconds(1)).withEndpoints(List.of()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(ScopeDefinition.workspace("s", "p")).isEqualTo(ScopeDefinition.of("s", "workspace", null, "p"));
        assertThat(ScopeDefinition.of("s", null, null, null).category()).isEmpty();
        assertThatThrownBy(() -> ScopeDefinition.of("s", "team", null, null))
                .isInstanceOf(IllegalArgumentException.class);

        try (WachtEmulator e = WachtEmulator.start()) {
            MintedToken t = e.mintToken();
            assertThat(t.toString()).doesNotContain(t.accessToken());
            MintedApiKey key = e.mintApiKey();
            assertThat(key.toString()).doesNotContain(key.apiKey());
        }
    }
}
