package dev.wacht.core;

import dev.wacht.core.audit.AuditListener;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Immutable configuration of the Wacht verifier. Build it with {@link #builder()}, or read it from
 * system properties ({@code wacht.gateway-url}) and environment variables ({@code WACHT_GATEWAY_URL})
 * with {@link #fromEnvironment()}. Every value is checked when the configuration is built, and an
 * invalid one fails with a message that names the setting.
 */
public final class WachtConfig {
    /** Wacht's public gateway. */
    public static final URI DEFAULT_GATEWAY_URL = URI.create("https://gateway.wacht.dev");
    /** Wacht's backend API, which serves the management routes. */
    public static final URI DEFAULT_MANAGEMENT_URL = URI.create("https://api.wacht.dev");

    static final String GATEWAY_URL = "gateway-url";
    static final String API_KEY = "api-key";
    static final String CONNECT_TIMEOUT = "connect-timeout";
    static final String REQUEST_TIMEOUT = "request-timeout";
    static final String ACCEPT = "accept";
    static final String MAX_TOKEN_LENGTH = "max-token-length";
    static final String MAX_RESPONSE_SIZE = "max-response-size";
    static final String REALM = "realm";
    static final String RESOURCE_URI = "resource-uri";
    static final String ALLOW_INSECURE_HTTP = "allow-insecure-http";
    static final String UNAVAILABLE_RETRY_AFTER = "unavailable-retry-after";
    static final String MANAGEMENT_URL = "management-url";
    static final String AUDIT_LISTENERS = "audit-listeners";

    private static final Set<String> SETTING_NAMES = Collections.unmodifiableSet(new LinkedHashSet<>(Set.of(
            GATEWAY_URL, API_KEY, CONNECT_TIMEOUT, REQUEST_TIMEOUT, ACCEPT, MAX_TOKEN_LENGTH, MAX_RESPONSE_SIZE,
            REALM, RESOURCE_URI, ALLOW_INSECURE_HTTP, UNAVAILABLE_RETRY_AFTER, MANAGEMENT_URL, AUDIT_LISTENERS)));
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

    private final URI gatewayUrl;
    private final String apiKey;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Set<CredentialKind> accepted;
    private final int maxTokenLength;
    private final int maxResponseSize;
    private final String realm;
    private final URI resourceUri;
    private final boolean allowInsecureHttp;
    private final Duration unavailableRetryAfter;
    private final URI managementUrl;
    private final List<AuditListener> givenAuditListeners;
    private final List<String> auditListenerClasses;
    private final List<AuditListener> auditListeners;

    private WachtConfig(Builder b) {
        this.allowInsecureHttp = b.allowInsecureHttp;
        this.gatewayUrl = checkEndpoint(GATEWAY_URL, b.gatewayUrl, b.allowInsecureHttp);
        this.apiKey = b.apiKey;
        this.connectTimeout = checkTimeout(CONNECT_TIMEOUT, b.connectTimeout);
        this.requestTimeout = checkTimeout(REQUEST_TIMEOUT, b.requestTimeout);
        if (b.accepted.isEmpty()) {
            throw invalid(ACCEPT, "at least one credential kind must be accepted");
        }
        this.accepted = Collections.unmodifiableSet(EnumSet.copyOf(b.accepted));
        this.maxTokenLength = checkRange(MAX_TOKEN_LENGTH, b.maxTokenLength, 16, 1 << 20);
        this.maxResponseSize = checkRange(MAX_RESPONSE_SIZE, b.maxResponseSize, 1024, 16 << 20);
        this.realm = checkRealm(b.realm);
        this.resourceUri = b.resourceUri;
        this.unavailableRetryAfter = checkTimeout(UNAVAILABLE_RETRY_AFTER, b.unavailableRetryAfter);
        this.managementUrl = checkEndpoint(MANAGEMENT_URL, b.managementUrl, b.allowInsecureHttp);
        this.givenAuditListeners = List.copyOf(b.auditListeners);
        this.auditListenerClasses = List.copyOf(b.auditListenerClasses);
        this.auditListeners = AuditListeners.resolve(givenAuditListeners, auditListenerClasses);
    }

    /** A builder with every default in place. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the configuration from system properties ({@code wacht.<name>}) and, where a property is
     * not set, environment variables ({@code WACHT_<NAME>}).
     */
    public static WachtConfig fromEnvironment() {
        return builder().apply(environmentSettings()).build();
    }

    /**
     * A settings source over system properties and then environment variables: for the name
     * {@code request-timeout} it reads {@code wacht.request-timeout}, then {@code WACHT_REQUEST_TIMEOUT}.
     */
    public static Function<String, String> environmentSettings() {
        return name -> {
            String value = System.getProperty("wacht." + name);
            if (value == null || value.isBlank()) {
                value = System.getenv("WACHT_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            return value;
        };
    }

    /** The names of the settings this class reads (kebab-case, without the {@code wacht.} prefix). */
    public static Set<String> settingNames() {
        return SETTING_NAMES;
    }

    /** The gateway base URL, without a trailing slash. */
    public URI gatewayUrl() {
        return gatewayUrl;
    }

    /** The backend API key, sent to the gateway as a bearer credential when set. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** How long to wait for a connection to the gateway. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for the gateway's whole answer. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The credential kinds accepted. */
    public Set<CredentialKind> accepted() {
        return accepted;
    }

    /** The longest bearer credential accepted, in characters. */
    public int maxTokenLength() {
        return maxTokenLength;
    }

    /** The largest gateway answer read, in bytes. */
    public int maxResponseSize() {
        return maxResponseSize;
    }

    /** The {@code realm} of {@code WWW-Authenticate} challenges. */
    public String realm() {
        return realm;
    }

    /**
     * This resource server's own URI (RFC 8707/9728). When set, OAuth tokens must have been issued
     * for exactly this resource.
     */
    public Optional<URI> resourceUri() {
        return Optional.ofNullable(resourceUri);
    }

    /** Whether plain {@code http} endpoints are allowed beyond loopback. */
    public boolean allowInsecureHttp() {
        return allowInsecureHttp;
    }

    /** The {@code Retry-After} sent with 503 answers. */
    public Duration unavailableRetryAfter() {
        return unavailableRetryAfter;
    }

    /** The management API base URL (backend API), without a trailing slash. */
    public URI managementUrl() {
        return managementUrl;
    }

    /**
     * Every audit listener, in delivery order: the {@link dev.wacht.core.audit.LoggingAuditListener},
     * those given to the builder, those named by {@code audit-listeners} (instantiated when the
     * configuration was built), and those found through {@link java.util.ServiceLoader}.
     */
    public List<AuditListener> auditListeners() {
        return auditListeners;
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.gatewayUrl = gatewayUrl;
        b.apiKey = apiKey;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.accepted = EnumSet.copyOf(accepted);
        b.maxTokenLength = maxTokenLength;
        b.maxResponseSize = maxResponseSize;
        b.realm = realm;
        b.resourceUri = resourceUri;
        b.allowInsecureHttp = allowInsecureHttp;
        b.unavailableRetryAfter = unavailableRetryAfter;
        b.managementUrl = managementUrl;
        b.auditListeners = new ArrayList<>(givenAuditListeners);
        b.auditListenerClasses = new ArrayList<>(auditListenerClasses);
        return b;
    }

    @Override
    public String toString() {
        return "WachtConfig[gatewayUrl=" + gatewayUrl + ", apiKey=" + (apiKey == null ? "none" : "set")
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", accepted="
                + accepted + ", realm=" + realm + ", resourceUri=" + resourceUri + ", managementUrl=" + managementUrl
                + ", auditListeners=" + auditListeners.size() + "]";
    }

    static IllegalArgumentException invalid(String setting, String problem) {
        return new IllegalArgumentException("wacht." + setting + ": " + problem);
    }

    /**
     * Checks an endpoint URL: absolute http(s), no query or fragment, https unless the host is
     * loopback or insecure http is explicitly allowed. Returns it without trailing slashes.
     */
    static URI checkEndpoint(String setting, URI url, boolean allowInsecureHttp) {
        Objects.requireNonNull(url, setting);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw invalid(setting, "expected an absolute http(s) URL with a host, got '" + url + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw invalid(setting, "the URL must not carry user info, a query or a fragment");
        }
        if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(url.getHost())) {
            throw invalid(setting, "plain http is only allowed for loopback hosts; use https, or set wacht."
                    + ALLOW_INSECURE_HTTP + "=true for a trusted network");
        }
        String s = url.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static Duration checkTimeout(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
            throw invalid(setting, "must be positive and at most " + MAX_TIMEOUT.toSeconds() + "s, got " + d);
        }
        return d;
    }

    private static int checkRange(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(setting, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static String checkRealm(String realm) {
        Objects.requireNonNull(realm, REALM);
        if (realm.isEmpty() || realm.length() > 128) {
            throw invalid(REALM, "must have 1 to 128 characters");
        }
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                throw invalid(REALM, "must be printable ASCII without quotes or backslashes");
            }
        }
        return realm;
    }

    static Duration parseDuration(String setting, String value) {
        String v = value.trim();
        Matcher m = SIMPLE_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            return unit.equals("ms") ? Duration.ofMillis(n) : unit.equals("s") ? Duration.ofSeconds(n)
                    : Duration.ofMinutes(n);
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw invalid(setting, "expected a duration such as 500ms, 5s, 1m or PT5S, got '" + v + "'");
        }
    }

    static int parseInt(String setting, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(setting, "expected a whole number, got '" + value.trim() + "'");
        }
    }

    static boolean parseBoolean(String setting, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw invalid(setting, "expected true or false, got '" + value.trim() + "'");
    }

    static URI parseUri(String setting, String value) {
        try {
            return new URI(value.trim());
        } catch (URISyntaxException e) {
            throw invalid(setting, "not a valid URI: " + e.getReason());
        }
    }

    /** Collects configuration values; not thread-safe. {@link #build()} checks them all. */
    public static final class Builder {
        private URI gatewayUrl = DEFAULT_GATEWAY_URL;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Set<CredentialKind> accepted = EnumSet.of(CredentialKind.OAUTH_ACCESS_TOKEN);
        private int maxTokenLength = 4096;
        private int maxResponseSize = 256 * 1024;
        private String realm = "wacht";
        private URI resourceUri;
        private boolean allowInsecureHttp;
        private Duration unavailableRetryAfter = Duration.ofSeconds(5);
        private URI managementUrl = DEFAULT_MANAGEMENT_URL;
        private List<AuditListener> auditListeners = new ArrayList<>();
        private List<String> auditListenerClasses = new ArrayList<>();

        private Builder() {
        }

        /**
         * Applies named settings: {@code settings.apply("request-timeout")} and so on for every
         * name in {@link #settingNames()}; a null or blank value leaves the current value.
         *
         * @throws IllegalArgumentException naming the setting whose value is invalid
         */
        public Builder apply(Function<String, String> settings) {
            Objects.requireNonNull(settings, "settings");
            for (String name : SETTING_NAMES) {
                String value = settings.apply(name);
                if (value != null && !value.isBlank()) {
                    set(name, value);
                }
            }
            return this;
        }

        private void set(String name, String value) {
            switch (name) {
                case GATEWAY_URL:
                    gatewayUrl(parseUri(name, value));
                    break;
                case API_KEY:
                    apiKey(value.trim());
                    break;
                case CONNECT_TIMEOUT:
                    connectTimeout(parseDuration(name, value));
                    break;
                case REQUEST_TIMEOUT:
                    requestTimeout(parseDuration(name, value));
                    break;
                case ACCEPT:
                    Set<CredentialKind> kinds = EnumSet.noneOf(CredentialKind.class);
                    for (String part : value.split(",")) {
                        if (!part.isBlank()) {
                            try {
                                kinds.add(CredentialKind.parse(part));
                            } catch (IllegalArgumentException e) {
                                throw invalid(name, e.getMessage());
                            }
                        }
                    }
                    accept(kinds);
                    break;
                case MAX_TOKEN_LENGTH:
                    maxTokenLength(parseInt(name, value));
                    break;
                case MAX_RESPONSE_SIZE:
                    maxResponseSize(parseInt(name, value));
                    break;
                case REALM:
                    realm(value.trim());
                    break;
                case RESOURCE_URI:
                    resourceUri(parseUri(name, value));
                    break;
                case ALLOW_INSECURE_HTTP:
                    allowInsecureHttp(parseBoolean(name, value));
                    break;
                case UNAVAILABLE_RETRY_AFTER:
                    unavailableRetryAfter(parseDuration(name, value));
                    break;
                case MANAGEMENT_URL:
                    managementUrl(parseUri(name, value));
                    break;
                case AUDIT_LISTENERS:
                    List<String> names = new ArrayList<>();
                    for (String part : value.split(",")) {
                        if (!part.isBlank()) {
                            names.add(part.trim());
                        }
                    }
                    auditListenerClasses(names);
                    break;
                default:
                    throw new AssertionError(name);
            }
        }

        /** The gateway base URL (default {@code https://gateway.wacht.dev}). */
        public Builder gatewayUrl(URI url) {
            this.gatewayUrl = Objects.requireNonNull(url, "gatewayUrl");
            return this;
        }

        /** The gateway base URL as a string. */
        public Builder gatewayUrl(String url) {
            return gatewayUrl(parseUri(GATEWAY_URL, url));
        }

        /** The backend API key (optional for the gateway, needed for the management API). */
        public Builder apiKey(String apiKey) {
            if (apiKey != null && apiKey.isBlank()) {
                throw invalid(API_KEY, "must not be blank");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** Connect timeout (default 2 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** Timeout for the gateway's whole answer (default 5 s). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        /** The credential kinds to accept (default OAuth access tokens only). */
        public Builder accept(Set<CredentialKind> kinds) {
            this.accepted = EnumSet.noneOf(CredentialKind.class);
            this.accepted.addAll(Objects.requireNonNull(kinds, "accept"));
            return this;
        }

        /** The credential kinds to accept. */
        public Builder accept(CredentialKind first, CredentialKind... more) {
            return accept(EnumSet.of(first, more));
        }

        /** The longest credential accepted, in characters (default 4096). */
        public Builder maxTokenLength(int n) {
            this.maxTokenLength = n;
            return this;
        }

        /** The largest gateway answer read, in bytes (default 256 KiB). */
        public Builder maxResponseSize(int n) {
            this.maxResponseSize = n;
            return this;
        }

        /** The challenge realm (default {@code wacht}). */
        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        /** This resource server's own URI; turns on RFC 8707 resource binding. */
        public Builder resourceUri(URI uri) {
            if (uri != null && (!uri.isAbsolute() || uri.getRawFragment() != null)) {
                throw invalid(RESOURCE_URI, "must be an absolute URI without a fragment");
            }
            this.resourceUri = uri;
            return this;
        }

        /** Allows plain {@code http} endpoints on non-loopback hosts (default false). */
        public Builder allowInsecureHttp(boolean allow) {
            this.allowInsecureHttp = allow;
            return this;
        }

        /** The {@code Retry-After} of 503 answers (default 5 s). */
        public Builder unavailableRetryAfter(Duration d) {
            this.unavailableRetryAfter = d;
            return this;
        }

        /** The management API base URL (default {@code https://api.wacht.dev}). */
        public Builder managementUrl(URI url) {
            this.managementUrl = Objects.requireNonNull(url, "managementUrl");
            return this;
        }

        /** The management API base URL as a string. */
        public Builder managementUrl(String url) {
            return managementUrl(parseUri(MANAGEMENT_URL, url));
        }

        /** Adds an audit listener instance (after the log listener, before named and discovered ones). */
        public Builder auditListener(AuditListener listener) {
            this.auditListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The classes of audit listeners to instantiate, each with a public no-argument constructor
         * (setting {@code audit-listeners}, comma-separated); replaces earlier names.
         */
        public Builder auditListenerClasses(List<String> classNames) {
            this.auditListenerClasses = new ArrayList<>(classNames);
            return this;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public WachtConfig build() {
            return new WachtConfig(this);
        }
    }
}
