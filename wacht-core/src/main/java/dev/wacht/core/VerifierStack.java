package dev.wacht.core;

import org.jspecify.annotations.Nullable;

/**
 * The one place where the library stacks its capabilities around the verifiers, in one order
 * (outermost first):
 *
 * <pre>
 * opaque tokens, API keys:  verification cache  -&gt;  circuit breaker  -&gt;  gateway verifier
 * JWT access tokens:        verification cache  -&gt;  local JWT verifier
 * </pre>
 *
 * <ul>
 *   <li>The cache ({@code cache-max-ttl} above zero) is outermost and shared by both sides: a hit never
 *       reaches the breaker, and the breaker's refusals (unavailable) are never cached.</li>
 *   <li>The circuit breaker ({@code circuit-breaker-threshold} above zero) guards the gateway calls
 *       only; the JWT verifier makes no call per token (its JWKS fetches have their own throttle).</li>
 *   <li>A verifier given to {@link WachtAuthenticator#create(WachtConfig, TokenVerifier)} takes the
 *       place of "circuit breaker -&gt; gateway verifier" (decorate {@link TokenVerifier#gateway} to keep
 *       the breaker); the cache still goes around it.</li>
 *   <li>Refused: the JWT verifier given as the verifier of opaque tokens and API keys.</li>
 * </ul>
 */
final class VerifierStack {
    /** The verifier of opaque tokens and API keys, with the cache around it when on. */
    final TokenVerifier remote;
    /** The verifier of JWT access tokens, with the cache around it when on; null refuses every JWT. */
    final @Nullable TokenVerifier jwt;
    /** The cache, or null when it is off. */
    final @Nullable VerificationCache cache;

    private VerifierStack(TokenVerifier remote, @Nullable TokenVerifier jwt, @Nullable VerificationCache cache) {
        this.remote = remote;
        this.jwt = jwt;
        this.cache = cache;
    }

    /**
     * Refuses a verifier that must not verify opaque tokens and API keys.
     *
     * @throws IllegalArgumentException when {@code remote} is a JWT verifier
     */
    static void checkRemote(TokenVerifier remote) {
        if (remote instanceof JwtVerifier) {
            throw new IllegalArgumentException("the verifier given for opaque tokens and API keys is a JWT verifier: "
                    + "JWT access tokens go to the JWT verifier of " + WachtSetting.OAUTH_ISSUER.property()
                    + " on their own; give TokenVerifier.gateway(config) (decorated if you like), or use "
                    + "WachtAuthenticator.create(config)");
        }
    }

    /** The gateway verifier with the circuit breaker around it, unless {@code circuit-breaker-threshold} is 0. */
    static TokenVerifier gateway(WachtConfig config) {
        TokenVerifier gateway = new GatewayVerifier(config);
        return config.circuitBreakerThreshold() == 0 ? gateway
                : new CircuitBreaker(gateway, config.circuitBreakerThreshold(), config.circuitBreakerOpenFor(),
                        System::nanoTime);
    }

    /**
     * The stack of a configuration over the given verifiers.
     *
     * @param remote the verifier of opaque tokens and API keys, such as {@link #gateway(WachtConfig)}
     * @param jwt the local JWT verifier, or null when no OAuth issuer is configured
     * @throws IllegalArgumentException when {@code remote} is a JWT verifier
     */
    static VerifierStack of(WachtConfig config, TokenVerifier remote, @Nullable TokenVerifier jwt) {
        checkRemote(remote);
        VerificationCache cache = config.cacheEnabled() ? VerificationCache.create(config) : null;
        if (cache == null) {
            return new VerifierStack(remote, jwt, null);
        }
        return new VerifierStack(cache.wrap(remote), jwt == null ? null : cache.wrap(jwt), cache);
    }
}
