package dev.wacht.core.audit;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers audit events to listeners off the request thread.
 *
 * <p><b>Why asynchronous.</b> Listeners are application code (a log appender, a SIEM client, a metrics
 * registry) and may block. Calling them on the request thread, even with a time bound, would let a slow
 * listener add latency to every request and, under load, pin request threads. So {@link #dispatch} only
 * offers the event to a bounded queue (never blocking, never throwing) and one daemon thread delivers
 * events in order. When the queue is full the event is dropped and counted ({@link #droppedCount()}),
 * favouring the request path over audit completeness; the counters make such loss visible. The thread
 * ends after a few idle seconds and is started again by the next event, so an idle dispatcher holds no
 * thread.
 *
 * <p>A listener that throws is isolated: the exception is caught, counted ({@link #failedCount()}) and
 * logged now and then (logger {@code dev.wacht.core.audit}), and the other listeners still get the event.
 * A delivery slower than one second is counted ({@link #slowCount()}). Thread-safe.
 */
public final class AuditDispatcher {
    static final int DEFAULT_QUEUE_CAPACITY = 4096;
    static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger("dev.wacht.core.audit");
    private static final long FLUSH_POLL_MILLIS = 5;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final List<AuditListener> listeners;
    private final long slowNanos;
    private final ThreadPoolExecutor executor;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder slow = new LongAdder();

    AuditDispatcher(List<AuditListener> listeners, int queueCapacity, Duration slowThreshold) {
        this.listeners = List.copyOf(listeners);
        this.slowNanos = slowThreshold.toNanos();
        if (this.listeners.isEmpty()) {
            this.executor = null;
            return;
        }
        this.executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
                r -> {
                    Thread t = new Thread(r, "wacht-audit-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /** A dispatcher delivering to these listeners, in list order, with a queue of 4096 events. */
    public static AuditDispatcher of(List<AuditListener> listeners) {
        return new AuditDispatcher(listeners, DEFAULT_QUEUE_CAPACITY, DEFAULT_SLOW_THRESHOLD);
    }

    /** The listeners, in delivery order. */
    public List<AuditListener> listeners() {
        return listeners;
    }

    /** Queues an event for delivery; returns at once and never throws. */
    public void dispatch(AuditEvent event) {
        if (executor == null || event == null) {
            return;
        }
        if (!enqueue(() -> deliver(event))) {
            dropped.increment();
        }
    }

    private void deliver(AuditEvent event) {
        for (AuditListener listener : listeners) {
            long start = System.nanoTime();
            try {
                listener.onEvent(event);
                delivered.increment();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed.increment();
                long n = failed.sum();
                if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, 8th … failure: visible but not flooding
                    LOG.log(Level.WARNING, "audit listener {0} failed on a {1} event ({2} listener failures so far): {3}",
                            listener.getClass().getName(), event.type().wireName(), n, e.getClass().getName());
                }
            } finally {
                if (System.nanoTime() - start >= slowNanos) {
                    slow.increment();
                }
            }
        }
    }

    /**
     * Waits until every event queued before this call has been delivered, at most {@code timeout}
     * (for tests, and for a command-line tool before it exits).
     *
     * @return true when delivered in time; false on timeout or interrupt (the flag stays set)
     */
    public boolean flush(Duration timeout) {
        if (executor == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CountDownLatch done = new CountDownLatch(1);
        try {
            while (!enqueue(done::countDown)) { // the queue is full: wait for room, within the deadline
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                Thread.sleep(FLUSH_POLL_MILLIS);
            }
            return done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean enqueue(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Successful deliveries (one per listener and event). */
    public long deliveredCount() {
        return delivered.sum();
    }

    /** Events dropped because the queue was full. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Deliveries that threw. */
    public long failedCount() {
        return failed.sum();
    }

    /** Deliveries that took a second or more. */
    public long slowCount() {
        return slow.sum();
    }

    @Override
    public String toString() {
        return "AuditDispatcher[listeners=" + listeners.size() + ", delivered=" + deliveredCount() + ", dropped="
                + droppedCount() + ", failed=" + failedCount() + ", slow=" + slowCount() + "]";
    }
}
