package dev.wacht.core;

import dev.wacht.benchmarks.GatewayBenchmark;
import dev.wacht.benchmarks.VerificationBenchmark;
import dev.wacht.testkit.WachtEmulator;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The library's own work in a gateway miss, without the network: writing the check request and
 * reading a real allowed answer of the emulator into an outcome with its principal. (In the package of
 * the classes it measures, which are not public.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MissWorkBenchmark {
    private final GatewayWire wire = new GatewayWire();
    private final GatewayResponses responses = new GatewayResponses(Duration.ofSeconds(5));
    @SuppressWarnings("NullAway.Init") // set by JMH's @Setup before any benchmark method runs
    private VerificationRequest verification;
    @SuppressWarnings("NullAway.Init") // same
    private byte[] answer;

    /** Asks the emulator once, for the answer that every decode then reads. */
    @Setup
    public void setUp() throws Exception {
        try (WachtEmulator wacht = WachtEmulator.start()) {
            wacht.setRateLimits(List.of());
            String token = wacht.mintToken("mcp:invoke").accessToken();
            verification = new VerificationRequest(BearerCredential.of(token), CredentialKind.OAUTH_ACCESS_TOKEN,
                    VerificationBenchmark.request(token));
            answer = HttpClient.newHttpClient().send(GatewayBenchmark.checkRequest(wacht.baseUrl(),
                    wire.encodeCheck(verification)), HttpResponse.BodyHandlers.ofByteArray()).body();
        }
        if (!decode().isAllowed()) {
            throw new IllegalStateException("the emulator's answer was not an allowance");
        }
    }

    /** Writes the check request's JSON. */
    @Benchmark
    public byte[] encode() {
        return wire.encodeCheck(verification);
    }

    /** Reads the answer: its JSON, the decision, the principal. */
    @Benchmark
    public Outcome decode() {
        return responses.decode(verification, 200, "application/json", answer);
    }
}
