package dev.wacht.core;

import org.jspecify.annotations.Nullable;

/**
 * Why a request was denied. Each reason maps to exactly one HTTP answer (docs/wacht-wire.md, choice 7,
 * and the README); {@link ErrorResponse} renders it.
 */
public enum DenialReason {
    /** No credential, or one of another scheme: 401 with a bare {@code Bearer} challenge. */
    MISSING_CREDENTIAL(401, null),
    /** A malformed {@code Authorization} header or an unsupported request: 400 {@code invalid_request}. */
    INVALID_REQUEST(400, "invalid_request"),
    /** Unknown, expired, revoked or otherwise unacceptable credential: 401 {@code invalid_token}. */
    INVALID_TOKEN(401, "invalid_token"),
    /** Valid credential without the required permissions: 403 {@code insufficient_scope}. */
    INSUFFICIENT_SCOPE(403, "insufficient_scope"),
    /** The gateway's rate limit was reached: 429 with {@code Retry-After}. */
    RATE_LIMITED(429, null);

    private final int httpStatus;
    private final @Nullable String bearerError;

    DenialReason(int httpStatus, @Nullable String bearerError) {
        this.httpStatus = httpStatus;
        this.bearerError = bearerError;
    }

    /** The HTTP status this reason is answered with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The RFC 6750 {@code error} code, or null where the answer carries none. */
    public @Nullable String bearerError() {
        return bearerError;
    }
}
