package dev.wacht.jaxrs;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.WachtConfig;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import java.util.function.Supplier;
import jakarta.ws.rs.ext.Provider;
import org.jspecify.annotations.Nullable;

/**
 * Installs Wacht protection for {@link RequiresScope} resources and the
 * {@link WachtAccessExceptionMapper}. Register it once: {@code register(WachtFeature.class)} reads
 * the configuration from {@code wacht.*} properties of the JAX-RS configuration, falling back to
 * system properties ({@code wacht.<name>}) and environment variables ({@code WACHT_<NAME>});
 * {@code register(new WachtFeature(config))} takes it programmatically. Being a {@link Provider},
 * it is also found by runtimes that scan {@code WEB-INF/lib}. Invalid configuration, an unknown
 * {@code wacht.*} property or an invalid {@code @RequiresScope} fails at start-up with a message
 * naming the setting or resource.
 */
@Provider
public final class WachtFeature implements Feature {
    /** The {@code wacht.resource} value that sends the raw request path as the gateway resource (the default). */
    public static final String REQUEST_PATH = "@path";

    /**
     * The request property from which the client's IP address is taken, when something (a servlet
     * or proxy-aware filter) sets it as a {@code String}; JAX-RS itself offers no portable way.
     */
    public static final String CLIENT_IP_PROPERTY = AccessRequest.CLIENT_IP_ATTRIBUTE;

    private final @Nullable WachtConfig config;
    private final String resource;

    /** Configured from {@code wacht.*} properties, system properties and environment variables. */
    public WachtFeature() {
        this.config = null;
        this.resource = REQUEST_PATH; // unused: Settings.read takes wacht.resource from the properties
    }

    /** Configured programmatically; the gateway resource is the request path. */
    public WachtFeature(WachtConfig config) {
        this(config, REQUEST_PATH);
    }

    /**
     * Configured programmatically.
     *
     * @param resource the resource name sent to the gateway (such as {@code mcp}), or {@link #REQUEST_PATH}
     */
    public WachtFeature(WachtConfig config, String resource) {
        if (config == null || resource == null) {
            throw new IllegalArgumentException("config and resource are required");
        }
        this.config = config;
        this.resource = resource;
    }

    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().isRegistered(ScopeBinding.class)) {
            return false;
        }
        Supplier<Settings> settings;
        if (config != null) {
            Settings fixed = Settings.of(config, resource);
            settings = () -> fixed;
        } else {
            Configuration configuration = context.getConfiguration();
            // Fail at start-up on what is visible now; read again on first use, because some runtimes
            // (RESTEasy) add the Application's properties to the configuration after features ran.
            Settings.read(configuration).authenticator().close();
            settings = new LateSettings(configuration);
        }
        context.register(new ScopeBinding(settings));
        context.register(new WachtAccessExceptionMapper(() -> settings.get().authenticator()));
        return true;
    }
}
