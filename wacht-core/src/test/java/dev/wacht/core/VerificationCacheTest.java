package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The verification cache's rules on a controllable clock: TTLs, negative caching, what is never
 * cached, single flight, no poisoning, invalidation and hashed keys. No sleeps.
 */
class VerificationCacheTest {
    private static final Duration MAX_TTL = Duration.ofSeconds(30);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);
    private static final String TOKEN = "oat_" + "s3cr3t".repeat(8);
    private static final String OTHER_TOKEN = "oat_" + "other".repeat(9);

    /** One time source for Caffeine's ticker and the wall clock the TTL rules read. */
    private static final class FakeTime implements Ticker {
        private static final Instant START = Instant.parse("2026-05-20T10:00:00Z");
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        Instant now() {
            return START.plusNanos(nanos.get());
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Instant instant() {
                    return now();
                }
            };
        }
    }

    /** A verifier that counts calls and answers what the test says, completed or pending. */
    private static final class Stub implements TokenVerifier {
        final AtomicInteger calls = new AtomicInteger();
        Function<VerificationRequest, CompletableFuture<Outcome>> answer;

        Stub(Outcome outcome) {
            answer(outcome);
        }

        void answer(Outcome outcome) {
            answer = r -> CompletableFuture.completedFuture(outcome);
        }

        @Override
        public CompletableFuture<Outcome> verify(VerificationRequest request) {
            calls.incrementAndGet();
            return answer.apply(request);
        }
    }

    private final FakeTime time = new FakeTime();

    private VerificationCache cache(Duration negativeTtl) {
        return new VerificationCache(MAX_TTL, negativeTtl, 1000, time, time.clock(), Runnable::run);
    }

    private static VerificationRequest request(String token, String method, String resource, String... required) {
        return new VerificationRequest(BearerCredential.of(token), CredentialKind.OAUTH_ACCESS_TOKEN,
                AccessRequest.builder().method(method).resource(resource).requiredPermissions(List.of(required))
                        .authorization("Bearer " + token).clientIp("203.0.113.7").build());
    }

    private static VerificationRequest request(String token) {
        return request(token, "POST", "/mcp", "mcp:invoke");
    }

    private static WachtPrincipal principal(String clientRecordId, Instant expiresAt) {
        return WachtPrincipal.builder(VerificationSource.GATEWAY, CredentialKind.OAUTH_ACCESS_TOKEN, "oc_client")
                .keyId(clientRecordId).expiresAt(expiresAt).scopes(List.of("mcp:invoke")).build();
    }

    private Outcome allowedUntil(Instant expiresAt) {
        return Outcome.allowed(principal("9001", expiresAt));
    }

    private static Outcome verify(TokenVerifier verifier, VerificationRequest request) {
        CompletableFuture<Outcome> answer = verifier.verify(request);
        assertThat(answer).isDone();
        return answer.join();
    }

    /** Asks {@code count} times, advancing {@code step} before each, and returns the delegate's call count. */
    private int callsAfter(TokenVerifier verifier, Stub stub, Duration step, int count) {
        for (int i = 0; i < count; i++) {
            time.advance(step);
            verify(verifier, request(TOKEN));
        }
        return stub.calls.get();
    }

    @Test
    void allowedAnswersLiveForTheMaxTtlWhenTheTokenOutlivesIt() {
        Stub stub = new Stub(allowedUntil(time.now().plus(Duration.ofHours(1))));
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);

        Outcome first = verify(verifier, request(TOKEN));
        time.advance(MAX_TTL.minusMillis(1));
        assertThat(verify(verifier, request(TOKEN))).isSameAs(first);
        assertThat(stub.calls).hasValue(1);

        time.advance(Duration.ofMillis(1));
        verify(verifier, request(TOKEN));
        assertThat(stub.calls).hasValue(2);
    }

    @Test
    void allowedAnswersWithoutAKnownExpiryLiveForTheMaxTtl() {
        Stub stub = new Stub(allowedUntil(null));
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);
        verify(verifier, request(TOKEN));
        assertThat(callsAfter(verifier, stub, MAX_TTL.minusSeconds(1), 1)).isEqualTo(1);
        assertThat(callsAfter(verifier, stub, Duration.ofSeconds(1), 1)).isEqualTo(2);
    }

    @Test
    void allowedAnswersNeverOutliveTheToken() {
        Stub stub = new Stub(allowedUntil(time.now().plusSeconds(10)));
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);
        verify(verifier, request(TOKEN));
        assertThat(callsAfter(verifier, stub, Duration.ofMillis(9_999), 1)).isEqualTo(1);
        assertThat(callsAfter(verifier, stub, Duration.ofMillis(1), 1)).isEqualTo(2);
    }

    @Test
    void anAnswerForATokenAlreadyPastItsExpiryIsNotKept() {
        Stub stub = new Stub(allowedUntil(time.now().minusSeconds(1)));
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);
        verify(verifier, request(TOKEN));
        assertThat(callsAfter(verifier, stub, Duration.ZERO, 2)).isEqualTo(3);
    }

    @Test
    void insufficientScopeIsCachedLikeAnAllowedAnswerAndBoundedByTheExpiry() {
        WachtPrincipal p = principal("9001", time.now().plusSeconds(20));
        Stub stub = new Stub(Outcome.insufficientScope(List.of("mcp:invoke"), p, "req_1"));
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);
        verify(verifier, request(TOKEN));
        assertThat(callsAfter(verifier, stub, Duration.ofSeconds(19), 1)).isEqualTo(1);
        assertThat(callsAfter(verifier, stub, Duration.ofSeconds(1), 1)).isEqualTo(2);
    }

    @Test
    void rejectedTokensAreCachedForTheNegativeTtl() {
        Stub stub = new Stub(Outcome.invalidToken("The access token is invalid, expired or revoked", "req_2"));
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);
        verify(verifier, request(TOKEN));
        assertThat(callsAfter(verifier, stub, NEGATIVE_TTL.minusMillis(1), 1)).isEqualTo(1);
        assertThat(callsAfter(verifier, stub, Duration.ofMillis(1), 1)).isEqualTo(2);
    }

    @Test
    void aZeroNegativeTtlKeepsNoRejection() {
        Stub stub = new Stub(Outcome.invalidToken("The access token is invalid, expired or revoked", null));
        TokenVerifier verifier = cache(Duration.ZERO).wrap(stub);
        assertThat(callsAfter(verifier, stub, Duration.ZERO, 3)).isEqualTo(3);
    }

    @Test
    void rateLimitedUnavailableAndMalformedAnswersAreNeverCached() {
        List<Outcome> never = List.of(
                Outcome.rateLimited(Duration.ofSeconds(60), principal("9001", null), "req_3"),
                Outcome.unavailable(UnavailableCause.GATEWAY_TIMEOUT, "timeout", Duration.ofSeconds(5)),
                Outcome.unavailable(UnavailableCause.CIRCUIT_OPEN, "open", Duration.ofSeconds(5)),
                Outcome.denied(DenialReason.INVALID_REQUEST, "bad"));
        for (Outcome outcome : never) {
            Stub stub = new Stub(outcome);
            TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);
            assertThat(callsAfter(verifier, stub, Duration.ZERO, 3)).as(outcome.toString()).isEqualTo(3);
        }
    }

    @Test
    void concurrentMissesShareOneCallAndItsAnswer() {
        CompletableFuture<Outcome> pending = new CompletableFuture<>();
        Stub stub = new Stub(null);
        stub.answer = r -> pending;
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);

        List<CompletableFuture<Outcome>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(verifier.verify(request(TOKEN)));
        }
        assertThat(stub.calls).hasValue(1);
        assertThat(waiting).allSatisfy(f -> assertThat(f).isNotDone());

        Outcome allowed = allowedUntil(null);
        pending.complete(allowed);
        Outcome shared = waiting.get(0).join();
        assertThat(shared.principalOrThrow()).isEqualTo(allowed.principalOrThrow());
        assertThat(waiting).allSatisfy(f -> assertThat(f.join()).isSameAs(shared));
        verify(verifier, request(TOKEN));
        assertThat(stub.calls).hasValue(1);
    }

    @Test
    void aFailedCallIsSharedByItsWaitersButDoesNotPoisonTheNextRequest() {
        CompletableFuture<Outcome> pending = new CompletableFuture<>();
        Stub stub = new Stub(null);
        stub.answer = r -> pending;
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);
        CompletableFuture<Outcome> first = verifier.verify(request(TOKEN));
        CompletableFuture<Outcome> second = verifier.verify(request(TOKEN));

        Outcome unavailable = Outcome.unavailable(UnavailableCause.GATEWAY_UNREACHABLE, "down", Duration.ofSeconds(5));
        pending.complete(unavailable);
        assertThat(first.join()).isSameAs(unavailable);
        assertThat(second.join()).isSameAs(unavailable);

        Outcome allowed = allowedUntil(null);
        stub.answer(allowed);
        assertThat(verify(verifier, request(TOKEN)).isAllowed()).isTrue();
        assertThat(stub.calls).hasValue(2);
    }

    @Test
    void aCallThatCompletesExceptionallyIsNotCached() {
        Stub stub = new Stub(null);
        stub.answer = r -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);
        assertThat(verifier.verify(request(TOKEN))).isCompletedExceptionally();
        stub.answer(allowedUntil(null));
        assertThat(verify(verifier, request(TOKEN)).isAllowed()).isTrue();
        assertThat(stub.calls).hasValue(2);
    }

    @Test
    void theKeyHoldsMethodResourcePermissionsAndKindButNotTheClientIp() {
        Stub stub = new Stub(allowedUntil(null));
        VerificationCache cache = cache(NEGATIVE_TTL);
        TokenVerifier verifier = cache.wrap(stub);
        verify(verifier, request(TOKEN, "POST", "/mcp", "mcp:invoke"));
        verify(verifier, request(TOKEN, "GET", "/mcp", "mcp:invoke"));
        verify(verifier, request(TOKEN, "POST", "/other", "mcp:invoke"));
        verify(verifier, request(TOKEN, "POST", "/mcp"));
        verify(verifier, request(TOKEN, "POST", "/mcp", "mcp:invoke", "profile"));
        verify(verifier, new VerificationRequest(BearerCredential.of(TOKEN), CredentialKind.API_KEY,
                request(TOKEN).request()));
        assertThat(stub.calls).hasValue(6);

        VerificationRequest otherIp = new VerificationRequest(BearerCredential.of(TOKEN),
                CredentialKind.OAUTH_ACCESS_TOKEN, AccessRequest.builder().method("POST").resource("/mcp")
                        .requiredPermissions(List.of("mcp:invoke")).clientIp("198.51.100.1").userAgent("other")
                        .build());
        verify(verifier, otherIp);
        assertThat(stub.calls).hasValue(6);
        assertThat(cache.keys()).hasSize(6);
    }

    @Test
    void keysHoldTheCredentialsDigestNeverTheCredential() throws Exception {
        VerificationCache cache = cache(NEGATIVE_TTL);
        TokenVerifier verifier = cache.wrap(new Stub(allowedUntil(null)));
        verify(verifier, request(TOKEN));
        verify(verifier, request(TOKEN, "GET", "/api/me"));

        byte[] raw = TOKEN.getBytes(StandardCharsets.UTF_8);
        assertThat(cache.keys()).hasSize(2).allSatisfy(key -> {
            assertThat(key.toString()).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(4))
                    .contains(BearerCredential.of(TOKEN).fingerprint());
            for (Field f : CacheKey.class.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object value = f.get(key);
                assertThat(String.valueOf(value)).as(f.getName()).doesNotContain(TOKEN.substring(4));
                if (value instanceof byte[]) {
                    assertThat(Arrays.equals((byte[]) value, raw)).isFalse();
                }
            }
            assertThat(key.isFor(BearerCredential.of(TOKEN).sha256())).isTrue();
        });
    }

    @Test
    void invalidatingACredentialDropsEveryAnswerForItAndOnlyThose() {
        Stub stub = new Stub(allowedUntil(null));
        VerificationCache cache = cache(NEGATIVE_TTL);
        TokenVerifier verifier = cache.wrap(stub);
        verify(verifier, request(TOKEN));
        verify(verifier, request(TOKEN, "GET", "/api/me"));
        verify(verifier, request(OTHER_TOKEN));

        cache.invalidate(BearerCredential.of(TOKEN));
        assertThat(cache.keys()).hasSize(1).allSatisfy(k -> assertThat(k.isFor(
                BearerCredential.of(OTHER_TOKEN).sha256())).isTrue());
        verify(verifier, request(TOKEN));
        verify(verifier, request(OTHER_TOKEN));
        assertThat(stub.calls).hasValue(4);
    }

    @Test
    void invalidatingEverythingDropsEveryAnswer() {
        Stub stub = new Stub(allowedUntil(null));
        VerificationCache cache = cache(NEGATIVE_TTL);
        TokenVerifier verifier = cache.wrap(stub);
        verify(verifier, request(TOKEN));
        verify(verifier, request(OTHER_TOKEN));
        cache.invalidateAll();
        assertThat(cache.keys()).isEmpty();
        verify(verifier, request(TOKEN));
        assertThat(stub.calls).hasValue(3);
    }

    @Test
    void invalidatingAnOAuthClientDropsItsTokensAndPendingCallsOnly() {
        VerificationCache cache = cache(NEGATIVE_TTL);
        Stub stub = new Stub(null);
        CompletableFuture<Outcome> pending = new CompletableFuture<>();
        stub.answer = r -> r.credential().value().equals(TOKEN) ? CompletableFuture.completedFuture(
                Outcome.allowed(principal("9001", null))) : r.credential().value().equals(OTHER_TOKEN)
                ? CompletableFuture.completedFuture(Outcome.insufficientScope(List.of("mcp:invoke"),
                        principal("9002", null), "req_4"))
                : pending;
        TokenVerifier verifier = cache.wrap(stub);
        verify(verifier, request(TOKEN));
        verify(verifier, request(OTHER_TOKEN));
        CompletableFuture<Outcome> inFlight = verifier.verify(request("oat_pending_" + "p".repeat(40)));

        cache.invalidateOAuthClient("9001");
        assertThat(cache.keys()).hasSize(1).allSatisfy(k -> assertThat(k.isFor(
                BearerCredential.of(OTHER_TOKEN).sha256())).isTrue());

        // The dropped call still answers its waiters, but its answer is not stored.
        pending.complete(Outcome.allowed(principal("9003", null)));
        assertThat(inFlight.join().isAllowed()).isTrue();
        assertThat(cache.keys()).hasSize(1);
    }

    @Test
    void storedPrincipalsShareEqualValuesAndKeepTheirContent() {
        Stub stub = new Stub(null);
        stub.answer = r -> CompletableFuture.completedFuture(Outcome.allowed(
                WachtPrincipal.builder(VerificationSource.GATEWAY, CredentialKind.OAUTH_ACCESS_TOKEN,
                        new String("oc_client")).keyId("9001").subject(r.credential().value().substring(4, 9))
                        .scopes(List.of("mcp:invoke", "profile")).permissions(List.of("mcp:invoke", "profile"))
                        .headers(java.util.Map.of("x-wacht-oauth-client-id", new String("oc_client"))).build()));
        TokenVerifier verifier = cache(NEGATIVE_TTL).wrap(stub);
        WachtPrincipal a = verify(verifier, request(TOKEN)).principalOrThrow();
        WachtPrincipal b = verify(verifier, request(OTHER_TOKEN)).principalOrThrow();
        assertThat(a.clientId()).isSameAs(b.clientId()).isEqualTo("oc_client");
        assertThat(a.scopes()).isSameAs(b.scopes()).containsExactly("mcp:invoke", "profile");
        assertThat(a.headers()).isEqualTo(b.headers()).containsExactly(
                java.util.Map.entry("x-wacht-oauth-client-id", "oc_client"));
        assertThat(a.headers().get("x-wacht-oauth-client-id")).isSameAs(a.clientId());
        assertThat(a.subject()).isNotEqualTo(b.subject());
    }

    @Test
    void ttlRulesInOnePlace() {
        VerificationCache cache = cache(NEGATIVE_TTL);
        Instant now = time.now();
        assertThat(cache.ttl(allowedUntil(now.plusSeconds(3)), now)).isEqualTo(Duration.ofSeconds(3));
        assertThat(cache.ttl(allowedUntil(now.plusSeconds(300)), now)).isEqualTo(MAX_TTL);
        assertThat(cache.ttl(allowedUntil(now), now)).isZero();
        assertThat(cache.ttl(Outcome.invalidToken("x", null), now)).isEqualTo(NEGATIVE_TTL);
        assertThat(cache.ttl(Outcome.rateLimited(Duration.ofSeconds(1), principal("1", null), null), now)).isZero();
    }
}
