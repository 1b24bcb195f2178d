package dev.wacht.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every {@code wacht.*} setting, described once: its name, the type of its value, its default, its
 * bounds, what it means and which components read it. Core's {@link WachtConfig} and every adapter take
 * their setting names, defaults, parsing and bounds from here, and a test holds the documentation's
 * configuration tables to it. A setting is given as {@code wacht.<name>} (a system property, servlet
 * init-param or context-param, JAX-RS property, MicroProfile Config property) or as the environment
 * variable {@code WACHT_<NAME>}.
 */
public enum WachtSetting {
    // name, type, default value (or null and what its absence means), meaning, [least, largest], [read by; core's]
    /** The Wacht gateway base URL. */
    GATEWAY_URL("gateway-url", Type.URL, "https://gateway.wacht.dev", null, "Wacht gateway base URL"),
    /** The backend API key. */
    API_KEY("api-key", Type.SECRET, null, "none", "backend API key, sent to the gateway as a bearer credential"),
    /** The connect timeout. */
    CONNECT_TIMEOUT("connect-timeout", Type.TIMEOUT, "2s", null, "connect timeout to the gateway"),
    /** The deadline for the gateway's whole answer. */
    REQUEST_TIMEOUT("request-timeout", Type.TIMEOUT, "5s", null, "deadline for the gateway's whole answer"),
    /** The credential kinds accepted. */
    ACCEPT("accept", Type.CREDENTIAL_KINDS, "oauth_access_token", null,
            "credential kinds accepted: oauth_access_token, api_key, or both"),
    /** The longest credential accepted. */
    MAX_TOKEN_LENGTH("max-token-length", Type.INTEGER, "4096", null, "longest credential accepted, in characters",
            "16", "1048576"),
    /** The largest gateway answer read. */
    MAX_RESPONSE_SIZE("max-response-size", Type.INTEGER, "262144", null, "largest gateway answer read, in bytes",
            "1024", "16777216"),
    /** The realm of challenges. */
    REALM("realm", Type.TEXT, "wacht", null, "realm of WWW-Authenticate challenges"),
    /** This resource server's own URI (RFC 8707/9728). */
    RESOURCE_URI("resource-uri", Type.URI, null, "none",
            "this server's own resource URI; OAuth tokens must have been issued for exactly it"),
    /** Whether plain http endpoints are allowed beyond loopback. */
    ALLOW_INSECURE_HTTP("allow-insecure-http", Type.BOOLEAN, "false", null,
            "allow plain http endpoints on non-loopback hosts"),
    /** The Retry-After of 503 answers. */
    UNAVAILABLE_RETRY_AFTER("unavailable-retry-after", Type.TIMEOUT, "5s", null, "Retry-After of 503 answers"),
    /** The consecutive gateway failures that open the circuit breaker. */
    CIRCUIT_BREAKER_THRESHOLD("circuit-breaker-threshold", Type.INTEGER, "5", null,
            "consecutive gateway failures that open the circuit breaker; 0 turns it off", "0", "1000"),
    /** How long an open circuit breaker answers 503 at once. */
    CIRCUIT_BREAKER_OPEN_FOR("circuit-breaker-open-for", Type.TIMEOUT, "5s", null,
            "how long an open circuit breaker answers 503 before it probes the gateway"),
    /** The OAuth app's issuer. */
    OAUTH_ISSUER("oauth-issuer", Type.URL, null, "none",
            "the OAuth app's issuer https://<fqdn>; turns on local verification of JWT access tokens"),
    /** An explicit JWKS URL. */
    JWKS_URL("jwks-url", Type.URL, null, "discovered", "where the issuer's signing keys are"),
    /** How long fetched signing keys are trusted: at most an hour, as Wacht advises (docs/wacht-wire.md). */
    JWKS_CACHE_TTL("jwks-cache-ttl", Type.DURATION, "1h", null, "how long fetched signing keys are trusted",
            "1s", "1h"),
    /** The least time between two JWKS fetches. */
    JWKS_REFETCH_INTERVAL("jwks-refetch-interval", Type.DURATION, "30s", null,
            "least time between two JWKS fetches (at most jwks-cache-ttl)", "1s", "1h"),
    /** The tolerance on the time claims of JWT access tokens. */
    CLOCK_SKEW("clock-skew", Type.DURATION, "60s", null, "tolerance on exp, iat and nbf of JWTs", "0", "5m"),
    /** The audience JWT access tokens must carry. */
    EXPECTED_AUDIENCE("expected-audience", Type.TEXT, null, "not checked",
            "the aud value JWT access tokens must carry"),
    /** Whether unbound JWT access tokens are accepted with a resource URI set. */
    ACCEPT_UNBOUND_JWT("accept-unbound-jwt", Type.BOOLEAN, "false", null,
            "with resource-uri set, accept JWT access tokens that name no resource"),
    /** The longest time a verification answer is reused: a revoked credential may work this long (at most 1 h). */
    CACHE_MAX_TTL("cache-max-ttl", Type.DURATION, "0", null,
            "turns the verification cache on: the longest an answer is reused; 0 is off", "0", "1h"),
    /** How long a rejected credential stays rejected in the cache. */
    CACHE_NEGATIVE_TTL("cache-negative-ttl", Type.DURATION, "5s", null,
            "with the cache on, how long a rejected credential stays rejected", "0", "5m"),
    /** The most answers the cache holds. */
    CACHE_MAX_ENTRIES("cache-max-entries", Type.INTEGER, "100000", null, "with the cache on, the most answers kept",
            "1", "10000000"),
    /** The management API base URL. */
    MANAGEMENT_URL("management-url", Type.URL, "https://api.wacht.dev", null, "management API base URL"),
    /** Audit listener classes to instantiate. */
    AUDIT_LISTENERS("audit-listeners", Type.LIST, null, "none", "comma-separated AuditListener class names"),
    /** The outbound HTTP proxy. */
    PROXY("proxy", Type.TEXT, null, "the JDK's default proxy selector",
            "outbound HTTP proxy http://host:port, or none for direct connections"),
    /** A trust store replacing the default trust anchors. */
    TRUST_STORE("trust-store", Type.TEXT, null, "the JDK's trust anchors",
            "a key store whose certificates replace the default trust anchors for outbound TLS"),
    /** The trust store's password. */
    TRUST_STORE_PASSWORD("trust-store-password", Type.SECRET, null, "none", "the trust store's password"),
    /** The trust store's type. */
    TRUST_STORE_TYPE("trust-store-type", Type.TEXT, "PKCS12", null, "the trust store's type, PKCS12 or JKS"),

    /** The resource name sent to Wacht. */
    RESOURCE("resource", Type.TEXT, "@path", null, "resource name sent to Wacht, or @path for the request path",
            EnumSet.of(Component.FILTER, Component.JAXRS, Component.JAKARTA_SECURITY, Component.MCP)),
    /** The permissions every request must hold. */
    REQUIRED_PERMISSIONS("required-permissions", Type.LIST, null, "none",
            "comma-separated permissions every request must hold", Component.FILTER_AND_MCP),
    /** Paths that pass without a credential. */
    EXCLUDE("exclude", Type.LIST, null, "none", "comma-separated paths that pass without a credential",
            EnumSet.of(Component.FILTER)),
    /** Whether CORS preflights pass without a credential. */
    PASS_CORS_PREFLIGHT("pass-cors-preflight", Type.BOOLEAN, "true", null,
            "let CORS preflights pass without a credential", Component.FILTER_AND_MCP),
    /** Proxies whose X-Forwarded-For is believed. */
    TRUSTED_PROXIES("trusted-proxies", Type.LIST, null, "none",
            "comma-separated addresses or CIDR ranges of trusted reverse proxies", Component.FILTER_AND_MCP),
    /** The OAuth issuers advertised in RFC 9728 metadata. */
    AUTHORIZATION_SERVERS("authorization-servers", Type.LIST, null, "none",
            "comma-separated issuer URLs of the RFC 9728 metadata; turns on publishing it", Component.FILTER_AND_MCP),
    /** The scopes advertised in the metadata. */
    SCOPES_SUPPORTED("scopes-supported", Type.LIST, null, "the required permissions",
            "comma-separated scopes_supported of the metadata", Component.FILTER_AND_MCP),
    /** The resource name of the metadata. */
    RESOURCE_NAME("resource-name", Type.TEXT, null, "none", "resource_name of the metadata", Component.FILTER_AND_MCP),
    /** The scopes every 401 challenge names. */
    CHALLENGE_SCOPES("challenge-scopes", Type.LIST, null, "none", "comma-separated scopes every 401 challenge names",
            Component.FILTER_AND_MCP);

    /** The parts of the library that read settings. */
    public enum Component {
        /** {@code wacht-core}'s {@link WachtConfig}, which every adapter reads too. */
        CORE,
        /** The servlet filter ({@code wacht-jakarta-filter}). */
        FILTER,
        /** The JAX-RS extension ({@code wacht-jaxrs}). */
        JAXRS,
        /** Container-managed security ({@code wacht-jakarta-security}). */
        JAKARTA_SECURITY,
        /** The MCP protection ({@code wacht-mcp}), through the filter's options. */
        MCP;

        private static final Set<Component> FILTER_AND_MCP = Collections.unmodifiableSet(EnumSet.of(FILTER, MCP));
    }

    /** The kinds of value a setting takes. */
    public enum Type {
        /** An absolute http(s) URL. */
        URL,
        /** An absolute URI. */
        URI,
        /** A positive duration of at most 2 minutes: {@code 500ms}, {@code 5s}, {@code 1m}, ISO-8601. */
        TIMEOUT,
        /** A duration within the setting's bounds. */
        DURATION,
        /** A whole number within the setting's bounds. */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** Text. */
        TEXT,
        /** Text that is a secret: never shown in messages. */
        SECRET,
        /** A comma-separated list. */
        LIST,
        /** A comma-separated list of credential kinds. */
        CREDENTIAL_KINDS
    }

    /** The longest timeout a {@link Type#TIMEOUT} setting takes. */
    private static final String MAX_TIMEOUT = "2m";

    private final String name;
    private final Type type;
    private final @Nullable String defaultValue;
    private final String defaultText;
    private final String meaning;
    private final @Nullable String min;
    private final @Nullable String max;
    /** The components that read it: an unmodifiable view of a set nothing else holds. */
    @SuppressWarnings("ImmutableEnumChecker")
    private final Set<Component> readBy;

    WachtSetting(String name, Type type, @Nullable String defaultValue, @Nullable String absentDefault,
            String meaning) {
        this(name, type, defaultValue, absentDefault, meaning, null, null, EnumSet.of(Component.CORE));
    }

    WachtSetting(String name, Type type, @Nullable String defaultValue, @Nullable String absentDefault,
            String meaning, @Nullable String min, @Nullable String max) {
        this(name, type, defaultValue, absentDefault, meaning, min, max, EnumSet.of(Component.CORE));
    }

    WachtSetting(String name, Type type, @Nullable String defaultValue, @Nullable String absentDefault,
            String meaning, Set<Component> readBy) {
        this(name, type, defaultValue, absentDefault, meaning, null, null, readBy);
    }

    WachtSetting(String name, Type type, @Nullable String defaultValue, @Nullable String absentDefault,
            String meaning, @Nullable String min, @Nullable String max, Set<Component> readBy) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultText = defaultValue != null ? "`" + defaultValue + "`" : Objects.requireNonNull(absentDefault);
        this.meaning = meaning;
        this.min = min;
        this.max = max;
        this.readBy = Collections.unmodifiableSet(EnumSet.copyOf(readBy));
    }

    /** The name in kebab-case, without the {@code wacht.} prefix, such as {@code request-timeout}. */
    public String settingName() {
        return name;
    }

    /** The full name, such as {@code wacht.request-timeout}. */
    public String property() {
        return "wacht." + name;
    }

    /** The environment variable, such as {@code WACHT_REQUEST_TIMEOUT}. */
    public String environmentVariable() {
        return "WACHT_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The kind of value it takes. */
    public Type type() {
        return type;
    }

    /** The default value as it would be written in a setting, or empty when the setting has none. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * The default as the documentation states it: the default value in backticks (Markdown), or what
     * the absence of a value means, such as {@code none} or {@code discovered}.
     */
    public String documentedDefault() {
        return defaultText;
    }

    /** What the setting means, in one line. */
    public String meaning() {
        return meaning;
    }

    /** The components that read the setting. */
    public Set<Component> readBy() {
        return readBy;
    }

    /**
     * The least value, as a setting would give it, of a whole-number or duration setting; empty for other
     * types and for timeouts, which must be positive.
     */
    public Optional<String> minimum() {
        return Optional.ofNullable(min);
    }

    /** The largest value, as a setting would give it, of a whole-number or duration setting; empty for others. */
    public Optional<String> maximum() {
        return type == Type.TIMEOUT ? Optional.of(MAX_TIMEOUT) : Optional.ofNullable(max);
    }

    /** Whether {@code component} reads this setting; every component reads core's. */
    public boolean isReadBy(Component component) {
        return readBy.contains(Component.CORE) || readBy.contains(component);
    }

    /** The setting of this name (without the {@code wacht.} prefix). */
    public static Optional<WachtSetting> named(String name) {
        for (WachtSetting s : values()) {
            if (s.name.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The names (without prefix) of every setting {@code component} reads, in table order. */
    public static Set<String> namesReadBy(Component component) {
        Set<String> names = new LinkedHashSet<>();
        for (WachtSetting s : values()) {
            if (s.isReadBy(component)) {
                names.add(s.name);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** The names (without prefix) of every setting of the library, whichever component reads it. */
    public static Set<String> allNames() {
        Set<String> names = new LinkedHashSet<>();
        for (WachtSetting s : values()) {
            names.add(s.name);
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * A duration value ({@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}, ISO-8601 {@code PT5S}, or a bare
     * number of milliseconds).
     *
     * @throws IllegalArgumentException naming this setting when the value is not a duration
     */
    public Duration duration(String value) {
        return WachtConfig.parseDuration(name, value);
    }

    /**
     * A whole-number value.
     *
     * @throws IllegalArgumentException naming this setting when the value is not a whole number
     */
    public int integer(String value) {
        return WachtConfig.parseInt(name, value);
    }

    /**
     * A {@code true} or {@code false} value.
     *
     * @throws IllegalArgumentException naming this setting when the value is neither
     */
    public boolean bool(String value) {
        return WachtConfig.parseBoolean(name, value);
    }

    /**
     * A URI value.
     *
     * @throws IllegalArgumentException naming this setting when the value is not a URI
     */
    public URI uri(String value) {
        return WachtConfig.parseUri(name, value);
    }

    /** A comma-separated value as its non-blank items, trimmed. */
    public List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            if (!part.isBlank()) {
                items.add(part.trim());
            }
        }
        return items;
    }

    /** An error about this setting's value: {@code wacht.<name>: <problem>}. */
    public IllegalArgumentException invalid(String problem) {
        return WachtConfig.invalid(name, problem);
    }

    String defaultString() {
        return Objects.requireNonNull(defaultValue, name);
    }

    Duration defaultDuration() {
        return duration(defaultString());
    }

    int defaultInt() {
        return integer(defaultString());
    }

    boolean defaultBool() {
        return bool(defaultString());
    }

    URI defaultUri() {
        return URI.create(defaultString());
    }

    /** The least duration this setting takes. */
    Duration minDuration() {
        return duration(minimum().orElseThrow());
    }

    /** Checks a whole number against this setting's bounds. */
    int check(int value) {
        int least = integer(minimum().orElseThrow());
        int most = integer(maximum().orElseThrow());
        if (value < least || value > most) {
            throw invalid("must be between " + least + " and " + most + ", got " + value);
        }
        return value;
    }

    /** Checks a duration against this setting's bounds (a timeout: positive and at most 2 minutes). */
    Duration check(Duration d) {
        Objects.requireNonNull(d, name);
        Duration most = duration(maximum().orElseThrow());
        if (type == Type.TIMEOUT) {
            if (d.isNegative() || d.isZero() || d.compareTo(most) > 0) {
                throw invalid("must be positive and at most " + most.toSeconds() + "s, got " + d);
            }
            return d;
        }
        return checkBetween(d, duration(minimum().orElseThrow()), most);
    }

    /** Checks a duration against given bounds. */
    Duration checkBetween(Duration d, Duration least, Duration most) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(least) < 0 || d.compareTo(most) > 0) {
            throw invalid("must be between " + least.toMillis() + "ms and " + most.toMillis() + "ms, got " + d);
        }
        return d;
    }
}
