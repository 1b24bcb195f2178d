package dev.wacht.benchmarks;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.Outcome;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.testkit.WachtEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * One verification through {@link WachtAuthenticator#authenticate} (credential parsing, shape checks,
 * verifier, audit event), per call: a cache hit for an opaque token and for a JWT, and local JWT
 * verification with a warm JWKS, each against the baseline of an empty verifier that answers a
 * completed outcome at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class VerificationBenchmark {
    private WachtEmulator wacht;
    private WachtAuthenticator emptyVerifier;
    private WachtAuthenticator cached;
    private WachtAuthenticator jwtLocal;
    private AccessRequest opaqueRequest;
    private AccessRequest jwtRequest;

    /** Starts the emulator, mints the tokens and warms every path once. */
    @Setup
    public void setUp() {
        wacht = WachtEmulator.start();
        wacht.setRateLimits(List.of());
        opaqueRequest = request(wacht.mintToken("mcp:invoke").accessToken());
        jwtRequest = request(wacht.mintJwt("mcp:invoke").accessToken());
        WachtConfig plain = WachtConfig.builder().gatewayUrl(wacht.baseUrl()).oauthIssuer(wacht.issuer()).build();
        // An audit listener, as in production: every decision builds its event and queues it.
        cached = WachtAuthenticator.create(plain.toBuilder().cacheMaxTtl(Duration.ofHours(1))
                .auditListener(event -> { }).build());
        Outcome allowed = expectAllowed(cached.authenticate(opaqueRequest));
        expectAllowed(cached.authenticate(jwtRequest));
        emptyVerifier = WachtAuthenticator.create(plain, request -> CompletableFuture.completedFuture(allowed));
        jwtLocal = WachtAuthenticator.create(plain);
        expectAllowed(jwtLocal.authenticate(jwtRequest));
    }

    /** The request every benchmark checks: POST on resource {@code mcp}, requiring {@code mcp:invoke}, with {@code token}. */
    public static AccessRequest request(String token) {
        return AccessRequest.builder().method("POST").resource("mcp").requiredPermissions(List.of("mcp:invoke"))
                .authorization("Bearer " + token).clientIp("127.0.0.1").userAgent("wacht-benchmarks").build();
    }

    static Outcome expectAllowed(Outcome outcome) {
        if (!outcome.isAllowed()) {
            throw new IllegalStateException("benchmark setup expected an allowed answer, got " + outcome);
        }
        return outcome;
    }

    /** Stops everything. */
    @TearDown
    public void tearDown() {
        cached.close();
        emptyVerifier.close();
        jwtLocal.close();
        wacht.close();
    }

    /** Baseline: the verifier answers a completed outcome, no cache. */
    @Benchmark
    public Outcome baselineEmptyVerifier() {
        return emptyVerifier.authenticate(opaqueRequest);
    }

    /** An opaque token answered from the cache. */
    @Benchmark
    public Outcome cacheHit() {
        return cached.authenticate(opaqueRequest);
    }

    /** A JWT access token answered from the cache. */
    @Benchmark
    public Outcome cacheHitJwt() {
        return cached.authenticate(jwtRequest);
    }

    /** A JWT access token verified locally (RS256, claims), signing keys already fetched, no cache. */
    @Benchmark
    public Outcome jwtLocal() {
        return jwtLocal.authenticate(jwtRequest);
    }
}
