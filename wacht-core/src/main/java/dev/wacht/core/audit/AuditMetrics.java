package dev.wacht.core.audit;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-memory metrics from audit events, for applications without Micrometer: decisions counted by
 * outcome, reason and client id (at most a fixed number of distinct client ids, the rest counted as
 * {@code other}), events counted by type, and the verifier's latency (count, total, maximum). Register
 * it as an {@link AuditListener}; read it from anywhere. Thread-safe.
 */
public final class AuditMetrics implements AuditListener {
    private final ClientIdTags clients;
    private final ConcurrentMap<List<String>, LongAdder> decisions = new ConcurrentHashMap<>();
    private final Map<AuditEvent.Type, LongAdder> events = new EnumMap<>(AuditEvent.Type.class);
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final LongAccumulator latencyMaxNanos = new LongAccumulator(Math::max, 0);

    /** Metrics keeping up to 100 distinct client ids. */
    public AuditMetrics() {
        this(ClientIdTags.DEFAULT_MAX);
    }

    /** Metrics keeping up to {@code maxClientIds} distinct client ids. */
    public AuditMetrics(int maxClientIds) {
        this.clients = new ClientIdTags(maxClientIds);
        for (AuditEvent.Type t : AuditEvent.Type.values()) {
            events.put(t, new LongAdder());
        }
    }

    @Override
    public void onEvent(AuditEvent event) {
        counter(event.type()).increment();
        event.type().outcome().ifPresent(outcome -> decisions
                .computeIfAbsent(List.of(outcome, ClientIdTags.reason(event), clients.tag(event)), k -> new LongAdder())
                .increment());
        event.gatewayLatency().ifPresent(d -> {
            long nanos = d.toNanos();
            latencyCount.increment();
            latencyNanos.add(nanos);
            latencyMaxNanos.accumulate(nanos);
        });
    }

    /**
     * Decisions with this outcome ({@code allowed}, {@code denied}, {@code unavailable}), reason
     * ({@code none} for allowed) and client id ({@code unknown} or {@code other} where applicable).
     */
    public long decisions(String outcome, String reason, String clientId) {
        LongAdder n = decisions.get(List.of(Objects.requireNonNull(outcome), Objects.requireNonNull(reason),
                Objects.requireNonNull(clientId)));
        return n == null ? 0 : n.sum();
    }

    /** Decisions with this outcome, over all reasons and clients. */
    public long decisions(String outcome) {
        long sum = 0;
        for (Map.Entry<List<String>, LongAdder> e : decisions.entrySet()) {
            if (e.getKey().get(0).equals(outcome)) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    /** Events of this type. */
    public long events(AuditEvent.Type type) {
        return counter(type).sum();
    }

    private LongAdder counter(AuditEvent.Type type) {
        return Objects.requireNonNull(events.get(type), "the constructor puts a counter for every event type");
    }

    /** How many verifier calls were timed. */
    public long gatewayCalls() {
        return latencyCount.sum();
    }

    /** The total time spent in the verifier. */
    public Duration gatewayLatencyTotal() {
        return Duration.ofNanos(latencyNanos.sum());
    }

    /** The longest verifier call seen. */
    public Duration gatewayLatencyMax() {
        return Duration.ofNanos(latencyMaxNanos.get());
    }

    @Override
    public String toString() {
        return "AuditMetrics[decisions=" + decisions.size() + " series, gatewayCalls=" + gatewayCalls() + "]";
    }
}
