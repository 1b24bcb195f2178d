package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectedResourceMetadataTest {
    private static final List<URI> ISSUER = List.of(URI.create("https://auth.example.com"));

    private static WachtConfig config(String resourceUri) {
        return WachtConfig.builder().resourceUri(resourceUri == null ? null : URI.create(resourceUri)).build();
    }

    @Test
    void rendersTheDocumentAtThePathSuffixedUrl() {
        ProtectedResourceMetadata m = ProtectedResourceMetadata.of(config("https://api.example.com/mcp"), ISSUER,
                List.of("mcp:invoke"), "Example \"MCP\"");
        assertThat(m.url()).isEqualTo("https://api.example.com/.well-known/oauth-protected-resource/mcp");
        assertThat(m.path()).isEqualTo("/.well-known/oauth-protected-resource/mcp");
        JsonObject json = Json.createReader(new StringReader(m.json())).readObject();
        assertThat(json.getString("resource")).isEqualTo("https://api.example.com/mcp");
        assertThat(json.getJsonArray("authorization_servers").getString(0)).isEqualTo("https://auth.example.com");
        assertThat(json.getJsonArray("scopes_supported").getString(0)).isEqualTo("mcp:invoke");
        assertThat(json.getJsonArray("bearer_methods_supported").getString(0)).isEqualTo("header");
        assertThat(json.getString("resource_name")).isEqualTo("Example \"MCP\"");
    }

    @Test
    void aResourceWithoutPathUsesTheBareWellKnownPath() {
        ProtectedResourceMetadata m = ProtectedResourceMetadata.of(config("https://api.example.com"), ISSUER, List.of(),
                null);
        assertThat(m.path()).isEqualTo(ProtectedResourceMetadata.WELL_KNOWN_PATH);
        assertThat(m.json()).contains("\"scopes_supported\":[]").doesNotContain("resource_name");
    }

    @Test
    void invalidValuesNameTheSetting() {
        assertThatThrownBy(() -> ProtectedResourceMetadata.of(config(null), ISSUER, List.of(), null))
                .hasMessageStartingWith("wacht.resource-uri:");
        assertThatThrownBy(() -> ProtectedResourceMetadata.of(config("https://a.example"), List.of(), List.of(), null))
                .hasMessageStartingWith("wacht.authorization-servers:");
        assertThatThrownBy(() -> ProtectedResourceMetadata.of(config("https://a.example"),
                List.of(URI.create("http://auth.example.com")), List.of(), null))
                .hasMessageStartingWith("wacht.authorization-servers:");
        assertThatThrownBy(() -> ProtectedResourceMetadata.of(config("https://a.example"), ISSUER, List.of("a b"), null))
                .hasMessageStartingWith("wacht.scopes-supported:");
        assertThatThrownBy(() -> ProtectedResourceMetadata.of(config("https://a.example"), ISSUER, List.of(), " "))
                .hasMessageStartingWith("wacht.resource-name:");
    }
}
