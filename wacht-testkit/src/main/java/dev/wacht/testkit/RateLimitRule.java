package dev.wacht.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One rate-limit rule of the emulated gateway (docs/wacht-wire.md, "Rate limits"): at most {@code limit} requests per
 * window, counted in buckets chosen by {@link Mode}, applied to the listed endpoints. Immutable; the
 * {@code with…} methods return copies.
 */
public final class RateLimitRule {

    /** How requests are grouped into buckets. */
    public enum Mode {
        /** One bucket per API-auth app ({@code aa_<deployment>} for API keys, {@code oauth_<user>} for OAuth). */
        PER_APP,
        /** One bucket per key (API key id, or OAuth grant id) and resource. */
        PER_KEY,
        /** Like {@link #PER_KEY}, additionally split by client IP. */
        PER_KEY_AND_IP,
        /** Like {@link #PER_APP}, additionally split by client IP. */
        PER_APP_AND_IP;

        /** The wire name, e.g. {@code per_app}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a wire name such as {@code per_key}. */
        public static Mode fromWireName(String name) {
            for (Mode m : values()) {
                if (m.wireName().equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown rate-limit mode: " + name
                    + " (expected per_app, per_key, per_key_and_ip or per_app_and_ip)");
        }
    }

    private static final RateLimitRule DEFAULT = new RateLimitRule(1000, 60_000, Mode.PER_APP, List.of("*"), 0);

    private final long limit;
    private final long windowMs;
    private final Mode mode;
    private final List<String> endpoints;
    private final int priority;

    private RateLimitRule(long limit, long windowMs, Mode mode, List<String> endpoints, int priority) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (windowMs < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms");
        }
        this.limit = limit;
        this.windowMs = windowMs;
        this.mode = Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(endpoints, "endpoints");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints must not be empty (use \"*\" for every resource)");
        }
        List<String> copy = new ArrayList<>();
        for (String e : endpoints) {
            copy.add(Objects.requireNonNull(e, "endpoint"));
        }
        this.endpoints = Collections.unmodifiableList(copy);
        this.priority = priority;
    }

    /** A {@link Mode#PER_APP} rule for every endpoint with priority 0. */
    public static RateLimitRule of(long limit, Duration window) {
        return new RateLimitRule(limit, window.toMillis(), Mode.PER_APP, List.of("*"), 0);
    }

    /** Like {@link #of(long, Duration)} with the window given in milliseconds. */
    public static RateLimitRule ofMillis(long limit, long windowMs) {
        return new RateLimitRule(limit, windowMs, Mode.PER_APP, List.of("*"), 0);
    }

    /** The gateway's default rule: 1000 requests per 60 s, per app. */
    public static RateLimitRule defaultRule() {
        return DEFAULT;
    }

    /** A copy with another bucket mode. */
    public RateLimitRule withMode(Mode newMode) {
        return new RateLimitRule(limit, windowMs, newMode, endpoints, priority);
    }

    /** A copy that applies only to these normalised resources ({@code "*"} matches all). */
    public RateLimitRule withEndpoints(String... newEndpoints) {
        return new RateLimitRule(limit, windowMs, mode, List.of(newEndpoints), priority);
    }

    /** A copy that applies only to these normalised resources ({@code "*"} matches all). */
    public RateLimitRule withEndpoints(List<String> newEndpoints) {
        return new RateLimitRule(limit, windowMs, mode, newEndpoints, priority);
    }

    /** A copy with another priority (lower values are evaluated first). */
    public RateLimitRule withPriority(int newPriority) {
        return new RateLimitRule(limit, windowMs, mode, endpoints, newPriority);
    }

    /** Maximum requests per window. */
    public long limit() {
        return limit;
    }

    /** Window length in milliseconds. */
    public long windowMs() {
        return windowMs;
    }

    /** Bucket mode. */
    public Mode mode() {
        return mode;
    }

    /** Endpoints (normalised resources, or {@code "*"}) this rule applies to. */
    public List<String> endpoints() {
        return endpoints;
    }

    /** Evaluation order; lower first. */
    public int priority() {
        return priority;
    }

    /** The window label used in rule strings and header names: {@code <n>s}, or {@code <n>ms} below one second. */
    public String windowLabel() {
        return windowMs < 1000 ? windowMs + "ms" : (windowMs / 1000) + "s";
    }

    /** The rule string the gateway reports, e.g. {@code "1000/60s"}. */
    public String ruleString() {
        return limit + "/" + windowLabel();
    }

    boolean matches(String resource) {
        return endpoints.contains("*") || endpoints.contains(resource);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RateLimitRule)) {
            return false;
        }
        RateLimitRule r = (RateLimitRule) o;
        return limit == r.limit && windowMs == r.windowMs && priority == r.priority && mode == r.mode
                && endpoints.equals(r.endpoints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(limit, windowMs, mode, endpoints, priority);
    }

    @Override
    public String toString() {
        return "RateLimitRule[" + ruleString() + ", mode=" + mode.wireName() + ", endpoints=" + endpoints
                + ", priority=" + priority + "]";
    }
}
