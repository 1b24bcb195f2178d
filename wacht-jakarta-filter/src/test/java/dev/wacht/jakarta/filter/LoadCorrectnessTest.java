package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtConfig;
import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.testkit.RateLimitRule;
import dev.wacht.testkit.SecretWatch;
import dev.wacht.testkit.WachtEmulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent requests through Tomcat, the filter and the emulator, with a mix of valid,
 * revoked-mid-run, expired, wrong-scope, unknown and malformed tokens, every answer checked against
 * the emulator's ground truth; then no growth of threads or heap. Every logger is at ALL and no
 * secret may appear in a log record, audit event or answer. {@code -Dwacht.load.requests=N} and
 * {@code -Dwacht.load.concurrency=N} change the size (docs/reliability.md).
 */
class LoadCorrectnessTest {
    private static final int REQUESTS = Integer.getInteger("wacht.load.requests", 50_000);
    private static final int CONCURRENCY = Integer.getInteger("wacht.load.concurrency", 64);
    private static final int WARM_UP = 3_000;
    /** The run stops issuing requests after this, however many are left (and then fails). */
    private static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("wacht.load.deadline-seconds",
            Math.max(300, REQUESTS / 100)));

    /** What a token is, and so which answers are right for it. */
    enum Kind {
        VALID, REVOKED_MID_RUN, EXPIRED, WRONG_SCOPE, UNKNOWN, MALFORMED
    }

    private static final Kind[] MIX = {Kind.VALID, Kind.VALID, Kind.VALID, Kind.VALID, Kind.REVOKED_MID_RUN,
        Kind.REVOKED_MID_RUN, Kind.EXPIRED, Kind.WRONG_SCOPE, Kind.UNKNOWN, Kind.MALFORMED};

    /** Held so that its level sticks. */
    private static final Logger JDK_CLIENT_TRACE = Logger.getLogger("jdk.internal.httpclient.debug");

    static SecretWatch watch;
    static WachtEmulator emulator;
    static EmbeddedTomcat tomcat;
    static final Map<Kind, List<String>> tokens = new ConcurrentHashMap<>();
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        // Everything at ALL except two transport traces that are not the library's and would produce hundreds
        // of records per request: the JDK HTTP client's internal debug log and Tomcat's connector
        // (org.apache.coyote, org.apache.tomcat.util.net). The hostile corpus runs with those at ALL too.
        watch = SecretWatch.install(List.of("dev.wacht", "org.apache.catalina", "jakarta"),
                record -> tomcat != null && tomcat.isContainerOrClientTrace(record));
        JDK_CLIENT_TRACE.setLevel(Level.INFO);
        emulator = WachtEmulator.start();
        emulator.setRateLimits(List.of(RateLimitRule.of(1_000_000_000L, Duration.ofMinutes(1))));
        watch.watch(emulator.backendApiKey());
        for (int i = 0; i < 8; i++) {
            add(Kind.VALID, emulator.mintToken("mcp:invoke").accessToken());
            add(Kind.REVOKED_MID_RUN, emulator.mintToken("mcp:invoke").accessToken());
            String expired = emulator.mintToken("mcp:invoke").accessToken();
            emulator.expireToken(expired);
            add(Kind.EXPIRED, expired);
            add(Kind.WRONG_SCOPE, emulator.mintToken("other:read").accessToken());
            add(Kind.UNKNOWN, "oat_unknown" + i + "x".repeat(40));
            add(Kind.MALFORMED, "oat_malformed" + i + "\"" + "y".repeat(40));
        }
        WachtConfig config = WachtConfig.builder().gatewayUrl(emulator.baseUrl()).apiKey(emulator.backendApiKey())
                .auditListener(event -> event.fields().forEach((k, v) -> watch.scan("audit " + k, v))).build();
        WachtFilterOptions options = WachtFilterOptions.builder().config(config).resource("mcp")
                .requiredPermissions("mcp:invoke").build();
        tomcat = new EmbeddedTomcat();
        tomcat.addContext("", (classes, context) -> {
            WachtFilter.register(context, "wacht", options, "/*");
            TestApp.addAll(context);
        });
    }

    private static void add(Kind kind, String token) {
        tokens.computeIfAbsent(kind, k -> new ArrayList<>()).add(token);
        watch.watch(token);
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
        emulator.close();
        watch.close();
        JDK_CLIENT_TRACE.setLevel(null);
    }

    /** The answers that are right for a request of this kind that ran from {@code start} to {@code end}. */
    private static Set<Integer> allowed(Kind kind, long start, long end, long revokeStart, long revokeEnd) {
        switch (kind) {
            case VALID:
                return Set.of(200);
            case REVOKED_MID_RUN:
                if (revokeStart == 0 || end < revokeStart) {
                    return Set.of(200);
                }
                // In flight while the revocation was being made: either answer is right.
                return start > revokeEnd ? Set.of(401) : Set.of(200, 401);
            case WRONG_SCOPE:
                return Set.of(403);
            case MALFORMED:
                return Set.of(400);
            default:
                return Set.of(401);
        }
    }

    /** Runs {@code n} requests at the configured concurrency; revokes at {@code revokeAt} (or never). */
    private static Result run(int n, int revokeAt) throws InterruptedException {
        Result result = new Result();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        URI uri = tomcat.uri("/echo");
        for (int t = 0; t < CONCURRENCY; t++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n && System.nanoTime() < deadline) {
                    if (i == revokeAt) {
                        result.revokeStart = System.nanoTime();
                        tokens.get(Kind.REVOKED_MID_RUN).forEach(emulator::revokeToken);
                        result.revokeEnd = System.nanoTime();
                    }
                    Kind kind = MIX[i % MIX.length];
                    List<String> pick = tokens.get(kind);
                    String token = pick.get((i / MIX.length) % pick.size());
                    long start = System.nanoTime();
                    int status;
                    String body;
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                        status = r.statusCode();
                        body = r.body();
                    } catch (IOException | InterruptedException e) {
                        status = -1;
                        body = e.toString();
                    }
                    long end = System.nanoTime();
                    result.record(kind, start, end, status, body);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(DEADLINE.toSeconds() + 60, TimeUnit.SECONDS)).isTrue();
        return result;
    }

    /** Every answer of a run, with its timing, checked after the run against the revocation window. */
    static final class Result {
        final ConcurrentLinkedQueue<long[]> answers = new ConcurrentLinkedQueue<>();
        final AtomicLong latencyNanos = new AtomicLong();
        volatile long revokeStart;
        volatile long revokeEnd;

        void record(Kind kind, long start, long end, int status, String body) {
            answers.add(new long[] {kind.ordinal(), start, end, status});
            latencyNanos.addAndGet(end - start);
            watch.scan("answer " + status, body);
        }

        List<String> wrong() {
            List<String> wrong = new ArrayList<>();
            for (long[] a : answers) {
                Kind kind = Kind.values()[(int) a[0]];
                if (!allowed(kind, a[1], a[2], revokeStart, revokeEnd).contains((int) a[3]) && wrong.size() < 20) {
                    wrong.add(kind + " got " + a[3]);
                }
            }
            return wrong;
        }

        long count(Kind kind, int status) {
            return answers.stream().filter(a -> a[0] == kind.ordinal() && a[3] == status).count();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void everyAnswerMatchesTheGroundTruthAndNothingGrows() throws InterruptedException {
        Result warmUp = run(WARM_UP, -1);
        assertThat(warmUp.wrong()).isEmpty();
        Thread.sleep(500);
        int threadsBefore = Thread.activeCount();
        long heapBefore = heapAfterGc();

        long started = System.nanoTime();
        Result load = run(REQUESTS, REQUESTS * 2 / 5);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(load.answers).hasSize(REQUESTS);
        assertThat(load.wrong()).isEmpty();
        assertThat(load.answers).noneMatch(a -> a[3] >= 500 || a[3] < 0);
        assertThat(load.count(Kind.REVOKED_MID_RUN, 200)).isPositive();
        assertThat(load.count(Kind.REVOKED_MID_RUN, 401)).isPositive();

        Thread.sleep(500);
        assertThat(EmbeddedTomcat.threadsInTheFilter()).isEmpty();
        int threadsAfter = Thread.activeCount();
        long heapAfter = heapAfterGc();
        // Pools (Tomcat's workers, the HTTP clients' executors) may keep more idle threads after a busier
        // phase, up to about one per concurrent request; a leak would grow with the number of requests.
        assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + CONCURRENCY);
        assertThat(heapAfter).isLessThan(heapBefore + 64L * 1024 * 1024);
        // Audit events and their log lines arrive on the dispatcher's thread after each answer.
        assertThat(AuditDispatcher.flushAll(Duration.ofSeconds(30))).isTrue();
        assertThat(watch.leaks()).isEmpty();
        System.out.printf("load: %d requests at concurrency %d in %.1f s (%.0f req/s, mean %.1f ms); "
                + "revoked-mid-run: %d allowed, %d refused; threads %d -> %d; heap after GC %d -> %d MiB; "
                + "%d log records scanned%n", REQUESTS, CONCURRENCY, seconds, REQUESTS / seconds,
                load.latencyNanos.get() / 1e6 / REQUESTS, load.count(Kind.REVOKED_MID_RUN, 200),
                load.count(Kind.REVOKED_MID_RUN, 401), threadsBefore, threadsAfter, heapBefore >> 20,
                heapAfter >> 20, watch.records());
    }
}
