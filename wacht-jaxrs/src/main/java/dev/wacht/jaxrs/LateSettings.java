package dev.wacht.jaxrs;

import jakarta.ws.rs.core.Configuration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Settings read from a JAX-RS configuration on first use rather than when the feature is
 * configured, so that properties the runtime adds afterwards (RESTEasy adds the
 * {@code Application}'s properties after scanned features ran) are seen. Read once, then kept.
 */
final class LateSettings implements Supplier<Settings> {
    private final Configuration configuration;
    private volatile @Nullable Settings settings;

    LateSettings(Configuration configuration) {
        this.configuration = configuration;
    }

    @Override
    public Settings get() {
        Settings s = settings;
        if (s == null) {
            synchronized (this) { // reads properties and builds an authenticator: no I/O
                s = settings;
                if (s == null) {
                    s = Settings.read(configuration);
                    settings = s;
                }
            }
        }
        return s;
    }
}
