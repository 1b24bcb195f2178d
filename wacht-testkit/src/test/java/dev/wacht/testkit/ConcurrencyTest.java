package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many threads checking, minting and administering at once. */
class ConcurrencyTest {
    static final int THREADS = 16;
    static final int PER_THREAD = 40;

    WachtEmulator wacht;
    Http http;
    ExecutorService pool;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.start();
        http = new Http(wacht);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        wacht.close();
    }

    @Test
    void rateLimitIsExactUnderConcurrency() throws Exception {
        int limit = 250;
        wacht.setRateLimits(List.of(RateLimitRule.of(limit, Duration.ofHours(1))));
        String token = wacht.mintToken("s").accessToken();
        AtomicInteger allowed = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    HttpResponse<String> r = http.checkToken(token, "s");
                    assertThat(r.statusCode()).isEqualTo(200);
                    if (Http.obj(r).getBoolean("allowed")) {
                        allowed.incrementAndGet();
                    } else {
                        assertThat(Http.obj(r).getString("reason")).isEqualTo("rate_limited");
                        limited.incrementAndGet();
                    }
                }
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(tasks)) {
            f.get();
        }
        assertThat(allowed.get()).isEqualTo(limit);
        assertThat(limited.get()).isEqualTo(THREADS * PER_THREAD - limit);
        assertThat(wacht.checks()).hasSize(THREADS * PER_THREAD);
        assertThat(wacht.checks()).extracting(RecordedCheck::requestId).doesNotHaveDuplicates();
    }

    @Test
    void mintingRevokingAndCheckingInParallel() throws Exception {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int n = t;
            tasks.add(() -> {
                for (int i = 0; i < PER_THREAD / 4; i++) {
                    MintedToken token = wacht.mintToken(TokenRequest.builder().scopes("s")
                            .clientId("oc_thread" + (n % 4)).userId(Integer.toString(n)).build());
                    MintedApiKey key = wacht.mintApiKey("p");
                    assertThat(Http.obj(http.checkToken(token.accessToken(), "s")).getBoolean("allowed")).isTrue();
                    assertThat(Http.obj(http.checkKey(key.apiKey(), "p")).getBoolean("allowed")).isTrue();
                    wacht.revokeGrant(token.grantId());
                    wacht.revokeApiKey(key.apiKey());
                    assertThat(http.checkToken(token.accessToken()).statusCode()).isEqualTo(401);
                    assertThat(http.checkKey(key.apiKey()).body()).isEqualTo("Invalid API key");
                    wacht.checks();
                }
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(tasks)) {
            f.get();
        }
        assertThat(wacht.checks()).hasSize(THREADS * (PER_THREAD / 4) * 4);
    }
}
