package dev.wacht.core.internal;

import dev.wacht.core.WachtConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the library makes and releases its JDK HTTP clients: one per endpoint and configuration.
 * Unsupported (see the package).
 */
public final class HttpClients {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private HttpClients() {
    }

    /**
     * A client with the configured connect timeout, proxy and trust store, and no redirects (a redirect would carry the
     * credential elsewhere); HTTP/2 over TLS where the server offers it, HTTP/1.1 in clear text.
     *
     * <p>It gets its own pool of daemon threads (reused, ended after a minute idle). Without one, the
     * JDK completes every {@code sendAsync} through {@code CompletableFuture}'s default executor, which
     * on machines with one or two CPUs starts a new thread per request: measured, that doubled the
     * latency of a gateway check on loopback.
     */
    public static HttpClient create(WachtConfig config, URI endpoint) {
        ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread t = new Thread(task, "wacht-http-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        return config.httpClientBuilder()
                .executor(executor)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version("https".equalsIgnoreCase(endpoint.getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Shuts a client down where the JDK can (21 and later; on older JDKs it ends when unreachable), and
     * its thread pool.
     */
    public static void close(HttpClient http) {
        if (http instanceof AutoCloseable) {
            try {
                ((AutoCloseable) http).close();
            } catch (Exception e) {
                // closing is best effort
            }
        }
        http.executor().filter(ExecutorService.class::isInstance).ifPresent(e -> ((ExecutorService) e).shutdown());
    }
}
