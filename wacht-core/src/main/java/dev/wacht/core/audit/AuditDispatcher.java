package dev.wacht.core.audit;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

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
 * <p><b>Cheap on the request thread.</b> {@link #dispatch} never wakes the delivering thread: that
 * thread drains the queue and, when it is empty, sleeps {@value #POLL_MILLIS} ms before looking again.
 * Waking a parked thread for every event costs a system call and a context switch per request, more
 * than the rest of a cached decision; an audit event delivered up to a few milliseconds later costs
 * nothing.
 *
 * <p>A listener that throws is isolated: the exception is caught, counted ({@link #failedCount()}) and
 * logged now and then (logger {@code dev.wacht.core.audit}), and the other listeners still get the event.
 * A delivery slower than one second is counted ({@link #slowCount()}). Thread-safe.
 */
public final class AuditDispatcher {
    static final int DEFAULT_QUEUE_CAPACITY = 4096;
    static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofSeconds(1);
    /** How long the delivering thread sleeps when the queue is empty. */
    static final long POLL_MILLIS = 2;
    private static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final System.Logger LOG = System.getLogger("dev.wacht.core.audit");
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Every dispatcher with listeners that is still reachable, for {@link #flushAll}; weakly held. */
    private static final Set<AuditDispatcher> LIVE = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private final List<AuditListener> listeners;
    private final long slowNanos;
    /** Null when there are no listeners: nothing is queued then. */
    private final @Nullable ArrayBlockingQueue<AuditEvent> queue;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder slow = new LongAdder();

    AuditDispatcher(List<AuditListener> listeners, int queueCapacity, Duration slowThreshold) {
        this.listeners = List.copyOf(listeners);
        this.slowNanos = slowThreshold.toNanos();
        this.queue = this.listeners.isEmpty() ? null : new ArrayBlockingQueue<>(queueCapacity);
        if (queue != null) {
            LIVE.add(this);
        }
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
        if (queue == null || event == null) {
            return;
        }
        if (queue.offer(event)) {
            queued.incrementAndGet();
            if (!running.get() && running.compareAndSet(false, true)) {
                startDelivering(queue);
            }
        } else {
            dropped.increment();
        }
    }

    private void startDelivering(ArrayBlockingQueue<AuditEvent> queue) {
        Thread t = new Thread(() -> deliverUntilIdle(queue), "wacht-audit-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    /** The delivering thread: drains the queue, sleeps briefly when it is empty, ends after a few idle seconds. */
    private void deliverUntilIdle(ArrayBlockingQueue<AuditEvent> queue) {
        long idleSince = System.nanoTime();
        while (true) {
            AuditEvent event = queue.poll();
            if (event != null) {
                deliver(event);
                handled.incrementAndGet();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < IDLE_EXIT_NANOS) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            } else {
                running.set(false);
                // An event queued after the last poll but before the flag was cleared would wait for the
                // next dispatch; take the thread back if there is one and nobody else did.
                if (queue.isEmpty() || !running.compareAndSet(false, true)) {
                    return;
                }
            }
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
        if (queue == null) {
            return true;
        }
        long target = queued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handled.get() < target) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every event queued before this call, by any dispatcher of this class loader, has been
     * delivered, at most {@code timeout} in all. This is the way for tests to see the events of a filter
     * or JAX-RS feature whose authenticator they cannot reach (one declared in {@code web.xml}, say):
     * make the request, call {@code AuditDispatcher.flushAll(Duration.ofSeconds(10))}, then read what
     * the listener collected. Listeners of different dispatchers (the servlet filter's and the JAX-RS
     * feature's, for example) each get their events in order, but in no fixed order relative to each other.
     *
     * @return true when all were delivered in time; false on timeout or interrupt
     */
    public static boolean flushAll(Duration timeout) {
        List<AuditDispatcher> dispatchers;
        synchronized (LIVE) {
            dispatchers = new ArrayList<>(LIVE);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (AuditDispatcher dispatcher : dispatchers) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!dispatcher.flush(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
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
