package dev.wacht.testkit;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A way for the emulated {@code POST /v1/authz/check} (or, through
 * {@link WachtEmulator#setIssuerFault(Fault)}, the issuer's well-known routes) to misbehave, for
 * testing how callers cope with a broken gateway or issuer. Admin routes are never affected. Immutable; by default a fault lasts until it is
 * cleared, {@link #times(int)} limits it to the next N checks.
 */
public final class Fault {

    /** The kinds of misbehaviour. */
    public enum Mode {
        /** No fault. */
        NONE,
        /** Answer a given HTTP status with a small plain-text body. */
        STATUS,
        /** Wait, then answer normally. */
        DELAY,
        /** Close the connection without any response. */
        DROP,
        /** Answer 200 with a body that is not JSON. */
        GARBAGE,
        /** Never answer, until the fault is cleared or the emulator stops (then the connection is closed). */
        HANG,
        /** Answer 200 application/json with the real body cut in half. */
        TRUNCATE,
        /** Answer 200 application/json with a 10 MiB body. */
        OVERSIZE,
        /** Answer the real body with {@code Content-Type: text/html}. */
        CONTENT_TYPE,
        /** Answer 200 with valid JSON of the wrong shape. */
        WRONG_SHAPE;

        /** The wire name used by the admin API, e.g. {@code content_type}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a wire name such as {@code wrong_shape}. */
        public static Mode fromWireName(String name) {
            for (Mode m : values()) {
                if (m.wireName().equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown fault mode: " + name);
        }
    }

    /** The body sent by {@link #wrongShape()}. */
    public static final String DEFAULT_WRONG_SHAPE_BODY = "{\"allowed\":\"yes\",\"identity\":[]}";

    private static final Fault NONE = new Fault(Mode.NONE, 0, Duration.ZERO, 0, null);

    private final Mode mode;
    private final int status;
    private final Duration delay;
    private final int times;
    private final @Nullable String body;

    private Fault(Mode mode, int status, Duration delay, int times, @Nullable String body) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.status = status;
        this.delay = Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        if (times < 0) {
            throw new IllegalArgumentException("times must be positive");
        }
        this.times = times;
        this.body = body;
    }

    /** No fault. */
    public static Fault none() {
        return NONE;
    }

    /** Answer {@code status} (200..599) with a small plain-text body. */
    public static Fault status(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be between 200 and 599");
        }
        return new Fault(Mode.STATUS, status, Duration.ZERO, 0, null);
    }

    /** Wait {@code delay}, then answer normally. */
    public static Fault delay(Duration delay) {
        return new Fault(Mode.DELAY, 0, delay, 0, null);
    }

    /** Close the connection without a response. */
    public static Fault drop() {
        return new Fault(Mode.DROP, 0, Duration.ZERO, 0, null);
    }

    /** Answer 200 with a non-JSON body (declared as application/json). */
    public static Fault garbage() {
        return new Fault(Mode.GARBAGE, 0, Duration.ZERO, 0, null);
    }

    /** Accept the request and never answer until the fault is cleared or the emulator is closed. */
    public static Fault hang() {
        return new Fault(Mode.HANG, 0, Duration.ZERO, 0, null);
    }

    /** Answer 200 application/json with the first half of the real body. */
    public static Fault truncate() {
        return new Fault(Mode.TRUNCATE, 0, Duration.ZERO, 0, null);
    }

    /** Answer 200 application/json with a body of 10 MiB. */
    public static Fault oversize() {
        return new Fault(Mode.OVERSIZE, 0, Duration.ZERO, 0, null);
    }

    /** Answer the real body labelled {@code Content-Type: text/html}. */
    public static Fault contentType() {
        return new Fault(Mode.CONTENT_TYPE, 0, Duration.ZERO, 0, null);
    }

    /** Answer 200 with {@link #DEFAULT_WRONG_SHAPE_BODY}. */
    public static Fault wrongShape() {
        return new Fault(Mode.WRONG_SHAPE, 0, Duration.ZERO, 0, DEFAULT_WRONG_SHAPE_BODY);
    }

    /** Answer 200 application/json with the given (valid JSON, wrongly shaped) body, e.g. {@code "[]"}. */
    public static Fault wrongShape(String json) {
        Json.parse(Objects.requireNonNull(json, "json"));
        return new Fault(Mode.WRONG_SHAPE, 0, Duration.ZERO, 0, json);
    }

    /** A copy that applies to the next {@code n} checks only (n ≥ 1). */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        return new Fault(mode, status, delay, n, body);
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** The HTTP status for {@link Mode#STATUS}, else 0. */
    public int status() {
        return status;
    }

    /** The delay for {@link Mode#DELAY}, else zero. */
    public Duration delay() {
        return delay;
    }

    /** How many checks this fault applies to, or 0 for "until cleared". */
    public int times() {
        return times;
    }

    /** The JSON body for {@link Mode#WRONG_SHAPE}, else null. */
    public @Nullable String body() {
        return body;
    }

    /** The body of a {@link Mode#WRONG_SHAPE} fault, which its factories always set. */
    String wrongShapeBody() {
        return Objects.requireNonNull(body, "a wrong_shape fault has a body");
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Fault)) {
            return false;
        }
        Fault f = (Fault) o;
        return mode == f.mode && status == f.status && times == f.times && delay.equals(f.delay)
                && Objects.equals(body, f.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, status, delay, times, body);
    }

    @Override
    public String toString() {
        return "Fault[mode=" + mode.wireName() + (mode == Mode.STATUS ? ", status=" + status : "")
                + (mode == Mode.DELAY ? ", delay=" + delay : "") + (times > 0 ? ", times=" + times : "") + "]";
    }
}
