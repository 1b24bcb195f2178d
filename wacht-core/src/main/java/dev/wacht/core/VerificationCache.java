package dev.wacht.core;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Interner;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The opt-in verification cache ({@code cache-max-ttl}): verification answers by {@link CacheKey},
 * in a bounded Caffeine cache ({@code cache-max-entries}) whose entries each expire on their own.
 *
 * <ul>
 *   <li>Allowed answers and {@code insufficient_scope} denials live at most {@code min(max TTL,
 *       credential expiry - now)}; a credential past its expiry is not cached.</li>
 *   <li>{@code invalid_token} answers live for the negative TTL.</li>
 *   <li>Rate-limited, unavailable and every other answer are never kept: they expire at once, so
 *       the next request asks again.</li>
 *   <li>Single flight: the first request for a key stores the pending answer; concurrent requests for
 *       the same key wait on it instead of asking again, and all get its answer.</li>
 *   <li>Stored principals are {@linkplain WachtPrincipal#compact compacted}: values many principals
 *       share (client ids, scopes, issuer, headers) are kept once, in a weak pool.</li>
 * </ul>
 *
 * <p>{@link #wrap} gives the decorator {@link TokenVerifier}; one cache serves the gateway and the
 * JWT verifier alike (their credentials differ, so their keys do).
 */
final class VerificationCache {
    private final AsyncCache<CacheKey, Outcome> cache;
    private final Duration maxTtl;
    private final Duration negativeTtl;
    private final Clock clock;
    private final Interner<Object> pool = Interner.newWeakInterner();

    VerificationCache(Duration maxTtl, Duration negativeTtl, int maxEntries, Ticker ticker, Clock clock,
            Executor executor) {
        this.maxTtl = maxTtl;
        this.negativeTtl = negativeTtl;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new TtlRules())
                .ticker(ticker)
                .executor(executor)
                .buildAsync();
    }

    /** The cache a configuration asks for, on the system clock. */
    static VerificationCache create(WachtConfig config) {
        return new VerificationCache(config.cacheMaxTtl(), config.cacheNegativeTtl(), config.cacheMaxEntries(),
                Ticker.systemTicker(), Clock.systemUTC(), ForkJoinPool.commonPool());
    }

    /** A verifier that answers from this cache and asks {@code delegate} on a miss, once per key at a time. */
    TokenVerifier wrap(TokenVerifier delegate) {
        return new Caching(delegate);
    }

    /** Drops every answer for this credential (all methods, resources and permission sets). */
    void invalidate(BearerCredential credential) {
        byte[] sha256 = credential.sha256();
        cache.asMap().keySet().removeIf(key -> key.isFor(sha256));
    }

    /** Drops every answer, including pending ones. */
    void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /**
     * Drops the answers of every opaque OAuth token of one OAuth client, by its numeric record id
     * (what {@link WachtPrincipal#keyId()} holds for OAuth tokens), and every pending answer: the
     * conservative rule for a revoked grant, since the gateway's answer does not name the grant.
     */
    void invalidateOAuthClient(String clientRecordId) {
        ConcurrentMap<CacheKey, CompletableFuture<Outcome>> map = cache.asMap();
        for (Map.Entry<CacheKey, CompletableFuture<Outcome>> e : map.entrySet()) {
            CompletableFuture<Outcome> answer = e.getValue();
            if (!answer.isDone() || belongsTo(answer.getNow(null), clientRecordId)) {
                map.remove(e.getKey(), answer);
            }
        }
    }

    private static boolean belongsTo(Outcome outcome, String clientRecordId) {
        WachtPrincipal p = principalOf(outcome).orElse(null);
        return p != null && p.kind() == CredentialKind.OAUTH_ACCESS_TOKEN
                && clientRecordId.equals(p.keyId().orElse(null));
    }

    /** The keys held now (for tests and diagnostics; they carry no credential). */
    Set<CacheKey> keys() {
        return Set.copyOf(cache.asMap().keySet());
    }

    /** How long an answer may be reused from {@code now} on; zero for answers that must not be. */
    Duration ttl(Outcome outcome, Instant now) {
        if (outcome instanceof Outcome.Denied && ((Outcome.Denied) outcome).reason() == DenialReason.INVALID_TOKEN) {
            return negativeTtl;
        }
        boolean reusable = outcome instanceof Outcome.Allowed || (outcome instanceof Outcome.Denied
                && ((Outcome.Denied) outcome).reason() == DenialReason.INSUFFICIENT_SCOPE);
        if (!reusable) {
            return Duration.ZERO;
        }
        Optional<Instant> expiry = principalOf(outcome).flatMap(WachtPrincipal::expiresAt);
        if (expiry.isEmpty()) {
            return maxTtl;
        }
        Duration left = Duration.between(now, expiry.get());
        return left.isNegative() ? Duration.ZERO : left.compareTo(maxTtl) < 0 ? left : maxTtl;
    }

    /** The outcome as stored: with its principal compacted when it will be kept. */
    private Outcome compact(Outcome outcome) {
        if (outcome instanceof Outcome.Allowed) {
            return Outcome.allowed(((Outcome.Allowed) outcome).principal().compact(pool));
        }
        if (outcome instanceof Outcome.Denied) {
            Outcome.Denied d = (Outcome.Denied) outcome;
            if (d.reason() == DenialReason.INSUFFICIENT_SCOPE && d.principal().isPresent()) {
                return Outcome.insufficientScope(d.requiredScopes(), d.principal().get().compact(pool),
                        d.requestId().orElse(null));
            }
        }
        return outcome;
    }

    private static Optional<WachtPrincipal> principalOf(Outcome outcome) {
        if (outcome instanceof Outcome.Allowed) {
            return Optional.of(((Outcome.Allowed) outcome).principal());
        }
        return outcome instanceof Outcome.Denied ? ((Outcome.Denied) outcome).principal() : Optional.empty();
    }

    /** Each entry's lifetime is set once, by {@link #ttl}, when its answer arrives; reads do not extend it. */
    private final class TtlRules implements Expiry<CacheKey, Outcome> {
        @Override
        public long expireAfterCreate(CacheKey key, Outcome outcome, long currentTime) {
            return ttl(outcome, clock.instant()).toNanos();
        }

        @Override
        public long expireAfterUpdate(CacheKey key, Outcome outcome, long currentTime, long currentDuration) {
            return ttl(outcome, clock.instant()).toNanos();
        }

        @Override
        public long expireAfterRead(CacheKey key, Outcome outcome, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** The decorator: a hit completes at once; a miss joins, or starts, the one pending call for its key. */
    private final class Caching implements TokenVerifier {
        private final TokenVerifier delegate;

        Caching(TokenVerifier delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableFuture<Outcome> verify(VerificationRequest request) {
            return cache.get(CacheKey.of(request),
                    (key, executor) -> delegate.verify(request).thenApply(VerificationCache.this::compact));
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
