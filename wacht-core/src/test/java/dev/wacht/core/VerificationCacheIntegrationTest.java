package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verification cache behind a real {@link WachtAuthenticator}, against the emulator. */
class VerificationCacheIntegrationTest {
    private static final String KEY = "wk_test_" + "C".repeat(43);

    @RegisterExtension
    static final WachtEmulatorExtension EMULATOR = new WachtEmulatorExtension(b -> b.backendApiKey(KEY));

    private WachtEmulator wacht;

    @BeforeEach
    void setUp(WachtEmulator emulator) {
        wacht = emulator;
        wacht.reset();
    }

    private WachtConfig.Builder config() {
        return WachtConfig.builder().gatewayUrl(wacht.baseUrl()).managementUrl(wacht.baseUrl()).apiKey(KEY);
    }

    private static AccessRequest request(String token) {
        return AccessRequest.builder().method("POST").resource("/mcp").requiredPermissions(List.of("mcp:invoke"))
                .authorization("Bearer " + token).build();
    }

    @Test
    void theCacheIsOffByDefault() {
        String token = wacht.mintToken("mcp:invoke").accessToken();
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(config().build())) {
            assertThat(authenticator.cache()).isNull();
            authenticator.authenticate(request(token));
            authenticator.authenticate(request(token));
            authenticator.invalidateAll(); // harmless without a cache
        }
        assertThat(wacht.checks()).hasSize(2);
    }

    @Test
    void twoHundredFiftySixThreadsPresentingOneNewTokenCauseOneGatewayCheck() throws Exception {
        String token = wacht.mintToken("mcp:invoke").accessToken();
        int threads = 256;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(
                config().cacheMaxTtl(Duration.ofMinutes(1)).build())) {
            List<Future<Outcome>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return authenticator.authenticate(request(token));
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<Outcome> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS).isAllowed()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(wacht.checks()).hasSize(1);
    }

    @Test
    void invalidatingACredentialMakesTheNextRequestAskAgain() {
        String token = wacht.mintToken("mcp:invoke").accessToken();
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(
                config().cacheMaxTtl(Duration.ofHours(1)).build())) {
            authenticator.authenticate(request(token));
            wacht.revokeToken(token);
            assertThat(authenticator.authenticate(request(token)).isAllowed()).isTrue();
            authenticator.invalidateCredential(token);
            assertThat(authenticator.authenticate(request(token)).isAllowed()).isFalse();
        }
        assertThat(wacht.checks()).hasSize(2);
    }

    @Test
    void jwtAccessTokensAreVerifiedOnceWhileCached() {
        String jwt = wacht.mintJwt("mcp:invoke").accessToken();
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(
                config().oauthIssuer(wacht.issuer()).cacheMaxTtl(Duration.ofMinutes(5)).build())) {
            Outcome first = authenticator.authenticate(request(jwt));
            Outcome second = authenticator.authenticate(request(jwt));
            assertThat(first.isAllowed()).isTrue();
            // The same answer object: the second request never reached the JWT verifier.
            assertThat(second).isSameAs(first);
            assertThat(authenticator.cache().keys()).hasSize(1);
        }
        assertThat(wacht.checks()).isEmpty();
    }
}
