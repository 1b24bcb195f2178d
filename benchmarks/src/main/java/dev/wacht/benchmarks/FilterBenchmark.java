package dev.wacht.benchmarks;

import dev.wacht.testkit.WachtEmulator;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The servlet filter end to end on an embedded Tomcat ({@link ProtectedTomcat}), with a load generator
 * of {@value #USERS} concurrent virtual users (JMH threads sharing one JDK {@link HttpClient}, each
 * sending its next request when the last one was answered). Each endpoint runs on its own, one after
 * the other; {@link PeerComparison} measures the same endpoints interleaved, which is what to compare
 * on a machine with other load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(FilterBenchmark.USERS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
public class FilterBenchmark {
    /** Concurrent virtual users. */
    static final int USERS = 8;

    /** Which endpoint of {@link ProtectedTomcat#ENDPOINTS}. */
    @Param({"unprotected", "cache-on", "cache-off", "spring-chain"})
    public String endpoint;

    private WachtEmulator wacht;
    private ProtectedTomcat tomcat;
    private HttpClient client;
    private HttpRequest request;

    /** Starts the emulator and Tomcat; checks the chosen endpoint answers 200. */
    @Setup
    public void setUp() throws Exception {
        wacht = WachtEmulator.start();
        wacht.setRateLimits(List.of());
        tomcat = new ProtectedTomcat(wacht);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(tomcat.url(endpoint)).header("Authorization", "Bearer " + tomcat.token())
                .GET().build();
        int status = call();
        if (status != 200) {
            throw new IllegalStateException(endpoint + " answered " + status);
        }
    }

    /** Stops Tomcat and the emulator. */
    @TearDown
    public void tearDown() throws Exception {
        tomcat.close();
        wacht.close();
    }

    /** One request of one virtual user; answers the HTTP status. */
    @Benchmark
    public int call() throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
