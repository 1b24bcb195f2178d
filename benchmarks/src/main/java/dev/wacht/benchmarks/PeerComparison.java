package dev.wacht.benchmarks;

import com.sun.management.ThreadMXBean;
import dev.wacht.core.AccessRequest;
import dev.wacht.core.Outcome;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.testkit.MintedClient;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;

/**
 * The token checks of wacht-core next to their floors and to Spring Security's, in one JVM, against
 * one in-process emulator, interleaved round by round so that the noise of a shared machine falls on
 * all of them alike. For each contender: the latency of one caller (p50, p90), the throughput of
 * {@value #THREADS} callers, and per call the threads started, the CPU time and the bytes allocated
 * by every thread of the JVM except the emulator's (threads that end during a round take their CPU
 * and allocations with them; the thread count shows whether any did).
 *
 * <p>Legs: the gateway miss over HTTP (floor: a bare JDK {@link HttpClient} POST of the same check),
 * RFC 7662 introspection (Spring's {@code SpringOpaqueTokenIntrospector}; floor: a bare POST of the
 * same introspection), the gateway miss over TLS (floor: the bare POST over TLS), local JWT
 * verification (Spring's {@code NimbusJwtDecoder}), and the servlet endpoints of {@link ProtectedTomcat}
 * (floor: the unprotected endpoint).
 */
public final class PeerComparison {
    static final int THREADS = 8;
    private static final int LATENCY_CALLS = 2000;
    private static final Duration THROUGHPUT_TIME = Duration.ofSeconds(2);

    /** One way of checking a token. */
    @FunctionalInterface
    interface Check {
        Object call() throws Exception;
    }

    /** A contender and the floor it is compared with. */
    private static final class Contender {
        final String name;
        final String floor;
        final Check check;
        final List<double[]> rounds = new ArrayList<>(); // p50 µs, p90 µs, calls/s, threads, CPU µs, bytes

        Contender(String name, String floor, Check check) {
            this.name = name;
            this.floor = floor;
            this.check = check;
        }
    }

    private PeerComparison() {
    }

    /** Runs the comparison; the optional argument is the number of rounds (default 5). */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        // The emulator's JDK HttpServer closes connections idle for 30 s, and a contender waits about that
        // long for its next turn; the bare HttpClient floor does not send a check again on a connection
        // closed under it (wacht-core does, once). Lifted here so every contender meets kept-alive connections.
        System.setProperty("sun.net.httpserver.idleInterval", "3600");
        try (WachtEmulator http = WachtEmulator.start();
                WachtEmulator https = WachtEmulator.builder().https().start();
                ProtectedTomcat tomcat = new ProtectedTomcat(http)) {
            List<Contender> contenders = contenders(http, https);
            contenders.addAll(endpoints(tomcat));
            for (Contender c : contenders) { // warm up every path before the first round
                measure(c, 3 * LATENCY_CALLS / 2, Duration.ofSeconds(1));
                c.rounds.clear();
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < contenders.size(); i++) { // each round starts with another contender
                    measure(contenders.get((i + r) % contenders.size()), LATENCY_CALLS, THROUGHPUT_TIME);
                }
            }
            print(contenders, rounds);
        }
    }

    private static List<Contender> contenders(WachtEmulator http, WachtEmulator https) throws Exception {
        http.setRateLimits(List.of());
        https.setRateLimits(List.of());
        MintedClient client = http.createClient("client_secret_basic");
        String secret = client.clientSecret().orElseThrow();
        String opaque = http.mintToken(TokenRequest.builder().scopes("mcp:invoke").clientId(client.clientId())
                .build()).accessToken();
        String jwt = http.mintJwt("mcp:invoke").accessToken();
        String tlsOpaque = https.mintToken("mcp:invoke").accessToken();

        HttpClient bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();
        SSLContext trustEmulator = https.tls().clientSslContext();
        HttpClient bareTls = HttpClient.newBuilder().sslContext(trustEmulator).connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        // The library's client trusts what the JVM trusts: the emulator's certificate, for this leg.
        SSLContext.setDefault(trustEmulator);

        WachtConfig config = WachtConfig.builder().gatewayUrl(http.baseUrl()).oauthIssuer(http.issuer())
                .circuitBreakerThreshold(0).build();
        WachtAuthenticator wacht = WachtAuthenticator.create(config);
        WachtAuthenticator wachtTls = WachtAuthenticator.create(config.toBuilder().gatewayUrl(https.baseUrl()).build());
        AccessRequest request = VerificationBenchmark.request(opaque);
        AccessRequest tlsRequest = VerificationBenchmark.request(tlsOpaque);
        AccessRequest jwtRequest = VerificationBenchmark.request(jwt);
        HttpRequest bareCheck = GatewayBenchmark.checkRequest(http.baseUrl(), GatewayBenchmark.checkBody(opaque));
        HttpRequest bareTlsCheck = GatewayBenchmark.checkRequest(https.baseUrl(), GatewayBenchmark.checkBody(tlsOpaque));
        HttpRequest bareIntrospect = HttpRequest.newBuilder(URI.create(http.baseUrl() + "/oauth/introspect"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (client.clientId() + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("token=" + opaque)).build();
        OpaqueTokenIntrospector spring = SpringOpaqueTokenIntrospector
                .withIntrospectionUri(http.baseUrl() + "/oauth/introspect")
                .clientId(client.clientId()).clientSecret(secret).build();
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSetUri(http.baseUrl() + "/.well-known/jwks.json").build();
        nimbus.setJwtValidator(JwtValidators.createDefaultWithIssuer(http.issuer()));

        List<Contender> all = new ArrayList<>();
        all.add(new Contender("bare HttpClient POST /v1/authz/check", null,
                () -> floor(bare, bareCheck)));
        all.add(new Contender("wacht-core authenticate (miss)", "bare HttpClient POST /v1/authz/check",
                () -> allowed(wacht.authenticate(request))));
        all.add(new Contender("wacht-core authenticateAsync (miss)", "bare HttpClient POST /v1/authz/check",
                () -> allowed(wacht.authenticateAsync(request).join())));
        all.add(new Contender("bare HttpClient POST /oauth/introspect", null,
                () -> floor(bare, bareIntrospect)));
        all.add(new Contender("Spring SpringOpaqueTokenIntrospector", "bare HttpClient POST /oauth/introspect",
                () -> spring.introspect(opaque)));
        all.add(new Contender("bare HttpClient POST over TLS", null,
                () -> floor(bareTls, bareTlsCheck)));
        all.add(new Contender("wacht-core authenticate over TLS (miss)", "bare HttpClient POST over TLS",
                () -> allowed(wachtTls.authenticate(tlsRequest))));
        all.add(new Contender("wacht-core JWT, local (no cache)", null, () -> allowed(wacht.authenticate(jwtRequest))));
        all.add(new Contender("Spring NimbusJwtDecoder", "wacht-core JWT, local (no cache)", () -> nimbus.decode(jwt)));
        for (Contender c : all) {
            c.check.call(); // fails here, before measuring, when a path does not work
        }
        return all;
    }

    /** The servlet endpoints; the client and Tomcat are both in this JVM, so their CPU and bytes count. */
    private static List<Contender> endpoints(ProtectedTomcat tomcat) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Contender> all = new ArrayList<>();
        for (String endpoint : ProtectedTomcat.ENDPOINTS) {
            HttpRequest get = HttpRequest.newBuilder(tomcat.url(endpoint))
                    .header("Authorization", "Bearer " + tomcat.token()).GET().build();
            Contender c = new Contender("Tomcat " + endpoint, endpoint.equals("unprotected") ? null
                    : "Tomcat unprotected", () -> {
                        int status = client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 200) {
                            throw new IllegalStateException(endpoint + " answered " + status);
                        }
                        return status;
                    });
            c.check.call();
            all.add(c);
        }
        return all;
    }

    /**
     * One floor call: the POST, its answer read as bytes. A connection the JDK client closes under the
     * request before any answer ("header parser received no bytes", "Data received while in pool") is sent
     * once more, as wacht-core does, instead of ending the load-generator thread (which made the floor's
     * calls/s look lower than it is).
     */
    private static byte[] floor(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        return bytes(response);
    }

    private static byte[] bytes(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the floor got status " + response.statusCode());
        }
        return response.body();
    }

    private static Outcome allowed(Outcome outcome) {
        return VerificationBenchmark.expectAllowed(outcome);
    }

    private static void measure(Contender c, int calls, Duration throughputTime) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] latencies = new long[calls];
        long startedBefore = threads.getTotalStartedThreadCount();
        Map<Long, long[]> before = clientUsage(threads);
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            c.check.call();
            latencies[i] = System.nanoTime() - t0;
        }
        Map<Long, long[]> after = clientUsage(threads);
        long started = threads.getTotalStartedThreadCount() - startedBefore;
        long cpu = 0;
        long bytes = 0;
        for (Map.Entry<Long, long[]> e : after.entrySet()) {
            long[] was = before.getOrDefault(e.getKey(), new long[2]);
            cpu += e.getValue()[0] - was[0];
            bytes += e.getValue()[1] - was[1];
        }
        Arrays.sort(latencies);
        double callsPerSecond = throughput(c.check, throughputTime);
        c.rounds.add(new double[] {latencies[calls / 2] / 1e3, latencies[calls * 9 / 10] / 1e3, callsPerSecond,
                (double) started / calls, cpu / 1e3 / calls, (double) bytes / calls});
    }

    /** CPU nanoseconds and allocated bytes of every live thread but the emulator's, by thread id. */
    private static Map<Long, long[]> clientUsage(ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids);
        List<Long> client = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            String name = infos[i] == null ? "" : infos[i].getThreadName();
            if (!name.startsWith("wacht-emulator-") && !name.startsWith("HTTP-Dispatcher")) {
                client.add(ids[i]);
            }
        }
        long[] clientIds = client.stream().mapToLong(Long::longValue).toArray();
        long[] cpu = threads.getThreadCpuTime(clientIds);
        long[] bytes = threads.getThreadAllocatedBytes(clientIds);
        Map<Long, long[]> usage = new HashMap<>();
        for (int i = 0; i < clientIds.length; i++) {
            if (cpu[i] >= 0 && bytes[i] >= 0) {
                usage.put(clientIds[i], new long[] {cpu[i], bytes[i]});
            }
        }
        return usage;
    }

    private static double throughput(Check check, Duration time) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(THREADS);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread caller = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        check.call();
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    finished.countDown();
                }
            }, "caller-" + t);
            callers.add(caller);
        }
        long start = System.nanoTime();
        callers.forEach(Thread::start);
        Thread.sleep(time.toMillis());
        long count = done.get();
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        finished.await();
        for (Thread caller : callers) {
            caller.join();
        }
        return count / (elapsed / 1e9);
    }

    private static void print(List<Contender> contenders, int rounds) {
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (Contender c : contenders) {
            double[] m = new double[6];
            for (int k = 0; k < m.length; k++) {
                final int column = k;
                double[] values = c.rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
                m[k] = values[values.length / 2];
            }
            medians.put(c.name, m);
        }
        System.out.println();
        System.out.println("== Peers, medians of " + rounds + " interleaved rounds (" + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs; " + LATENCY_CALLS + " calls by 1 caller, "
                + THROUGHPUT_TIME.toSeconds() + " s of " + THREADS + " callers per round) ==");
        System.out.println(String.format(Locale.ROOT, "| %-42s | %9s | %9s | %10s | %9s | %11s | %9s | %9s | %12s |",
                "contender", "p50 µs", "p90 µs", "calls/s", "threads/call", "CPU µs/call", "B/call",
                "p50 ÷ floor", "calls/s ÷ floor"));
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Contender c : contenders) {
            double[] m = medians.get(c.name);
            double[] f = c.floor == null ? null : medians.get(c.floor);
            System.out.println(String.format(Locale.ROOT,
                    "| %-42s | %9.1f | %9.1f | %10.0f | %9.3f | %11.1f | %9.0f | %9s | %12s |", c.name, m[0], m[1],
                    m[2], m[3], m[4], m[5], f == null ? "—" : String.format(Locale.ROOT, "%.2f", m[0] / f[0]),
                    f == null ? "—" : String.format(Locale.ROOT, "%.2f", m[2] / f[2])));
        }
        System.out.println("(floors: wacht-core's gateway and introspection rows against the bare POST above them; "
                + "the JWT row of Spring against wacht-core's; the Tomcat rows against the unprotected endpoint, "
                + "their CPU and bytes including Tomcat's and the load generator's)");
    }
}
