package dev.wacht.core;

import java.util.Objects;

/**
 * Thrown where code asks for a principal and the request was not allowed. Carries the outcome, so
 * adapters (for example a JAX-RS exception mapper) can answer it with {@link ErrorResponse}.
 */
public final class WachtAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Outcome outcome;

    /** Creates the exception for a non-allowed outcome. */
    public WachtAccessException(Outcome outcome) {
        super(Objects.requireNonNull(outcome, "outcome").toString(), null, false, false);
        if (outcome.isAllowed()) {
            throw new IllegalArgumentException("an allowed outcome is not an access failure");
        }
        this.outcome = outcome;
    }

    /** The denied or unavailable outcome. */
    public Outcome outcome() {
        return outcome;
    }
}
