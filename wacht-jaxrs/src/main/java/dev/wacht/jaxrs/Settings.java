package dev.wacht.jaxrs;

import dev.wacht.core.RequestPath;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.WachtSetting;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.UriInfo;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The JAX-RS extension's resolved settings: the shared authenticator and the resource to report. */
final class Settings {
    static final String PREFIX = "wacht.";
    static final String RESOURCE = WachtSetting.RESOURCE.settingName();
    private static final int MAX_FIXED_RESOURCE = 256;

    private final WachtAuthenticator authenticator;
    /** The fixed resource name, or null to send the request path. */
    private final @Nullable String fixedResource;

    private Settings(WachtAuthenticator authenticator, String resource) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.fixedResource = WachtFeature.REQUEST_PATH.equals(checkResource(resource)) ? null : resource.trim();
    }

    static Settings of(WachtConfig config, String resource) {
        return new Settings(WachtAuthenticator.create(Objects.requireNonNull(config, "config")), resource);
    }

    /**
     * Reads {@code wacht.*} properties of the JAX-RS configuration, falling back to system
     * properties and environment variables for each name.
     *
     * @throws IllegalArgumentException naming an unknown {@code wacht.*} property or an invalid value
     */
    static Settings read(Configuration configuration) {
        Set<String> known = knownNames();
        for (String property : configuration.getPropertyNames()) {
            if (property.startsWith(PREFIX) && !known.contains(property.substring(PREFIX.length()))) {
                throw new IllegalArgumentException(WachtConfig.unknownSetting("JAX-RS property", property, known));
            }
        }
        Function<String, String> environment = WachtConfig.environmentSettings();
        Function<String, String> settings = name -> {
            Object value = configuration.getProperty(PREFIX + name);
            return value != null && !value.toString().isBlank() ? value.toString() : environment.apply(name);
        };
        String resource = settings.apply(RESOURCE);
        WachtConfig config = WachtConfig.builder().name("JAX-RS WachtFeature").apply(settings).build();
        return new Settings(WachtAuthenticator.create(config),
                resource == null ? WachtFeature.REQUEST_PATH : resource);
    }

    /**
     * The {@code wacht.*} names accepted in the JAX-RS configuration: every setting of core's table
     * ({@link WachtSetting}). This extension reads core's and {@code resource}; the others (the servlet
     * filter's) it ignores, since Jersey passes servlet context-params on as properties, so a filter
     * configured there must not break the application.
     */
    static Set<String> knownNames() {
        return WachtSetting.allNames();
    }

    private static String checkResource(String resource) {
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException(PREFIX + RESOURCE + ": must be a resource name or "
                    + WachtFeature.REQUEST_PATH);
        }
        if (resource.trim().length() > MAX_FIXED_RESOURCE) {
            throw new IllegalArgumentException(PREFIX + RESOURCE + ": at most " + MAX_FIXED_RESOURCE + " characters");
        }
        for (char c : resource.trim().toCharArray()) {
            if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#') {
                throw new IllegalArgumentException(PREFIX + RESOURCE + ": '" + resource.trim()
                        + "' must be printable ASCII without spaces, '?' or '#'");
            }
        }
        return resource.trim();
    }

    WachtAuthenticator authenticator() {
        return authenticator;
    }

    /**
     * The resource sent to the gateway for this request: the fixed name, or the canonical {@code @path}
     * resource of a normal request path (core's {@link RequestPath}).
     */
    String resourceOf(RequestPath path) {
        return fixedResource != null ? fixedResource : path.resource();
    }

    /**
     * The request's path below the JAX-RS application's base URI, checked by core's firewall on the
     * raw request URI (the path JAX-RS routes on).
     */
    static RequestPath pathOf(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        String raw = uri.getRequestUri().getRawPath();
        return RequestPath.ofRaw(raw == null ? "" : raw, uri.getBaseUri().getRawPath());
    }
}
