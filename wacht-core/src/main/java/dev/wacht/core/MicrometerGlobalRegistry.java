package dev.wacht.core;

import dev.wacht.core.audit.AuditListener;
import dev.wacht.core.audit.WachtMeterBinder;
import io.micrometer.core.instrument.Metrics;

/**
 * Binds a {@link WachtMeterBinder} named in settings to Micrometer's global registry. Loaded only when
 * such a binder was instantiated, so Micrometer is present.
 */
final class MicrometerGlobalRegistry {
    private MicrometerGlobalRegistry() {
    }

    static void bind(AuditListener binder) {
        ((WachtMeterBinder) binder).bindTo(Metrics.globalRegistry);
    }
}
