package dev.wacht.it;

import dev.wacht.testkit.WachtEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one Wacht emulator of the test JVM. It is started when this class is first used, which is
 * before the first {@code @Deployment} method runs, so its URL can be written into the WARs; the
 * containers reach it over loopback. All test classes share it and reset it before each test.
 */
final class Wacht {
    static final WachtEmulator EMULATOR = start();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Wacht() {
    }

    private static WachtEmulator start() {
        WachtEmulator emulator = WachtEmulator.start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "wacht-emulator-stop"));
        return emulator;
    }

    /**
     * A deployment's base URI on loopback. Payara reports its first non-loopback address; every container
     * listens on loopback too, where the test traffic stays.
     */
    static URI loopback(URL deployment) {
        try {
            URI uri = deployment.toURI();
            if (InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                return uri;
            }
            return new URI(uri.getScheme(), null, "127.0.0.1", uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException(deployment.toString(), e);
        }
    }

    /** GET of a path below a base URI with this {@code Authorization} value (none when null). */
    static HttpResponse<String> get(URI base, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The settings every test application gives Wacht: the emulator as gateway and as OAuth issuer,
     * and no circuit breaker, so that each gateway failure test sees its own failure only.
     */
    static Map<String, String> connection() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wacht.gateway-url", EMULATOR.baseUrl().toString());
        settings.put("wacht.oauth-issuer", EMULATOR.issuer());
        settings.put("wacht.circuit-breaker-threshold", "0");
        return settings;
    }
}
