package dev.wacht.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wacht.core.internal.EndpointFailures;
import java.lang.System.Logger.Level;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The issuer's signing keys, by {@code kid}: a cache of the JWKS in front of a fetcher.
 *
 * <ul>
 *   <li>Keys are trusted for the cache TTL; after that the next lookup refetches the JWKS.
 *   <li>A {@code kid} missing from the cache triggers a refetch, so rotated keys are found.
 *   <li>Every fetch, whatever triggers it, starts at least the refetch interval after the previous
 *       one, so a flood of made-up {@code kid}s costs one fetch per interval. Because each fetch
 *       reads the whole set, a key rotated in during a flood is found by the next fetch: the
 *       flood delays rotation by at most one interval and cannot starve it.
 *   <li>Concurrent lookups that need a fetch share one (single flight).
 *   <li>When a fetch fails, cached keys keep working for up to one more TTL.
 *   <li>A key that disappears from the JWKS (compromised) stops verifying at once after the fetch
 *       that no longer lists it; its {@code kid} is remembered as withdrawn and answered 401
 *       without further fetches.
 * </ul>
 *
 * Lookups never block: a cached key is answered at once, otherwise when the fetch completes.
 */
final class SigningKeys {
    private static final System.Logger LOG = System.getLogger("dev.wacht.core.jwks");
    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_WITHDRAWN = 64;

    private final Supplier<CompletableFuture<JWKSet>> source;
    private final Clock clock;
    private final Duration ttl;
    private final Duration refetchInterval;

    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private final Object lock = new Object();
    private @Nullable Instant lastFetchStart; // guarded by lock; null before the first fetch
    private @Nullable CompletableFuture<Snapshot> inflight; // guarded by lock; null when no fetch is running

    SigningKeys(Supplier<CompletableFuture<JWKSet>> source, Clock clock, Duration ttl, Duration refetchInterval) {
        this.source = source;
        this.clock = clock;
        this.ttl = ttl;
        this.refetchInterval = refetchInterval;
    }

    /** The outcome of a lookup: a verifier for the key, or the outcome to answer instead (exactly one is set). */
    static final class Lookup {
        private final @Nullable JWSVerifier verifier;
        private final @Nullable Outcome failure;

        private Lookup(@Nullable JWSVerifier verifier, @Nullable Outcome failure) {
            this.verifier = verifier;
            this.failure = failure;
        }

        /** The key's verifier; null when the lookup failed. */
        @Nullable JWSVerifier verifier() {
            return verifier;
        }

        /** The outcome to answer instead of checking the token; null when the key was found. */
        @Nullable Outcome failure() {
            return failure;
        }
    }

    /** Finds the key with this {@code kid}, fetching the JWKS when needed and allowed. */
    CompletableFuture<Lookup> find(String kid) {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (current.isFresh(now, ttl)) {
            JWSVerifier key = current.keys.get(kid);
            if (key != null) {
                return CompletableFuture.completedFuture(new Lookup(key, null));
            }
            if (current.withdrawn.contains(kid)) {
                return CompletableFuture.completedFuture(withdrawn());
            }
        }
        CompletableFuture<Snapshot> refresh = refresh(now);
        if (refresh == null) {
            return CompletableFuture.completedFuture(
                    fromCache(kid, now, "the refetch interval holds the next JWKS fetch back"));
        }
        return refresh.handle((fetched, failure) -> fetched != null ? fromFetch(fetched, kid)
                : fromCache(kid, clock.instant(), "the JWKS could not be fetched: "
                        + EndpointFailures.unwrap(failure).getMessage()));
    }

    /** Starts a fetch, or joins the one in flight; null when the refetch interval holds it back. */
    private @Nullable CompletableFuture<Snapshot> refresh(Instant now) {
        CompletableFuture<Snapshot> result;
        synchronized (lock) {
            if (inflight != null) {
                return inflight;
            }
            if (lastFetchStart != null && now.isBefore(lastFetchStart.plus(refetchInterval))) {
                return null;
            }
            lastFetchStart = now;
            result = new CompletableFuture<>();
            inflight = result;
        }
        CompletableFuture<JWKSet> fetch;
        try {
            fetch = source.get();
        } catch (RuntimeException e) {
            fetch = CompletableFuture.failedFuture(e);
        }
        var unused = fetch.whenComplete((set, failure) -> {
            Snapshot next = null;
            if (failure == null) {
                next = snapshot.next(verifiers(set), now);
                snapshot = next;
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                LOG.log(Level.WARNING, "Could not fetch the OAuth issuer''s signing keys: {0}", cause.getMessage());
            }
            synchronized (lock) {
                inflight = null;
            }
            if (next != null) {
                result.complete(next);
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    private static Lookup fromFetch(Snapshot fetched, String kid) {
        JWSVerifier key = fetched.keys.get(kid);
        if (key != null) {
            return new Lookup(key, null);
        }
        return fetched.withdrawn.contains(kid) ? withdrawn()
                : new Lookup(null, Outcome.invalidToken("The token's signing key is not published by the issuer",
                        null));
    }

    /** No fresh answer could be had: fall back on the cached keys, as long as they are usable. */
    private Lookup fromCache(String kid, Instant now, String why) {
        Snapshot cached = snapshot;
        if (cached.isUsable(now, ttl)) {
            JWSVerifier key = cached.keys.get(kid);
            if (key != null) {
                return new Lookup(key, null);
            }
            if (cached.withdrawn.contains(kid)) {
                return withdrawn();
            }
        }
        return new Lookup(null, Outcome.unavailable(UnavailableCause.SIGNING_KEYS_UNAVAILABLE,
                "the token's signing key is not known and " + why, retryAfter(now)));
    }

    private static Lookup withdrawn() {
        return new Lookup(null, Outcome.invalidToken("The token's signing key has been withdrawn by the issuer", null));
    }

    /** Until the next fetch may start, at least one second. */
    private Duration retryAfter(Instant now) {
        Instant next;
        synchronized (lock) {
            next = lastFetchStart == null ? now : lastFetchStart.plus(refetchInterval);
        }
        Duration wait = Duration.between(now, next);
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    /** Verifiers for the usable keys of a set: RSA, at least 2048 bits, for signing with RS256, with a kid. */
    static Map<String, JWSVerifier> verifiers(JWKSet set) {
        Map<String, JWSVerifier> out = new HashMap<>();
        for (JWK jwk : set.getKeys()) {
            String kid = jwk.getKeyID();
            boolean fit = jwk instanceof RSAKey && kid != null && !kid.isEmpty()
                    && (jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse()))
                    && (jwk.getAlgorithm() == null || JWSAlgorithm.RS256.equals(jwk.getAlgorithm()));
            if (!fit || out.containsKey(kid)) {
                continue;
            }
            try {
                RSAPublicKey key = ((RSAKey) jwk).toRSAPublicKey();
                if (key.getModulus().bitLength() >= MIN_RSA_BITS) {
                    out.put(kid, new RSASSAVerifier(key));
                }
            } catch (JOSEException | RuntimeException e) {
                LOG.log(Level.WARNING, "Skipping an unusable RSA key in the JWKS: {0}", e.getClass().getSimpleName());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** One fetched JWK set, immutable. */
    private static final class Snapshot {
        static final Snapshot EMPTY = new Snapshot(Map.of(), Set.of(), null);

        final Map<String, JWSVerifier> keys;
        final Set<String> withdrawn;
        final @Nullable Instant fetchedAt; // null for the empty snapshot before the first fetch

        private Snapshot(Map<String, JWSVerifier> keys, Set<String> withdrawn, @Nullable Instant fetchedAt) {
            this.keys = keys;
            this.withdrawn = withdrawn;
            this.fetchedAt = fetchedAt;
        }

        boolean isFresh(Instant now, Duration ttl) {
            return fetchedAt != null && now.isBefore(fetchedAt.plus(ttl));
        }

        /** Fresh, or stale by less than one more TTL (used only when a fetch cannot be had). */
        boolean isUsable(Instant now, Duration ttl) {
            return fetchedAt != null && now.isBefore(fetchedAt.plus(ttl).plus(ttl));
        }

        /** The next snapshot: the new keys, and the kids that left the set lately (bounded). */
        Snapshot next(Map<String, JWSVerifier> fetched, Instant at) {
            Set<String> gone = new LinkedHashSet<>(withdrawn);
            gone.addAll(keys.keySet());
            gone.removeAll(fetched.keySet());
            for (Iterator<String> it = gone.iterator(); gone.size() > MAX_WITHDRAWN; ) {
                it.next();
                it.remove();
            }
            return new Snapshot(fetched, Collections.unmodifiableSet(gone), at);
        }
    }
}
