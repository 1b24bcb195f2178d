package dev.wacht.core.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer metrics from audit events. Register it both as an {@link AuditListener} and as a
 * {@link MeterBinder} ({@code binder.bindTo(registry)}, or as a bean where the framework binds binders);
 * events before binding are not counted. Named in {@code wacht.audit-listeners}, it is bound to
 * Micrometer's global registry ({@link #bindToGlobalRegistry()}). Meters:
 * <ul>
 *   <li>{@code wacht.authz.decisions} (counter; tags {@code outcome} = allowed|denied|unavailable,
 *       {@code reason}, {@code client_id}: at most a fixed number of distinct ids, the rest
 *       {@code other}, {@code unknown} when no client is known);</li>
 *   <li>{@code wacht.gateway.latency} (timer): time spent in the verifier per decision that asked it;</li>
 *   <li>{@code wacht.management.operations} (counter; tag {@code operation} = grant_revoked|secret_rotated).</li>
 * </ul>
 * This is the only class of the library that uses Micrometer, an optional dependency: the rest of the
 * library loads without it. Thread-safe.
 */
public final class WachtMeterBinder implements MeterBinder, AuditListener {
    private final ClientIdTags clients;
    /** Null until {@link #bindTo} is called: events before that are not counted. */
    private volatile @Nullable MeterRegistry registry;

    /** A binder keeping up to 100 distinct client ids. */
    public WachtMeterBinder() {
        this(ClientIdTags.DEFAULT_MAX);
    }

    /** A binder keeping up to {@code maxClientIds} distinct client ids. */
    public WachtMeterBinder(int maxClientIds) {
        this.clients = new ClientIdTags(maxClientIds);
    }

    /**
     * Binds to Micrometer's global registry ({@code Metrics.globalRegistry}). The library does this for a
     * binder named in {@code wacht.audit-listeners} (web.xml, properties), which nobody else could bind;
     * add your registry to the global one ({@code Metrics.addRegistry}) to see the meters.
     */
    public void bindToGlobalRegistry() {
        bindTo(Metrics.globalRegistry);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Timer.builder("wacht.gateway.latency").description("Time spent verifying a credential with Wacht")
                .register(registry);
    }

    @Override
    public void onEvent(AuditEvent event) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        if (event.type().outcome().isPresent()) {
            Counter.builder("wacht.authz.decisions").description("Wacht authorization decisions")
                    .tag("outcome", event.type().outcome().get())
                    .tag("reason", ClientIdTags.reason(event))
                    .tag("client_id", clients.tag(event))
                    .register(r).increment();
        } else {
            Counter.builder("wacht.management.operations").description("Wacht management operations")
                    .tag("operation", event.type().wireName())
                    .register(r).increment();
        }
        event.gatewayLatency().ifPresent(d -> Timer.builder("wacht.gateway.latency").register(r).record(d));
    }
}
