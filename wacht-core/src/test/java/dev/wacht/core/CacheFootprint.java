package dev.wacht.core;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.wacht.testkit.WachtEmulator;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the heap the verification cache needs for {@code n} cached principals. Each entry is what
 * a real miss leaves behind: a distinct opaque token, a fresh {@link AccessRequest} as an adapter
 * builds one per request, and the principal decoded from a real gateway answer of the emulator. To
 * measure the worst case, every entry gets its own {@code request_id}, user ({@code owner_user_id}),
 * workspace (the granted-resource URN, also in two headers), expiry, and a rate-limit
 * {@code remaining} count cycling through 1000 values; only what is the same for every token of one
 * OAuth client stays the same. It lives in {@code dev.wacht.core} to reach the package-private cache
 * and decoder; {@code CacheFootprintTest} bounds it and the benchmarks run it at full size (both
 * README, "Performance").
 */
public final class CacheFootprint {
    /** The measured numbers. */
    public static final class Report {
        /** Entries cached. */
        public final int entries;
        /** Used heap after GC, cache filled, minus before, in bytes. */
        public final long heapDelta;
        /** JOL's deep size of the cached principals' outcomes alone, in bytes. */
        public final long outcomesDeep;
        /** JOL's class histogram of those outcomes (the top lines). */
        public final String histogram;

        Report(int entries, long heapDelta, long outcomesDeep, String histogram) {
            this.entries = entries;
            this.heapDelta = heapDelta;
            this.outcomesDeep = outcomesDeep;
            this.histogram = histogram;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d cached principals: %.1f MiB heap (%,d bytes per entry); "
                    + "outcomes alone %.1f MiB", entries, heapDelta / 1048576.0, heapDelta / entries,
                    outcomesDeep / 1048576.0);
        }
    }

    private CacheFootprint() {
    }

    /** Fills a cache with {@code n} entries decoded from a real allowed answer of the emulator, and measures it. */
    public static Report measure(int n) throws Exception {
        return measure(n, gatewayAnswer());
    }

    /** A real allowed answer of the emulator's gateway, for an opaque token with two scopes. */
    static String gatewayAnswer() throws Exception {
        try (WachtEmulator wacht = WachtEmulator.start()) {
            String token = wacht.mintToken("mcp:invoke", "profile").accessToken();
            String body = "{\"principal\":{\"type\":\"oauth_access_token\",\"value\":\"" + token + "\"},"
                    + "\"resource\":\"mcp\",\"method\":\"POST\",\"required_permissions\":[\"mcp:invoke\"]}";
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(wacht.baseUrl() + "/v1/authz/check")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.body();
        }
    }

    /**
     * Fills a cache with {@code n} entries decoded from {@code gatewayAnswer} (an allowed answer of
     * the gateway for an OAuth token) and measures it.
     */
    public static Report measure(int n, String gatewayAnswer) throws InterruptedException {
        GatewayResponses decoder = new GatewayResponses(Duration.ofSeconds(5));
        VerificationCache cache = new VerificationCache(Duration.ofHours(1), Duration.ofSeconds(5), n,
                Ticker.systemTicker(), Clock.systemUTC(), Runnable::run);
        AtomicReference<Outcome> next = new AtomicReference<>();
        TokenVerifier verifier = cache.wrap(request -> CompletableFuture.completedFuture(next.get()));
        Outcome[] outcomes = new Outcome[n];
        Instant expiry = Instant.now().plus(Duration.ofHours(1));

        long before = usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            String token = String.format(Locale.ROOT, "oat_%043d", i);
            AccessRequest access = AccessRequest.builder().method("POST").resource("mcp")
                    .requiredPermissions(List.of("mcp:invoke")).authorization("Bearer " + token).build();
            VerificationRequest request = new VerificationRequest(BearerCredential.of(token),
                    CredentialKind.OAUTH_ACCESS_TOKEN, access);
            String body = gatewayAnswer
                    .replaceFirst("\"request_id\":\"[^\"]*\"", "\"request_id\":\"req_" + (820_000_000_000_000_000L + i) + "\"")
                    .replaceFirst("\"owner_user_id\":\"[^\"]*\"", "\"owner_user_id\":\"" + (770_000_000L + i) + "\"")
                    .replaceAll("urn:wacht:(\\w+):\\w+", "urn:wacht:workspace:" + (420_000_000L + i))
                    .replaceFirst("\"expires_at\":\"[^\"]*\"", "\"expires_at\":\""
                            + expiry.plusSeconds(i) + "\"")
                    .replaceAll("\"remaining\":\\d+", "\"remaining\":" + (i % 1000))
                    .replaceAll("(-remaining\":\")\\d+", "$1" + (i % 1000));
            Outcome outcome = decoder.decode(request, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
            if (!outcome.isAllowed()) {
                throw new IllegalStateException("expected an allowed answer, got " + outcome);
            }
            next.set(outcome);
            outcomes[i] = verifier.verify(request).join();
        }
        next.set(null);
        if (cache.keys().size() != n) {
            throw new IllegalStateException("expected " + n + " entries, found " + cache.keys().size());
        }
        long heapDelta = usedHeapAfterGc() - before; // the outcomes array was allocated before, empty
        GraphLayout layout = GraphLayout.parseInstance((Object[]) outcomes);
        String histogram = layout.toFootprint();
        long outcomesDeep = layout.totalSize();
        Reference.reachabilityFence(cache);
        return new Report(n, heapDelta, outcomesDeep, histogram);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
