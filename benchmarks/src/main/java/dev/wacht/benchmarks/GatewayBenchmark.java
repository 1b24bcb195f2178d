package dev.wacht.benchmarks;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.Outcome;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.testkit.WachtEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cache miss: one verification that asks the in-process emulator's gateway over loopback, against
 * the baseline of a bare JDK {@link HttpClient} POSTing the same body with the same headers to the
 * same emulator and reading the answer as bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class GatewayBenchmark {
    private WachtEmulator wacht;
    private WachtAuthenticator authenticator;
    private AccessRequest request;
    private HttpClient bare;
    private HttpRequest bareRequest;

    /** Starts the emulator (without rate limits) and both clients. */
    @Setup
    public void setUp() throws Exception {
        wacht = WachtEmulator.start();
        wacht.setRateLimits(List.of());
        String token = wacht.mintToken("mcp:invoke").accessToken();
        request = VerificationBenchmark.request(token);
        authenticator = WachtAuthenticator.create(WachtConfig.builder().gatewayUrl(wacht.baseUrl()).build());
        VerificationBenchmark.expectAllowed(authenticator.authenticate(request));

        bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        bareRequest = checkRequest(wacht.baseUrl(), checkBody(token));
        if (bareHttpClient().length < 100) {
            throw new IllegalStateException("the bare client got no gateway answer");
        }
    }

    /** The check request body that the library sends for {@link VerificationBenchmark#request}, written by hand. */
    static byte[] checkBody(String token) {
        return ("{\"principal\":{\"type\":\"oauth_access_token\",\"value\":\"" + token + "\"},"
                + "\"resource\":\"mcp\",\"method\":\"POST\",\"client_ip\":\"127.0.0.1\","
                + "\"user_agent\":\"wacht-benchmarks\",\"required_permissions\":[\"mcp:invoke\"]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A bare check POST of {@code body} to the gateway at {@code base}, with the library's headers. */
    public static HttpRequest checkRequest(URI base, byte[] body) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/authz/check"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "wacht-jakarta/benchmark")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Stops everything. */
    @TearDown
    public void tearDown() {
        authenticator.close();
        wacht.close();
    }

    /** Baseline: the same POST with a bare HttpClient, answer read as bytes and not decoded. */
    @Benchmark
    public byte[] bareHttpClient() throws IOException, InterruptedException {
        return bare.send(bareRequest, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** The library's gateway verification: encode, POST, decode, principal, audit event. */
    @Benchmark
    public Outcome gatewayMiss() {
        return authenticator.authenticate(request);
    }
}
