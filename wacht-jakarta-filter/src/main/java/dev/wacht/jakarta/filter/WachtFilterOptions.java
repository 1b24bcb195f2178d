package dev.wacht.jakarta.filter;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.ProtectedResourceMetadata;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.WachtSetting;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WachtFilter} protects and how: the core {@link WachtConfig}, the resource name sent
 * to Wacht, the required permissions, excluded paths, CORS preflight handling, trusted proxies, and
 * the RFC 9728 metadata to publish. Immutable; build it with {@link #builder()} or read it from named
 * settings with {@link #fromSettings(Function)}. Every value is checked when it is built.
 */
public final class WachtFilterOptions {
    /** The {@code wacht.resource} value that sends each request's path as the resource. */
    public static final String PATH_RESOURCE = "@path";

    private static final Set<String> SETTING_NAMES = WachtSetting.namesReadBy(WachtSetting.Component.FILTER);
    private static final int MAX_RESOURCE = 256;
    private static final int MAX_PERMISSIONS = 64;

    private final WachtConfig config;
    private final @Nullable String resource;
    private final List<String> requiredPermissions;
    private final PathPatterns excluded;
    private final boolean passCorsPreflight;
    private final TrustedProxies trustedProxies;
    private final @Nullable ProtectedResourceMetadata metadata;
    private final List<String> challengeScopes;

    private WachtFilterOptions(Builder b) {
        this.config = b.core.build();
        this.resource = checkResource(b.resource);
        this.requiredPermissions = checkNames(WachtSetting.REQUIRED_PERMISSIONS, b.requiredPermissions);
        this.challengeScopes = checkNames(WachtSetting.CHALLENGE_SCOPES, b.challengeScopes);
        this.excluded = PathPatterns.parse(WachtSetting.EXCLUDE, b.excluded);
        this.passCorsPreflight = b.passCorsPreflight;
        this.trustedProxies = TrustedProxies.parse(WachtSetting.TRUSTED_PROXIES, b.trustedProxies);
        if (!b.authorizationServers.isEmpty()) {
            this.metadata = ProtectedResourceMetadata.of(config, b.authorizationServers,
                    b.scopesSupported != null ? b.scopesSupported : requiredPermissions, b.resourceName);
        } else if (b.scopesSupported != null || b.resourceName != null) {
            throw WachtSetting.AUTHORIZATION_SERVERS.invalid("must be set when "
                    + WachtSetting.SCOPES_SUPPORTED.property() + " or " + WachtSetting.RESOURCE_NAME.property()
                    + " is set (they describe the protected resource metadata)");
        } else {
            this.metadata = null;
        }
    }

    /** A builder with every default in place: path resources, no required permissions, nothing excluded. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads options from named settings, as {@link Builder#apply(Function)} does on a fresh builder.
     *
     * @throws IllegalArgumentException naming the setting ({@code wacht.<name>}) whose value is invalid
     */
    public static WachtFilterOptions fromSettings(Function<String, String> settings) {
        return builder().apply(settings).build();
    }

    /** Every setting name the filter reads (kebab-case, without the {@code wacht.} prefix): core's and its own. */
    public static Set<String> settingNames() {
        return SETTING_NAMES;
    }

    /** The core configuration. */
    public WachtConfig config() {
        return config;
    }

    /** The fixed resource name sent to Wacht, or empty when each request's path is sent. */
    public Optional<String> resource() {
        return Optional.ofNullable(resource);
    }

    /** The permissions every request must hold. */
    public List<String> requiredPermissions() {
        return requiredPermissions;
    }

    /** The excluded path patterns, as configured. */
    public List<String> excludedPaths() {
        return excluded.patterns();
    }

    /** Whether CORS preflight requests pass without a credential. */
    public boolean passCorsPreflight() {
        return passCorsPreflight;
    }

    /** The trusted proxy addresses and CIDR ranges, as configured. */
    public List<String> trustedProxies() {
        return trustedProxies.entries();
    }

    /** The RFC 9728 metadata the filter publishes, when authorization servers are configured. */
    public Optional<ProtectedResourceMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    /** The scopes every 401 challenge names in {@code scope}, telling a client what to request (default none). */
    public List<String> challengeScopes() {
        return challengeScopes;
    }

    PathPatterns excluded() {
        return excluded;
    }

    TrustedProxies proxies() {
        return trustedProxies;
    }

    @Override
    public String toString() {
        return "WachtFilterOptions[resource=" + (resource == null ? PATH_RESOURCE : resource) + ", requires="
                + requiredPermissions + ", exclude=" + excluded.patterns() + ", " + config + "]";
    }

    private static List<String> checkNames(WachtSetting setting, List<String> names) {
        if (names.size() > MAX_PERMISSIONS) {
            throw setting.invalid("at most " + MAX_PERMISSIONS + " names");
        }
        for (String name : names) {
            try {
                AccessRequest.checkPermissionName(name);
            } catch (IllegalArgumentException e) {
                throw setting.invalid(Objects.requireNonNullElse(e.getMessage(), "not a plain permission name"));
            }
        }
        return List.copyOf(names);
    }

    private static @Nullable String checkResource(@Nullable String resource) {
        if (resource == null) {
            return null;
        }
        if (resource.isEmpty() || resource.length() > MAX_RESOURCE) {
            throw WachtSetting.RESOURCE.invalid("must have 1 to " + MAX_RESOURCE + " characters, or be "
                    + PATH_RESOURCE);
        }
        for (int i = 0; i < resource.length(); i++) {
            char c = resource.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#') {
                throw WachtSetting.RESOURCE.invalid("must be printable ASCII without spaces, '?' or '#', got '"
                        + resource + "'");
            }
        }
        return resource;
    }

    /** Collects option values; not thread-safe. {@link #build()} checks them all. */
    public static final class Builder {
        private WachtConfig.Builder core = WachtConfig.builder();
        private @Nullable String resource;
        private List<String> requiredPermissions = List.of();
        private List<String> excluded = List.of();
        private boolean passCorsPreflight = WachtSetting.PASS_CORS_PREFLIGHT.bool(
                WachtSetting.PASS_CORS_PREFLIGHT.defaultValue().orElseThrow());
        private List<String> trustedProxies = List.of();
        private List<URI> authorizationServers = List.of();
        private @Nullable List<String> scopesSupported;
        private @Nullable String resourceName;
        private List<String> challengeScopes = List.of();

        private Builder() {
        }

        /**
         * Applies named settings, core's ({@link WachtConfig#settingNames()}) and the filter's own: the
         * function is asked for every name in {@link #settingNames()}; null or blank leaves a value unchanged.
         *
         * @throws IllegalArgumentException naming the setting whose value is invalid
         */
        public Builder apply(Function<String, String> settings) {
            Objects.requireNonNull(settings, "settings");
            core.apply(settings);
            for (WachtSetting setting : WachtSetting.values()) {
                if (setting.readBy().contains(WachtSetting.Component.FILTER)) {
                    String value = settings.apply(setting.settingName());
                    if (value != null && !value.isBlank()) {
                        set(setting, value.trim());
                    }
                }
            }
            return this;
        }

        private void set(WachtSetting setting, String value) {
            switch (setting) {
                case RESOURCE:
                    resource(value);
                    break;
                case REQUIRED_PERMISSIONS:
                    requiredPermissions(setting.list(value));
                    break;
                case EXCLUDE:
                    exclude(setting.list(value));
                    break;
                case PASS_CORS_PREFLIGHT:
                    passCorsPreflight(setting.bool(value));
                    break;
                case TRUSTED_PROXIES:
                    trustedProxies(setting.list(value));
                    break;
                case AUTHORIZATION_SERVERS:
                    List<URI> servers = new ArrayList<>();
                    for (String server : setting.list(value)) {
                        servers.add(setting.uri(server));
                    }
                    authorizationServers(servers);
                    break;
                case SCOPES_SUPPORTED:
                    scopesSupported(setting.list(value));
                    break;
                case RESOURCE_NAME:
                    resourceName(value);
                    break;
                case CHALLENGE_SCOPES:
                    challengeScopes(setting.list(value));
                    break;
                default:
                    throw new AssertionError(setting);
            }
        }

        /** The core configuration (default: {@code WachtConfig.builder().build()}). */
        public Builder config(WachtConfig config) {
            this.core = Objects.requireNonNull(config, "config").toBuilder();
            return this;
        }

        /**
         * The resource name sent to Wacht for every request, such as {@code mcp}; {@value #PATH_RESOURCE}
         * (the default) sends each request's path within the application instead.
         */
        public Builder resource(String resource) {
            this.resource = PATH_RESOURCE.equals(resource) ? null : resource;
            return this;
        }

        /** The permissions every request must hold (default none: any valid credential passes). */
        public Builder requiredPermissions(List<String> permissions) {
            this.requiredPermissions = List.copyOf(permissions);
            return this;
        }

        /** The permissions every request must hold. */
        public Builder requiredPermissions(String... permissions) {
            return requiredPermissions(Arrays.asList(permissions));
        }

        /** Paths that pass without a credential: exact paths ({@code /health}) or prefixes ({@code /public/*}). */
        public Builder exclude(List<String> patterns) {
            this.excluded = List.copyOf(patterns);
            return this;
        }

        /** Paths that pass without a credential. */
        public Builder exclude(String... patterns) {
            return exclude(Arrays.asList(patterns));
        }

        /** Whether CORS preflight requests pass without a credential (default true). */
        public Builder passCorsPreflight(boolean pass) {
            this.passCorsPreflight = pass;
            return this;
        }

        /**
         * Proxies whose {@code X-Forwarded-For} is believed: IP addresses or CIDR ranges such as
         * {@code 10.0.0.0/8} (default none: the client IP is the connection's peer address).
         */
        public Builder trustedProxies(List<String> proxies) {
            this.trustedProxies = List.copyOf(proxies);
            return this;
        }

        /** Proxies whose {@code X-Forwarded-For} is believed. */
        public Builder trustedProxies(String... proxies) {
            return trustedProxies(Arrays.asList(proxies));
        }

        /**
         * The OAuth issuers ({@code https://<fqdn>}) to advertise in RFC 9728 metadata; setting them (with
         * a resource URI in the core configuration) makes the filter publish the metadata document.
         */
        public Builder authorizationServers(List<URI> issuers) {
            this.authorizationServers = List.copyOf(issuers);
            return this;
        }

        /** The scopes to advertise in the metadata (default, or null: the required permissions). */
        public Builder scopesSupported(@Nullable List<String> scopes) {
            this.scopesSupported = scopes == null ? null : List.copyOf(scopes);
            return this;
        }

        /** A human-readable name of the resource for the metadata (default, or null: none). */
        public Builder resourceName(@Nullable String name) {
            this.resourceName = name;
            return this;
        }

        /**
         * The scopes every 401 challenge names in {@code scope="…"} (RFC 6750 §3), so that a client
         * knows what to request before its first call; MCP clients read it (default none).
         */
        public Builder challengeScopes(List<String> scopes) {
            this.challengeScopes = List.copyOf(scopes);
            return this;
        }

        /**
         * Checks every value and builds the options.
         *
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public WachtFilterOptions build() {
            return new WachtFilterOptions(this);
        }
    }
}
