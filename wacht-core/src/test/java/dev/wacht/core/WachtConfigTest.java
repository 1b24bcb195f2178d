package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import dev.wacht.testkit.internal.SecretWatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WachtConfigTest {
    @Test
    void defaults() {
        WachtConfig c = WachtConfig.builder().build();
        assertThat(c.gatewayUrl()).isEqualTo(URI.create("https://gateway.wacht.dev"));
        assertThat(c.apiKey()).isEmpty();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.accepted()).containsExactly(CredentialKind.OAUTH_ACCESS_TOKEN);
        assertThat(c.maxTokenLength()).isEqualTo(4096);
        assertThat(c.realm()).isEqualTo("wacht");
        assertThat(c.resourceUri()).isEmpty();
        assertThat(c.oauthIssuer()).isEmpty();
        assertThat(c.jwksUrl()).isEmpty();
        assertThat(c.jwksCacheTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.jwksRefetchInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.expectedAudience()).isEmpty();
        assertThat(c.cacheEnabled()).isFalse();
        assertThat(c.cacheMaxTtl()).isZero();
        assertThat(c.cacheNegativeTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.cacheMaxEntries()).isEqualTo(100_000);
    }

    @Test
    void readsCacheSettings() {
        Map<String, String> settings = Map.of("cache-max-ttl", "30s", "cache-negative-ttl", "0",
                "cache-max-entries", "5000");
        WachtConfig c = WachtConfig.builder().apply(settings::get).build();
        assertThat(c.cacheEnabled()).isTrue();
        assertThat(c.cacheMaxTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.cacheNegativeTtl()).isZero();
        assertThat(c.cacheMaxEntries()).isEqualTo(5000);
        assertThat(c.toBuilder().build().cacheMaxTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.toString()).contains("cache=PT30S/PT0S/5000");
        assertThat(WachtConfig.settingNames()).contains("cache-max-ttl", "cache-negative-ttl", "cache-max-entries");
        assertThat(WachtConfig.builder().apply(Map.of("cache-max-ttl", "0")::get).build().cacheEnabled()).isFalse();
    }

    @Test
    void readsJwtSettings() {
        Map<String, String> settings = Map.of(
                "oauth-issuer", "https://auth.example.com/",
                "jwks-url", "https://keys.example.com/jwks.json",
                "jwks-cache-ttl", "10m",
                "jwks-refetch-interval", "5s",
                "clock-skew", "0s",
                "expected-audience", " urn:wacht:workspace:42 ");
        WachtConfig c = WachtConfig.builder().apply(settings::get).build();
        assertThat(c.oauthIssuer()).contains(URI.create("https://auth.example.com"));
        assertThat(c.jwksUrl()).contains(URI.create("https://keys.example.com/jwks.json"));
        assertThat(c.jwksCacheTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.jwksRefetchInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.clockSkew()).isZero();
        assertThat(c.expectedAudience()).contains("urn:wacht:workspace:42");
        assertThat(c.toBuilder().build().oauthIssuer()).isEqualTo(c.oauthIssuer());
        assertThat(WachtConfig.builder().apply(Map.of("jwks-cache-ttl", "1h")::get).build().jwksCacheTtl())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void readsNamedSettings() {
        Map<String, String> settings = Map.of(
                "gateway-url", "http://127.0.0.1:3002/",
                "api-key", "wk_secret",
                "connect-timeout", "750ms",
                "request-timeout", "PT3S",
                "accept", "oauth, api-key",
                "max-token-length", "2048",
                "realm", "my-api",
                "resource-uri", "https://api.example.com/mcp");
        WachtConfig c = WachtConfig.builder().apply(settings::get).build();
        assertThat(c.gatewayUrl()).isEqualTo(URI.create("http://127.0.0.1:3002"));
        assertThat(c.apiKey()).contains("wk_secret");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.accepted()).containsExactlyInAnyOrder(CredentialKind.OAUTH_ACCESS_TOKEN, CredentialKind.API_KEY);
        assertThat(c.maxTokenLength()).isEqualTo(2048);
        assertThat(c.realm()).isEqualTo("my-api");
        assertThat(c.resourceUri()).contains(URI.create("https://api.example.com/mcp"));
        assertThat(c.toString()).doesNotContain("wk_secret");
    }

    @Test
    void environmentSettingsPreferSystemProperties() {
        System.setProperty("wacht.realm", "from-property");
        try {
            assertThat(WachtConfig.fromEnvironment().realm()).isEqualTo("from-property");
        } finally {
            System.clearProperty("wacht.realm");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', value = {
        "gateway-url|ftp://gateway.example.com|wacht.gateway-url: expected an absolute http(s) URL",
        "gateway-url|gateway.example.com|wacht.gateway-url: expected an absolute http(s) URL",
        "gateway-url|http://gateway.example.com|wacht.gateway-url: plain http is only allowed for loopback hosts",
        "gateway-url|https://gateway.example.com/?x=1|wacht.gateway-url: the URL must not carry",
        "connect-timeout|soon|wacht.connect-timeout: expected a duration",
        "request-timeout|0s|wacht.request-timeout: must be positive",
        "request-timeout|10m|wacht.request-timeout: must be positive and at most 120s",
        "accept|jwt|wacht.accept: unknown credential kind 'jwt'",
        "accept|,|wacht.accept: at least one credential kind",
        "max-token-length|8|wacht.max-token-length: must be between 16",
        "max-token-length|lots|wacht.max-token-length: expected a whole number",
        "allow-insecure-http|yes|wacht.allow-insecure-http: expected true or false",
        "realm|a\"b|wacht.realm: must be printable ASCII",
        "resource-uri|/relative|wacht.resource-uri: must be an absolute URI",
        "oauth-issuer|http://auth.example.com|wacht.oauth-issuer: plain http is only allowed for loopback hosts",
        "oauth-issuer|https://auth.example.com/tenant|wacht.oauth-issuer: expected the issuer origin",
        "oauth-issuer|auth.example.com|wacht.oauth-issuer: expected an absolute http(s) URL",
        "jwks-url|https://auth.example.com/jwks.json|wacht.jwks-url: needs wacht.oauth-issuer",
        "jwks-cache-ttl|2h|wacht.jwks-cache-ttl: must be between",
        "jwks-cache-ttl|0s|wacht.jwks-cache-ttl: must be between",
        "jwks-refetch-interval|100ms|wacht.jwks-refetch-interval: must be between",
        "jwks-refetch-interval|2h|wacht.jwks-refetch-interval: must be between",
        "clock-skew|10m|wacht.clock-skew: must be between",
        "clock-skew|a while|wacht.clock-skew: expected a duration",
        "cache-max-ttl|2h|wacht.cache-max-ttl: must be between 0ms and 3600000ms",
        "cache-max-ttl|soon|wacht.cache-max-ttl: expected a duration",
        "cache-negative-ttl|10m|wacht.cache-negative-ttl: must be between 0ms and 300000ms",
        "cache-max-entries|0|wacht.cache-max-entries: must be between 1 and 10000000",
    })
    void invalidValuesNameTheSetting(String name, String value, String message) {
        assertThatThrownBy(() -> WachtConfig.builder().apply(Map.of(name, value)::get).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:3002", "http://127.1.2.3", "http://[::1]:80"})
    void plainHttpIsAllowedOnLoopback(String url) {
        assertThat(WachtConfig.builder().gatewayUrl(url).build().gatewayUrl().getScheme()).isEqualTo("http");
    }

    @Test
    void plainHttpElsewhereNeedsExplicitConsent() {
        WachtConfig c = WachtConfig.builder().gatewayUrl("http://gateway.internal:3002").allowInsecureHttp(true).build();
        assertThat(c.gatewayUrl()).isEqualTo(URI.create("http://gateway.internal:3002"));
    }

    @Test
    void theRefetchIntervalCannotExceedTheCacheTtl() {
        assertThatThrownBy(() -> WachtConfig.builder().jwksCacheTtl(Duration.ofSeconds(10))
                .jwksRefetchInterval(Duration.ofSeconds(30)).build())
                .hasMessageStartingWith("wacht.jwks-refetch-interval: must be between 1000ms and 10000ms");
        assertThatThrownBy(() -> WachtConfig.builder().oauthIssuer("https://a.example.com")
                .jwksUrl(URI.create("http://keys.example.com/jwks")).build())
                .hasMessageStartingWith("wacht.jwks-url: plain http");
        assertThatThrownBy(() -> WachtConfig.builder().expectedAudience(" ").build())
                .hasMessageStartingWith("wacht.expected-audience:");
    }

    @Test
    void anApiKeyNeverAppearsInAnError() {
        assertThatThrownBy(() -> WachtConfig.builder().apiKey("   ").build())
                .hasMessage("wacht.api-key: must not be blank");
        String key = "wk_live_" + "Q7f3kP9xLm2ZtR8vB4nW6yHcJ5sD1aE0gU3iO7pT9";
        try (SecretWatch watch = SecretWatch.install(List.of(), record -> false)) {
            watch.watch(key);
            // The key pasted into the wrong setting, or into the right one with junk around it.
            List<String> errors = new ArrayList<>();
            for (String setting : WachtConfig.settingNames()) {
                for (String value : List.of(key, "Bearer " + key, key + "\r\nX-Injected: 1", "http://" + key + ":x")) {
                    Map<String, String> settings = Map.of(setting, value);
                    try {
                        WachtConfig.builder().apply(settings::get).build();
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        errors.add(setting);
                        watch.scan("error for " + setting + "=" + value.length() + " chars", e.getMessage());
                    }
                }
            }
            watch.scan("toString", WachtConfig.builder().apiKey(key).build().toString());
            // A configuration that fails for another reason, with the key set.
            try {
                WachtConfig.builder().apiKey(key).gatewayUrl(URI.create("ftp://gateway.example.com")).build();
            } catch (IllegalArgumentException e) {
                errors.add("gateway-url");
                watch.scan("error with the key set", e.getMessage());
            }
            assertThat(errors).contains("gateway-url", "allow-insecure-http", "connect-timeout", "cache-max-entries");
            assertThat(watch.leaks()).isEmpty();
        }
    }

    @Test
    void toBuilderRoundTrips() {
        WachtConfig c = WachtConfig.builder().realm("r").accept(Set.of(CredentialKind.API_KEY)).build();
        WachtConfig copy = c.toBuilder().build();
        assertThat(copy.realm()).isEqualTo("r");
        assertThat(copy.accepted()).containsExactly(CredentialKind.API_KEY);
    }

    /** Every endpoint that carries credentials or decisions: the gateway, the issuer (and so its JWKS), management. */
    private static WachtConfig.Builder withEndpoint(String setting, String url, boolean allowInsecure) {
        Map<String, String> settings = new HashMap<>(Map.of(setting, url,
                "allow-insecure-http", Boolean.toString(allowInsecure)));
        if (setting.equals("jwks-url")) {
            settings.put("oauth-issuer", "https://auth.example.com");
        }
        return WachtConfig.builder().apply(settings::get);
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', value = {
        "gateway-url|http://gateway.example.com", "gateway-url|http://10.0.0.7:3002",
        "gateway-url|http://localhost.example.com", "gateway-url|http://127.0.0.1.example.com",
        "gateway-url|http://[::ffff:127.0.0.1]", "gateway-url|http://0.0.0.0:3002",
        "oauth-issuer|http://auth.example.com", "oauth-issuer|http://127.0.0.1.nip.io",
        "jwks-url|http://keys.example.com/jwks.json",
        "management-url|http://api.example.com", "management-url|http://localhost.example.com",
    })
    void plainHttpBeyondLoopbackIsRefusedForEveryEndpoint(String setting, String url) {
        assertThatThrownBy(() -> withEndpoint(setting, url, false).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("wacht." + setting + ": plain http is only allowed for loopback hosts");
        assertThat(withEndpoint(setting, url, true).build()).isNotNull();
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', value = {
        "gateway-url|http://127.0.0.1:3002", "oauth-issuer|http://localhost:8080", "jwks-url|http://[::1]/jwks",
        "management-url|http://127.0.0.5:9000", "management-url|https://api.example.com",
    })
    void loopbackAndHttpsAreAcceptedForEveryEndpoint(String setting, String url) {
        assertThat(withEndpoint(setting, url, false).build()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1@gateway.example.com", "https://user:secret@gateway.example.com",
        "ftp://127.0.0.1", "file:///etc/passwd", "https://gateway.example.com#x"})
    void userInfoOtherSchemesAndFragmentsAreRefused(String url) {
        assertThatThrownBy(() -> WachtConfig.builder().gatewayUrl(url).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("wacht.gateway-url:")
                .hasMessageNotContaining("secret");
    }
}
