package dev.wacht.benchmarks;

import dev.wacht.core.WachtConfig;
import dev.wacht.core.internal.BoundedBody;
import dev.wacht.core.internal.HttpClients;
import dev.wacht.testkit.WachtEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * What the transport of a gateway miss costs, taken apart: the same check POST on the library's own
 * HTTP client, read four ways. The request reused or built per call (the library builds one per
 * check), and the answer read by the JDK's byte-array handler (the floor), through the library's
 * bounded body on the JDK's publisher (what a miss does), or by a body subscriber of the library's
 * own, which the JDK client does not trust and hands over through its executor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class TransportBenchmark {
    private static final int MAX = 256 * 1024;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private WachtEmulator wacht;
    private HttpClient client;
    private URI base;
    private byte[] body;
    private HttpRequest reused;

    /** Starts the emulator (without rate limits) and a client made as the library makes its own. */
    @Setup
    public void setUp() throws Exception {
        wacht = WachtEmulator.start();
        wacht.setRateLimits(List.of());
        String token = wacht.mintToken("mcp:invoke").accessToken();
        WachtConfig config = WachtConfig.builder().gatewayUrl(wacht.baseUrl()).build();
        client = HttpClients.create(config, config.gatewayUrl());
        base = wacht.baseUrl();
        body = GatewayBenchmark.checkBody(token);
        reused = GatewayBenchmark.checkRequest(base, body);
        if (reusedRequestByteArray().length < 100) {
            throw new IllegalStateException("the client got no gateway answer");
        }
    }

    /** Stops the client and the emulator. */
    @TearDown
    public void tearDown() {
        HttpClients.close(client);
        wacht.close();
    }

    /** The floor: one request reused, the answer read by the JDK's byte-array handler. */
    @Benchmark
    public byte[] reusedRequestByteArray() throws Exception {
        return client.send(reused, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** A request built per call, as the library builds one per check; the JDK's byte-array handler. */
    @Benchmark
    public byte[] builtRequestByteArray() throws Exception {
        return client.send(GatewayBenchmark.checkRequest(base, body), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** A request built per call, the answer read as a miss reads it: bounded, on the JDK's publisher. */
    @Benchmark
    public byte[] builtRequestBoundedBody() throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        return BoundedBody.read(client.send(GatewayBenchmark.checkRequest(base, body), BoundedBody.handler()), MAX).await(deadline);
    }

    /** A request built per call, the answer read by a bounded body subscriber of the library's own. */
    @Benchmark
    public byte[] builtRequestOwnSubscriber() throws Exception {
        return client.send(GatewayBenchmark.checkRequest(base, body), BoundedBody.wholeHandler(MAX)).body();
    }
}
