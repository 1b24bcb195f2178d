package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.RateLimitRule;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One authenticator shared by many threads gives every caller its own, correct answer. */
@ExtendWith(WachtEmulatorExtension.class)
class ConcurrentVerificationTest {
    private static final int THREADS = 16;
    private static final int PER_THREAD = 60;

    @Test
    void manyThreadsShareOneAuthenticator(WachtEmulator wacht) throws Exception {
        wacht.reset();
        wacht.setRateLimits(List.of(RateLimitRule.of(1_000_000, Duration.ofMinutes(1))));
        List<String> allowed = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        List<String> revoked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            allowed.add(wacht.mintToken("mcp:invoke").accessToken());
            forbidden.add(wacht.mintToken("profile").accessToken());
            MintedToken r = wacht.mintToken("mcp:invoke");
            wacht.revokeGrant(r.grantId());
            revoked.add(r.accessToken());
        }
        WachtAuthenticator authenticator = WachtAuthenticator.create(WachtConfig.builder()
                .gatewayUrl(wacht.baseUrl()).requestTimeout(Duration.ofSeconds(10)).build());

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Callable<Integer> work = () -> {
                int wrong = 0;
                for (int i = 0; i < PER_THREAD; i++) {
                    int pick = (thread + i) % 4;
                    int n = i % 5;
                    String header = pick == 0 ? "Bearer " + allowed.get(n) : pick == 1 ? "Bearer " + forbidden.get(n)
                            : pick == 2 ? "Bearer " + revoked.get(n) : "Bearer not a token";
                    AccessRequest request = AccessRequest.builder().method("POST").resource("mcp")
                            .requiredPermissions(List.of("mcp:invoke")).authorization(header).build();
                    Outcome o = i % 2 == 0 ? authenticator.authenticate(request)
                            : authenticator.authenticateAsync(request).get();
                    boolean right = pick == 0 ? o.isAllowed() && o.principalOrThrow().hasScope("mcp:invoke")
                            : pick == 1 ? reason(o) == DenialReason.INSUFFICIENT_SCOPE
                            : pick == 2 ? reason(o) == DenialReason.INVALID_TOKEN
                            : reason(o) == DenialReason.INVALID_REQUEST;
                    wrong += right ? 0 : 1;
                }
                return wrong;
            };
            results.add(pool.submit(work));
        }
        int wrong = 0;
        for (Future<Integer> f : results) {
            wrong += f.get();
        }
        pool.shutdown();

        assertThat(wrong).isZero();
        int malformed = 0;
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++) {
                malformed += (t + i) % 4 == 3 ? 1 : 0;
            }
        }
        // Every well-formed credential made exactly one gateway call; malformed ones made none.
        assertThat(wacht.checks()).hasSize(THREADS * PER_THREAD - malformed);
    }

    private static DenialReason reason(Outcome o) {
        return o instanceof Outcome.Denied ? ((Outcome.Denied) o).reason() : null;
    }
}
