package dev.wacht.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Delivery, isolation and the counters of the dispatcher. */
class AuditDispatcherTest {
    private static AuditEvent event(AuditEvent.Type type) {
        return AuditEvent.builder(type, Instant.parse("2026-05-20T10:15:00Z")).build();
    }

    @Test
    void deliversInOrderToEveryListener() {
        List<AuditEvent.Type> a = new CopyOnWriteArrayList<>();
        List<AuditEvent.Type> b = new CopyOnWriteArrayList<>();
        AuditDispatcher d = AuditDispatcher.of(List.of(e -> a.add(e.type()), e -> b.add(e.type())));
        for (AuditEvent.Type t : AuditEvent.Type.values()) {
            d.dispatch(event(t));
        }
        assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(a).containsExactly(AuditEvent.Type.values());
        assertThat(b).isEqualTo(a);
        assertThat(d.deliveredCount()).isEqualTo(2L * AuditEvent.Type.values().length);
        assertThat(d.droppedCount()).isZero();
        assertThat(d.toString()).contains("delivered=14");
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AuditDispatcher d = new AuditDispatcher(List.of(e -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }), 2, Duration.ofSeconds(1));
        d.dispatch(event(AuditEvent.Type.ACCESS_ALLOWED));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            d.dispatch(event(AuditEvent.Type.ACCESS_ALLOWED)); // two fit in the queue, three do not
        }
        assertThat(d.droppedCount()).isEqualTo(3);
        release.countDown();
        assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(d.deliveredCount()).isEqualTo(3);
    }

    @Test
    void failuresAndSlowDeliveriesAreCounted() {
        AuditDispatcher d = new AuditDispatcher(List.of(e -> {
            throw new AssertionError("bug");
        }), 8, Duration.ZERO);
        d.dispatch(event(AuditEvent.Type.GRANT_REVOKED));
        d.dispatch(null);
        assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(d.failedCount()).isEqualTo(1);
        assertThat(d.slowCount()).isEqualTo(1);
        assertThat(d.deliveredCount()).isZero();
    }

    @Test
    void withoutListenersNothingRuns() {
        AuditDispatcher d = AuditDispatcher.of(List.of());
        d.dispatch(event(AuditEvent.Type.ACCESS_ALLOWED));
        assertThat(d.flush(Duration.ofMillis(1))).isTrue();
        assertThat(d.listeners()).isEmpty();
        assertThat(d.deliveredCount() + d.droppedCount()).isZero();
    }

    @Test
    void flushAllWaitsForEveryDispatcherOfTheApplication() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<AuditEvent.Type> seen = new CopyOnWriteArrayList<>();
        AuditDispatcher held = AuditDispatcher.of(List.of(e -> {
            try {
                release.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            seen.add(e.type());
        }));
        AuditDispatcher other = AuditDispatcher.of(List.of(e -> seen.add(e.type())));
        held.dispatch(event(AuditEvent.Type.ACCESS_ALLOWED));
        other.dispatch(event(AuditEvent.Type.SCOPE_DENIED));
        // One of them cannot deliver yet: flushAll reports that instead of returning early.
        assertThat(AuditDispatcher.flushAll(Duration.ofMillis(50))).isFalse();
        assertThat(seen).doesNotContain(AuditEvent.Type.ACCESS_ALLOWED);
        release.countDown();
        assertThat(AuditDispatcher.flushAll(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).containsExactlyInAnyOrder(AuditEvent.Type.ACCESS_ALLOWED, AuditEvent.Type.SCOPE_DENIED);
    }
}
