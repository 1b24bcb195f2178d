package dev.wacht.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A circuit breaker around a verifier. After {@code threshold} consecutive failures (the gateway
 * unreachable, timing out, answering 5xx or garbage; not a 429, which is throttling) it opens: for {@code openFor} every request
 * is answered {@link UnavailableCause#CIRCUIT_OPEN} at once, without waiting on a gateway that is
 * down. Then it lets one probe through (half-open): a decision of any kind closes it, another
 * failure opens it again. Lock-free; the state is one immutable value swapped atomically.
 */
final class CircuitBreaker implements TokenVerifier {
    /** The breaker's states. */
    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private static final class Snapshot {
        final State state;
        final int failures;
        final long openUntilNanos;

        Snapshot(State state, int failures, long openUntilNanos) {
            this.state = state;
            this.failures = failures;
            this.openUntilNanos = openUntilNanos;
        }
    }

    private final TokenVerifier delegate;
    private final int threshold;
    private final long openForNanos;
    private final LongSupplier nanoTime;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(State.CLOSED, 0, 0));

    CircuitBreaker(TokenVerifier delegate, int threshold, Duration openFor, LongSupplier nanoTime) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.delegate = delegate;
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public CompletableFuture<Outcome> verify(VerificationRequest request) {
        Outcome refused = admit();
        return refused != null ? CompletableFuture.completedFuture(refused)
                : delegate.verify(request).thenApply(this::record);
    }

    @Override
    public Outcome verifyBlocking(VerificationRequest request) throws InterruptedException {
        Outcome refused = admit();
        if (refused != null) {
            return refused;
        }
        try {
            return record(delegate.verifyBlocking(request));
        } catch (InterruptedException | RuntimeException e) {
            // counted as a failure, so that an interrupted probe does not leave the breaker half-open for good
            record(Outcome.unavailable(UnavailableCause.GATEWAY_ERROR, "verification did not finish", Duration.ZERO));
            throw e;
        }
    }

    /** Null when the request may go to the gateway; the refusal when the circuit is open. */
    private @Nullable Outcome admit() {
        while (true) {
            Snapshot s = current();
            if (s.state == State.CLOSED) {
                return null;
            }
            long now = nanoTime.getAsLong();
            if (s.state == State.OPEN && now - s.openUntilNanos >= 0) {
                if (snapshot.compareAndSet(s, new Snapshot(State.HALF_OPEN, s.failures, s.openUntilNanos))) {
                    return null; // this request is the probe
                }
                continue;
            }
            long remaining = s.state == State.OPEN ? s.openUntilNanos - now : openForNanos;
            return Outcome.unavailable(UnavailableCause.CIRCUIT_OPEN,
                    "gateway circuit is open after repeated failures", Duration.ofNanos(Math.max(remaining, 1)));
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    private Outcome record(Outcome outcome) {
        UnavailableCause cause = outcome instanceof Outcome.Unavailable ? ((Outcome.Unavailable) outcome).cause() : null;
        boolean failure = cause != null && cause != UnavailableCause.REQUEST_REJECTED
                && cause != UnavailableCause.GATEWAY_THROTTLED;
        while (true) {
            Snapshot s = current();
            Snapshot next;
            if (!failure) {
                next = s.state == State.CLOSED && s.failures == 0 ? s : new Snapshot(State.CLOSED, 0, 0);
            } else if (s.state == State.HALF_OPEN) {
                next = new Snapshot(State.OPEN, s.failures + 1, nanoTime.getAsLong() + openForNanos);
            } else if (s.state == State.OPEN) {
                next = s; // a request that started before the breaker opened
            } else if (s.failures + 1 >= threshold) {
                next = new Snapshot(State.OPEN, s.failures + 1, nanoTime.getAsLong() + openForNanos);
            } else {
                next = new Snapshot(State.CLOSED, s.failures + 1, 0);
            }
            if (next == s || snapshot.compareAndSet(s, next)) {
                return outcome;
            }
        }
    }

    /** The state; never null: it starts with a snapshot and is only ever swapped for another one. */
    private Snapshot current() {
        return Objects.requireNonNull(snapshot.get(), "circuit breaker snapshot");
    }

    State state() {
        return current().state;
    }
}
