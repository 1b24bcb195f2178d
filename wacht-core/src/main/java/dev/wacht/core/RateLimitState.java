package dev.wacht.core;

import java.util.Objects;

/** One rate-limit rule as the gateway evaluated it for a request, e.g. {@code 1000/60s}. */
public final class RateLimitState {
    private final String rule;
    private final long remaining;
    private final long limit;

    /** Creates a state; {@code rule} is the gateway's rule string. */
    public RateLimitState(String rule, long remaining, long limit) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.remaining = remaining;
        this.limit = limit;
    }

    /** The rule, e.g. {@code 1000/60s}. */
    public String rule() {
        return rule;
    }

    /** Requests left in the current window after this one. */
    public long remaining() {
        return remaining;
    }

    /** The rule's limit per window. */
    public long limit() {
        return limit;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RateLimitState)) {
            return false;
        }
        RateLimitState other = (RateLimitState) o;
        return rule.equals(other.rule) && remaining == other.remaining && limit == other.limit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, remaining, limit);
    }

    @Override
    public String toString() {
        return rule + " (" + remaining + "/" + limit + " left)";
    }
}
