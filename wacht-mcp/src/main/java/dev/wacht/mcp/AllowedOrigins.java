package dev.wacht.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The browser origins an MCP endpoint accepts (the MCP transport's DNS-rebinding defence). A request
 * without {@code Origin} (any non-browser client) passes; one with an {@code Origin} passes only when
 * it is exactly one of these, compared as {@code scheme://host:port} in lower case with the default
 * port made explicit. {@code Origin: null}, several {@code Origin} headers and unparseable values are
 * refused.
 */
final class AllowedOrigins {
    private static final int MAX_ORIGIN = 512;

    private final Set<String> origins;

    private AllowedOrigins(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /**
     * @throws IllegalArgumentException naming the value that is not an {@code http(s)://host[:port]} origin
     */
    static AllowedOrigins of(List<String> configured) {
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : configured) {
            String normalised = normalise(origin);
            if (normalised == null) {
                throw new IllegalArgumentException("allowedOrigins: '" + origin
                        + "' is not an origin; expected scheme://host[:port] with scheme http or https");
            }
            origins.add(normalised);
        }
        return new AllowedOrigins(origins);
    }

    /** Whether a request's {@code Origin} header values are acceptable. */
    boolean allows(List<String> originHeaders) {
        if (originHeaders.isEmpty()) {
            return true;
        }
        if (originHeaders.size() > 1) {
            return false;
        }
        String normalised = normalise(originHeaders.get(0));
        return normalised != null && origins.contains(normalised);
    }

    /** The configured origins, normalised. */
    Set<String> origins() {
        return origins;
    }

    /** {@code scheme://host:port}, or null when the value is not an http(s) origin. */
    static @Nullable String normalise(String origin) {
        if (origin == null || origin.isEmpty() || origin.length() > MAX_ORIGIN) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath();
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (path != null && !path.isEmpty() && !path.equals("/"))) {
            return null;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
