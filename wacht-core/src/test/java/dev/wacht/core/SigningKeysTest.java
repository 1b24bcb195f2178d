package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JWKS cache's policy, over a scripted key source: no HTTP, no sleeps. */
class SigningKeysTest {
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static RSAKey k1;
    private static RSAKey k2;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile Supplier<CompletableFuture<JWKSet>> answer;
    private final SigningKeys keys = new SigningKeys(() -> {
        fetches.incrementAndGet();
        return answer.get();
    }, clock, TTL, INTERVAL);

    @BeforeAll
    static void keys() throws JOSEException {
        k1 = new RSAKeyGenerator(2048).keyID("oas-1-1").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .generate();
        k2 = new RSAKeyGenerator(2048).keyID("oas-1-2").generate();
    }

    private void publish(JWK... jwks) {
        List<JWK> publicKeys = new ArrayList<>();
        for (JWK jwk : jwks) {
            publicKeys.add(jwk.toPublicJWK());
        }
        JWKSet set = new JWKSet(publicKeys);
        answer = () -> CompletableFuture.completedFuture(set);
    }

    private void fail() {
        answer = () -> CompletableFuture.failedFuture(new IllegalStateException("down"));
    }

    private SigningKeys.Lookup find(String kid) {
        return keys.find(kid).join();
    }

    private static void assertFound(SigningKeys.Lookup lookup) {
        assertThat(lookup.failure()).isNull();
        assertThat(lookup.verifier()).isNotNull();
    }

    private static void assertInvalid(SigningKeys.Lookup lookup, String description) {
        assertThat(lookup.failure()).isInstanceOfSatisfying(Outcome.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
            assertThat(d.description()).isEqualTo(description);
        });
    }

    private static void assertUnavailable(SigningKeys.Lookup lookup) {
        assertThat(lookup.failure()).isInstanceOfSatisfying(Outcome.Unavailable.class,
                u -> assertThat(u.cause()).isEqualTo(UnavailableCause.SIGNING_KEYS_UNAVAILABLE));
    }

    @Test
    void cachedKeysAreServedWithoutFetchingUntilTheTtlEnds() {
        publish(k1);
        assertFound(find("oas-1-1"));
        assertFound(find("oas-1-1"));
        assertThat(fetches).hasValue(1);
        clock.advance(TTL);
        assertFound(find("oas-1-1"));
        assertThat(fetches).hasValue(2);
    }

    @Test
    void unknownKidsRefetchAtMostOncePerIntervalAndThenFindRotatedKeys() {
        publish(k1);
        assertFound(find("oas-1-1"));
        for (int i = 0; i < 500; i++) {
            SigningKeys.Lookup l = find("random-" + i);
            assertThat(l.failure()).isNotNull();
        }
        assertThat(fetches).hasValue(1);
        publish(k1, k2); // rotated during the flood
        SigningKeys.Lookup held = find("oas-1-2");
        assertUnavailable(held);
        assertThat(((Outcome.Unavailable) held.failure()).retryAfter()).isEqualTo(INTERVAL);
        clock.advance(INTERVAL);
        assertFound(find("oas-1-2"));
        assertThat(fetches).hasValue(2);
        assertFound(find("oas-1-1"));
    }

    @Test
    void aKidAbsentFromAFreshFetchIsNotPublished() {
        publish(k1);
        assertInvalid(find("nope"), "The token's signing key is not published by the issuer");
    }

    @Test
    void withdrawnKeysAreRefusedAtOnceAndWithoutFurtherFetches() {
        publish(k1, k2);
        assertFound(find("oas-1-1"));
        publish(k2);
        clock.advance(TTL);
        assertInvalid(find("oas-1-1"), "The token's signing key has been withdrawn by the issuer");
        assertInvalid(find("oas-1-1"), "The token's signing key has been withdrawn by the issuer");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void concurrentMissesShareOneFetch() {
        CompletableFuture<JWKSet> pending = new CompletableFuture<>();
        answer = () -> pending;
        List<CompletableFuture<SigningKeys.Lookup>> lookups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lookups.add(keys.find("oas-1-1"));
        }
        assertThat(lookups).noneMatch(CompletableFuture::isDone);
        pending.complete(new JWKSet(k1.toPublicJWK()));
        lookups.forEach(l -> assertFound(l.join()));
        assertThat(fetches).hasValue(1);
    }

    @Test
    void cachedKeysOutliveAnOutageByOneTtl() {
        publish(k1);
        assertFound(find("oas-1-1"));
        fail();
        clock.advance(TTL);
        assertFound(find("oas-1-1"));
        assertFound(find("oas-1-1"));
        assertThat(fetches).hasValue(2);
        assertUnavailable(find("oas-1-2"));
        clock.advance(TTL);
        assertUnavailable(find("oas-1-1"));
    }

    @Test
    void withoutCachedKeysAnOutageIsUnavailable() {
        fail();
        assertUnavailable(find("oas-1-1"));
        assertUnavailable(find("oas-1-1"));
        assertThat(fetches).hasValue(1);
        answer = () -> {
            throw new IllegalStateException("broken source");
        };
        clock.advance(INTERVAL);
        assertUnavailable(find("oas-1-1"));
    }

    @Test
    void onlyRsaSigningKeysOfAtLeast2048BitsAreUsed() throws JOSEException {
        RSAKey small = new RSAKeyGenerator(1024, true).keyID("small").generate();
        RSAKey encryption = new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
        RSAKey ps256 = new RSAKeyGenerator(2048).keyID("ps").algorithm(JWSAlgorithm.PS256).generate();
        RSAKey noKid = new RSAKeyGenerator(2048).generate();
        JWK hmac = new OctetSequenceKeyGenerator(256).keyID("hmac").generate();
        JWKSet set = new JWKSet(List.of(small.toPublicJWK(), encryption.toPublicJWK(), ps256.toPublicJWK(),
                noKid.toPublicJWK(), hmac, k1.toPublicJWK()));
        assertThat(SigningKeys.verifiers(set)).containsOnlyKeys("oas-1-1");
    }
}
