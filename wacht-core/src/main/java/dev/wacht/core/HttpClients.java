package dev.wacht.core;

import java.net.URI;
import java.net.http.HttpClient;

/** How the library makes and releases its JDK HTTP clients: one per endpoint and configuration. */
final class HttpClients {
    private HttpClients() {
    }

    /**
     * A client with the configured connect timeout and no redirects (a redirect would carry the
     * credential elsewhere); HTTP/2 over TLS where the server offers it, HTTP/1.1 in clear text.
     */
    static HttpClient create(WachtConfig config, URI endpoint) {
        return HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version("https".equalsIgnoreCase(endpoint.getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Shuts a client down where the JDK can (21 and later); on older JDKs it ends when unreachable. */
    static void close(HttpClient http) {
        if (http instanceof AutoCloseable) {
            try {
                ((AutoCloseable) http).close();
            } catch (Exception e) {
                // closing is best effort
            }
        }
    }
}
