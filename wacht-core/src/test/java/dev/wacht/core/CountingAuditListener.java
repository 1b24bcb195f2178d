package dev.wacht.core;

import dev.wacht.core.audit.AuditEvent;
import dev.wacht.core.audit.AuditListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A listener found through ServiceLoader (see META-INF/services in the test resources) or named in a setting. */
public class CountingAuditListener implements AuditListener {
    static final AtomicLong EVENTS = new AtomicLong();
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** Counts the instances made. */
    public CountingAuditListener() {
        INSTANCES.incrementAndGet();
    }

    /** How many instances were made so far. */
    static int instances() {
        return INSTANCES.get();
    }

    @Override
    public void onEvent(AuditEvent event) {
        EVENTS.incrementAndGet();
    }
}
