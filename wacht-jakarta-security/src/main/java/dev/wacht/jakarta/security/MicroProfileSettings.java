package dev.wacht.jakarta.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jspecify.annotations.Nullable;

/**
 * MicroProfile Config as a source of {@code wacht.*} settings, where the server has it (WildFly,
 * Payara). Only this class refers to the MicroProfile Config API; {@link Settings} loads it only
 * after checking that the API is there.
 */
final class MicroProfileSettings {
    private MicroProfileSettings() {
    }

    /** A lookup of {@code wacht.<name>} in the application's MicroProfile Config, or null when there is none. */
    static @Nullable Function<String, String> of(ClassLoader loader) {
        Config config = config(loader);
        if (config == null) {
            return null;
        }
        return name -> config.getOptionalValue(Settings.PREFIX + name, String.class).orElse(null);
    }

    /** Every property name the application's MicroProfile Config knows (empty when there is none). */
    static List<String> names(ClassLoader loader) {
        Config config = config(loader);
        List<String> names = new ArrayList<>();
        if (config != null) {
            config.getPropertyNames().forEach(names::add);
        }
        return names;
    }

    private static @Nullable Config config(ClassLoader loader) {
        try {
            return ConfigProvider.getConfig(loader);
        } catch (IllegalStateException e) {
            // The API is there but no implementation: no MicroProfile Config.
            return null;
        }
    }
}
