package dev.wacht.core;

import dev.wacht.core.audit.AuditEvent;
import dev.wacht.core.audit.AuditListener;
import java.util.concurrent.atomic.AtomicLong;

/** A listener found through ServiceLoader (see META-INF/services in the test resources) or named in a setting. */
public class CountingAuditListener implements AuditListener {
    static final AtomicLong EVENTS = new AtomicLong();

    @Override
    public void onEvent(AuditEvent event) {
        EVENTS.incrementAndGet();
    }
}
