package dev.wacht.core;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns a well-formed credential into an {@link Outcome}. Implementations are thread-safe; their
 * {@link #verify} never blocks the calling thread, and both forms answer within their configured
 * timeout; they report failures as {@link Outcome.Unavailable} rather than completing exceptionally.
 *
 * <p><b>Decorate only.</b> Outside this library, implement it only to wrap a verifier that
 * {@link #gateway} or {@link #jwt} made (to trace, time or count its calls, say), answering with the
 * outcomes it answers: outcomes and principals are made by the library alone. Give the decorated
 * gateway verifier to {@link WachtAuthenticator#create(WachtConfig, TokenVerifier)}; the library's own
 * capabilities (the circuit breaker around the gateway, the verification cache around everything) are
 * stacked by the library in one fixed order and turned on and off by settings.
 */
public interface TokenVerifier extends AutoCloseable {
    /** Verifies the credential for the request. */
    CompletableFuture<Outcome> verify(VerificationRequest request);

    /**
     * Verifies the credential for the request on the calling thread, blocking it until the answer is
     * there (at most the configured timeout). The gateway verifier does its I/O on the calling
     * thread, without handing the call to another thread; this default waits for {@link #verify}.
     *
     * @throws InterruptedException when the calling thread is interrupted while it waits
     * @throws CompletionException when the verification failed instead of answering an outcome
     */
    default Outcome verifyBlocking(VerificationRequest request) throws InterruptedException {
        return Futures.await(verify(request));
    }

    /** Releases what the verifier holds (HTTP clients); decorators close what they wrap. */
    @Override
    default void close() {
    }

    /**
     * A verifier that asks Wacht's gateway ({@code POST /v1/authz/check}) over one shared
     * {@link java.net.http.HttpClient} made for this configuration, behind a circuit breaker
     * unless {@code circuit-breaker-threshold} is 0.
     */
    static TokenVerifier gateway(WachtConfig config) {
        return VerifierStack.gateway(config);
    }

    /**
     * A verifier of JWT access tokens that checks them locally against the configured OAuth
     * issuer's signing keys (fetched, cached and refreshed by this verifier), and never asks the
     * gateway.
     *
     * @throws IllegalArgumentException when the configuration has no {@code oauth-issuer}
     */
    static TokenVerifier jwt(WachtConfig config) {
        return new JwtVerifier(config, Clock.systemUTC());
    }
}
