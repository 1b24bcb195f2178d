package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.core.CredentialKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WachtFilterOptionsTest {
    private static WachtFilterOptions read(Map<String, String> settings) {
        return WachtFilterOptions.fromSettings(settings::get);
    }

    @Test
    void defaultsProtectEveryPathWithAnyValidToken() {
        WachtFilterOptions options = read(Map.of());
        assertThat(options.resource()).isEmpty();
        assertThat(options.requiredPermissions()).isEmpty();
        assertThat(options.excludedPaths()).isEmpty();
        assertThat(options.passCorsPreflight()).isTrue();
        assertThat(options.trustedProxies()).isEmpty();
        assertThat(options.metadata()).isEmpty();
        assertThat(options.config().accepted()).containsExactly(CredentialKind.OAUTH_ACCESS_TOKEN);
    }

    @Test
    void readsEverySetting() {
        WachtFilterOptions options = read(Map.of("resource", "mcp", "required-permissions", "mcp:invoke, files:read",
                "exclude", "/health,/public/*", "pass-cors-preflight", "false", "trusted-proxies", "10.0.0.0/8",
                "resource-uri", "https://api.example.test/mcp", "authorization-servers", "https://auth.example.test",
                "resource-name", "Example", "accept", "oauth,api_key"));
        assertThat(options.resource()).hasValue("mcp");
        assertThat(options.requiredPermissions()).containsExactly("mcp:invoke", "files:read");
        assertThat(options.excludedPaths()).containsExactly("/health", "/public/*");
        assertThat(options.passCorsPreflight()).isFalse();
        assertThat(options.trustedProxies()).containsExactly("10.0.0.0/8");
        assertThat(options.metadata().orElseThrow().json())
                .contains("\"scopes_supported\":[\"mcp:invoke\",\"files:read\"]")
                .contains("\"resource_name\":\"Example\"");
        assertThat(options.config().accepted()).hasSize(2);
        assertThat(read(Map.of("resource", "@path")).resource()).isEmpty();
        assertThat(read(Map.of("resource-uri", "https://a.test", "authorization-servers", "https://auth.test",
                "scopes-supported", "x")).metadata().orElseThrow().json()).contains("\"scopes_supported\":[\"x\"]");
    }

    @Test
    void invalidValuesNameTheSetting() {
        assertThatThrownBy(() -> read(Map.of("resource", "a b"))).hasMessageStartingWith("wacht.resource:");
        assertThatThrownBy(() -> read(Map.of("required-permissions", "a OR b")))
                .hasMessageStartingWith("wacht.required-permissions:");
        assertThatThrownBy(() -> read(Map.of("pass-cors-preflight", "yes")))
                .hasMessageStartingWith("wacht.pass-cors-preflight:");
        assertThatThrownBy(() -> read(Map.of("authorization-servers", "https://auth.test")))
                .hasMessageStartingWith("wacht.resource-uri:");
        assertThatThrownBy(() -> read(Map.of("resource-uri", "https://a.test", "authorization-servers", "a b")))
                .hasMessageStartingWith("wacht.authorization-servers:");
        assertThatThrownBy(() -> read(Map.of("resource-name", "Example")))
                .hasMessageStartingWith("wacht.authorization-servers:");
        assertThatThrownBy(() -> read(Map.of("gateway-url", "ftp://gateway.test")))
                .hasMessageStartingWith("wacht.gateway-url:");
    }

    @Test
    void settingNamesCoverCoreAndFilter() {
        assertThat(WachtFilterOptions.settingNames()).contains("gateway-url", "realm", "resource-uri", "resource",
                "required-permissions", "exclude", "trusted-proxies", "authorization-servers");
    }
}
