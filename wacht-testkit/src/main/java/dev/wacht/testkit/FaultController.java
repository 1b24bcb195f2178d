package dev.wacht.testkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Holds the active fault. Checks that hang or wait ({@link Fault.Mode#HANG}, {@link Fault.Mode#DELAY})
 * park on the fault's release latch, which is opened whenever the fault is replaced or cleared and when
 * the emulator closes, so no handler thread waits forever.
 */
final class FaultController {

    /** A fault as set, with its remaining budget and release latch. */
    static final class Armed {
        final Fault fault;
        private final @Nullable AtomicInteger remaining;
        private final CountDownLatch release = new CountDownLatch(1);

        Armed(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times() > 0 ? new AtomicInteger(fault.times()) : null;
        }

        boolean tryConsume() {
            if (remaining == null) {
                return true;
            }
            while (true) {
                int r = remaining.get();
                if (r <= 0) {
                    return false;
                }
                if (remaining.compareAndSet(r, r - 1)) {
                    return true;
                }
            }
        }

        /** Waits until released or the timeout passes (a negative timeout waits without limit). */
        void await(long millis) {
            try {
                if (millis < 0) {
                    release.await();
                } else {
                    release.await(millis, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void release() {
            release.countDown();
        }
    }

    /** What {@link #consume()} answers when no fault applies: mode {@link Fault.Mode#NONE}, never awaited. */
    private static final Armed UNARMED = new Armed(Fault.none());

    private final AtomicReference<@Nullable Armed> armed = new AtomicReference<>();
    private volatile boolean closed;

    void set(@Nullable Fault fault) {
        Armed next = fault == null || fault.mode() == Fault.Mode.NONE ? null : new Armed(fault);
        if (closed) {
            next = null;
        }
        Armed previous = armed.getAndSet(next);
        if (previous != null) {
            previous.release();
        }
    }

    /**
     * The fault to apply to the check now arriving, consuming one of its {@code times}; one of mode
     * {@link Fault.Mode#NONE} when none applies.
     */
    Armed consume() {
        Armed a = armed.get();
        if (a == null || !a.tryConsume()) {
            return UNARMED;
        }
        return a;
    }

    /** The fault as set (possibly exhausted), or {@link Fault#none()}. */
    Fault current() {
        Armed a = armed.get();
        return a == null ? Fault.none() : a.fault;
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        set(null);
    }
}
