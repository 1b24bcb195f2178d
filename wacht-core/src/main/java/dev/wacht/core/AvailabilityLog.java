package dev.wacht.core;

import java.lang.System.Logger.Level;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Logs the availability of one endpoint as state changes, not per request: a WARNING when it becomes
 * unavailable or fails for another reason than before, an INFO when it answers again with the number of
 * calls that failed meanwhile (an open circuit breaker refuses requests without calling, so those are not
 * among them; every refusal is an audit event and a metric). Thread-safe; the available path costs one volatile read.
 */
final class AvailabilityLog {
    private final System.Logger log;
    private final String what;
    private final String owner;
    private volatile boolean down;
    private @Nullable String reason; // guarded by this; null while the endpoint answers
    private long refused;

    /**
     * @param what the endpoint in words, such as {@code Wacht gateway POST https://gateway.wacht.dev:443/v1/authz/check}
     * @param owner who uses it ({@link WachtConfig#name()})
     */
    AvailabilityLog(System.Logger log, String what, String owner) {
        this.log = Objects.requireNonNull(log);
        this.what = Objects.requireNonNull(what);
        this.owner = Objects.requireNonNull(owner);
    }

    /** One request failed for this reason. */
    void failed(String why) {
        long previous;
        synchronized (this) {
            refused++;
            if (down && why.equals(reason)) {
                return;
            }
            previous = down ? refused - 1 : 0;
            down = true;
            reason = why;
        }
        if (previous == 0) {
            log.log(Level.WARNING, "{0} unavailable for {1}: {2}. Requests are answered 503 until it answers again;"
                    + " further failures are counted, not logged", what, owner, why);
        } else {
            log.log(Level.WARNING, "{0} still unavailable for {1}, now: {2} ({3} calls failed so far)", what,
                    owner, why, previous);
        }
    }

    /** One request got an answer. */
    void answered() {
        if (!down) {
            return;
        }
        long count;
        String last;
        synchronized (this) {
            if (!down) {
                return;
            }
            count = refused;
            last = reason;
            down = false;
            reason = null;
            refused = 0;
        }
        log.log(Level.INFO, "{0} answers again for {1}; {2} calls to it failed while it was unavailable ({3})",
                what, owner, count, last);
    }
}
