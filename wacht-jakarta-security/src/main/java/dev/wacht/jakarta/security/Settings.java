package dev.wacht.jakarta.security;

import dev.wacht.core.WachtConfig;
import dev.wacht.core.WachtSetting;
import jakarta.servlet.ServletContext;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The settings of container-managed Wacht security: those core's table ({@link WachtSetting}) says it
 * reads, which are core's and {@code wacht.resource}. Each {@code wacht.<name>} is read from the
 * application's context-params, then MicroProfile Config where the server has it (which itself covers
 * system properties, environment variables and {@code META-INF/microprofile-config.properties}), then
 * system properties, then environment variables ({@code WACHT_<NAME>}). A blank value counts as unset.
 */
final class Settings {
    static final String PREFIX = "wacht.";
    static final String RESOURCE = WachtSetting.RESOURCE.settingName();
    /** The {@code wacht.resource} value that sends each request's path as the resource (the default). */
    static final String PATH_RESOURCE = "@path";
    private static final int MAX_RESOURCE = 256;
    private static final Set<String> NAMES = WachtSetting.namesReadBy(WachtSetting.Component.JAKARTA_SECURITY);

    private final WachtConfig config;
    private final @Nullable String resource;

    private Settings(WachtConfig config, @Nullable String resource) {
        this.config = config;
        this.resource = resource;
    }

    /**
     * Reads the settings of an application.
     *
     * @throws IllegalArgumentException naming the setting when a {@code wacht.*} name is unknown or a value is invalid
     */
    static Settings read(ServletContext context) {
        checkNames("context-param", Collections.list(context.getInitParameterNames()));
        ClassLoader loader = context.getClassLoader();
        Function<String, String> microProfile = visible("org.eclipse.microprofile.config.ConfigProvider", loader)
                ? MicroProfileSettings.of(loader) : null;
        if (microProfile != null) {
            checkNames("MicroProfile Config property", MicroProfileSettings.names(loader));
        }
        Function<String, String> environment = WachtConfig.environmentSettings();
        return of(name -> {
            String value = context.getInitParameter(PREFIX + name);
            if (isBlank(value) && microProfile != null) {
                value = microProfile.apply(name);
            }
            return isBlank(value) ? environment.apply(name) : value;
        });
    }

    /**
     * Settings from a lookup by name (kebab-case, without the prefix).
     *
     * @throws IllegalArgumentException naming the setting whose value is invalid
     */
    static Settings of(Function<String, String> settings) {
        WachtConfig config = WachtConfig.builder().apply(settings).build();
        String resource = settings.apply(RESOURCE);
        return new Settings(config, isBlank(resource) ? null : checkResource(resource.trim()));
    }

    /** The core configuration. */
    WachtConfig config() {
        return config;
    }

    /** The fixed resource name sent to Wacht, or null when each request's path is sent. */
    @Nullable String resource() {
        return resource;
    }

    private static @Nullable String checkResource(String resource) {
        if (PATH_RESOURCE.equals(resource)) {
            return null;
        }
        boolean plain = resource.length() <= MAX_RESOURCE
                && resource.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#');
        if (!plain) {
            throw new IllegalArgumentException(PREFIX + RESOURCE + ": must be " + PATH_RESOURCE + " or 1 to "
                    + MAX_RESOURCE + " printable ASCII characters without spaces, '?' or '#', got '" + resource + "'");
        }
        return resource;
    }

    /** Whether an optional API's class is visible to the application (checked before any use of that API). */
    static boolean visible(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void checkNames(String kind, Collection<String> names) {
        for (String name : names) {
            if (name.startsWith(PREFIX) && !NAMES.contains(name.substring(PREFIX.length()))) {
                throw new IllegalArgumentException("unknown " + kind + " '" + name + "' (known: " + PREFIX
                        + String.join(", " + PREFIX, new TreeSet<>(NAMES)) + ")");
            }
        }
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "resource=" + Objects.requireNonNullElse(resource, PATH_RESOURCE) + ", " + config;
    }
}
