package dev.wacht.core;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9728 protected resource metadata document for the configured resource URI: its JSON, the
 * URL it is published at (the one every challenge's {@code resource_metadata} names) and that URL's
 * path. Immutable; every value is checked when it is created.
 */
public final class ProtectedResourceMetadata {
    /** The well-known path prefix of RFC 9728 §3. */
    public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";

    static final String AUTHORIZATION_SERVERS = "authorization-servers";
    static final String SCOPES_SUPPORTED = "scopes-supported";
    static final String RESOURCE_NAME = "resource-name";
    private static final int MAX_RESOURCE_NAME = 200;
    private static final int MAX_ENTRIES = 64;

    private final String url;
    private final String path;
    private final String json;

    private ProtectedResourceMetadata(String url, String path, String json) {
        this.url = url;
        this.path = path;
        this.json = json;
    }

    /**
     * Describes the resource server of {@code config}.
     *
     * @param authorizationServers issuer URLs ({@code https://<fqdn>}), at least one; http only on
     *     loopback or when the configuration allows insecure http
     * @param scopesSupported scope names to advertise, each a plain name (may be empty)
     * @param resourceName a human-readable name, or null
     * @throws IllegalArgumentException naming the setting ({@code wacht.resource-uri},
     *     {@code wacht.authorization-servers}, …) whose value is missing or invalid
     */
    public static ProtectedResourceMetadata of(WachtConfig config, List<URI> authorizationServers,
            List<String> scopesSupported, @Nullable String resourceName) {
        URI resource = config.resourceUri().orElseThrow(() -> WachtConfig.invalid(WachtConfig.RESOURCE_URI,
                "must be set to publish protected resource metadata"));
        List<String> servers = new ArrayList<>();
        for (URI server : authorizationServers) {
            servers.add(WachtConfig.checkEndpoint(AUTHORIZATION_SERVERS, server, config.allowInsecureHttp()).toString());
        }
        if (servers.isEmpty() || servers.size() > MAX_ENTRIES) {
            throw WachtConfig.invalid(AUTHORIZATION_SERVERS, "expected 1 to " + MAX_ENTRIES + " issuer URLs");
        }
        if (scopesSupported.size() > MAX_ENTRIES) {
            throw WachtConfig.invalid(SCOPES_SUPPORTED, "at most " + MAX_ENTRIES + " scopes");
        }
        for (String scope : scopesSupported) {
            try {
                AccessRequest.checkPermissionName(scope);
            } catch (IllegalArgumentException e) {
                throw WachtConfig.invalid(SCOPES_SUPPORTED, Objects.requireNonNullElse(e.getMessage(),
                        "not a plain scope name"));
            }
        }
        if (resourceName != null && (resourceName.isBlank() || resourceName.length() > MAX_RESOURCE_NAME)) {
            throw WachtConfig.invalid(RESOURCE_NAME, "must have 1 to " + MAX_RESOURCE_NAME + " characters");
        }
        StringBuilder json = new StringBuilder("{\"resource\":\"").append(ErrorResponse.jsonEscape(resource.toString()))
                .append("\",\"authorization_servers\":");
        appendArray(json, servers);
        json.append(",\"scopes_supported\":");
        appendArray(json, scopesSupported);
        json.append(",\"bearer_methods_supported\":[\"header\"]");
        if (resourceName != null) {
            json.append(",\"resource_name\":\"").append(ErrorResponse.jsonEscape(resourceName)).append('"');
        }
        json.append('}');
        String url = WachtAuthenticator.metadataUrlOf(resource);
        return new ProtectedResourceMetadata(url, URI.create(url).getRawPath(), json.toString());
    }

    private static void appendArray(StringBuilder json, List<String> values) {
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(ErrorResponse.jsonEscape(Objects.requireNonNull(values.get(i))))
                    .append('"');
        }
        json.append(']');
    }

    /** The URL the document is published at, as advertised in {@code resource_metadata}. */
    public String url() {
        return url;
    }

    /**
     * The raw path of {@link #url()}: {@value #WELL_KNOWN_PATH} followed by the resource URI's path
     * (RFC 9728 §3.1), or just {@value #WELL_KNOWN_PATH} when the resource URI has none.
     */
    public String path() {
        return path;
    }

    /** The document, served as {@code application/json}. */
    public String json() {
        return json;
    }

    @Override
    public String toString() {
        return "ProtectedResourceMetadata[" + url + "]";
    }
}
