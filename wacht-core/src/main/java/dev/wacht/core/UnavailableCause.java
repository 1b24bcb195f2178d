package dev.wacht.core;

/** Why no decision could be had. The library fails closed on every one of them. */
public enum UnavailableCause {
    /** The gateway could not be connected to. Answered 503. */
    GATEWAY_UNREACHABLE(503),
    /** The gateway did not answer within the configured timeout. Answered 503. */
    GATEWAY_TIMEOUT(503),
    /** The gateway answered with a server error or an unexpected status. Answered 503. */
    GATEWAY_ERROR(503),
    /** The gateway's answer was not a well-formed response (truncated, oversized, wrong shape). Answered 503. */
    INVALID_RESPONSE(503),
    /**
     * The OAuth issuer's signing key for a JWT access token could not be had: the JWKS could not be
     * fetched, or the token names a key not yet known while refetches are held back by the
     * configured interval. Answered 503.
     */
    SIGNING_KEYS_UNAVAILABLE(503),
    /**
     * The gateway answered HTTP 429: it is throttling this server's calls, it is not down. Answered
     * 503 with the gateway's {@code Retry-After}; not counted as a failure by the circuit breaker.
     */
    GATEWAY_THROTTLED(503),
    /** The gateway rejected our request (400/415/422): a library or configuration error. Answered 500. */
    REQUEST_REJECTED(500),
    /** The circuit breaker is open after repeated gateway failures; the gateway was not asked. Answered 503. */
    CIRCUIT_OPEN(503);

    private final int httpStatus;

    UnavailableCause(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status this cause is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
