package dev.wacht.core;

import dev.wacht.core.audit.AuditListener;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of the Wacht verifier. Build it with {@link #builder()}, or read it from
 * system properties ({@code wacht.gateway-url}) and environment variables ({@code WACHT_GATEWAY_URL})
 * with {@link #fromEnvironment()}. Every value is checked when the configuration is built, and an
 * invalid one fails with a message that names the setting; names, defaults and bounds come from
 * {@link WachtSetting}. The configuration holds values only: building or copying it creates no audit
 * listener and no HTTP client ({@link WachtAuthenticator#create(WachtConfig)} does).
 */
public final class WachtConfig {
    /** Wacht's public gateway. */
    public static final URI DEFAULT_GATEWAY_URL = WachtSetting.GATEWAY_URL.defaultUri();
    /** Wacht's backend API, which serves the management routes. */
    public static final URI DEFAULT_MANAGEMENT_URL = WachtSetting.MANAGEMENT_URL.defaultUri();
    /** The {@link #name()} of a configuration nobody named. */
    public static final String DEFAULT_NAME = "wacht";

    static final String GATEWAY_URL = WachtSetting.GATEWAY_URL.settingName();
    static final String API_KEY = WachtSetting.API_KEY.settingName();
    static final String CONNECT_TIMEOUT = WachtSetting.CONNECT_TIMEOUT.settingName();
    static final String REQUEST_TIMEOUT = WachtSetting.REQUEST_TIMEOUT.settingName();
    static final String ACCEPT = WachtSetting.ACCEPT.settingName();
    static final String MAX_TOKEN_LENGTH = WachtSetting.MAX_TOKEN_LENGTH.settingName();
    static final String MAX_RESPONSE_SIZE = WachtSetting.MAX_RESPONSE_SIZE.settingName();
    static final String REALM = WachtSetting.REALM.settingName();
    static final String RESOURCE_URI = WachtSetting.RESOURCE_URI.settingName();
    static final String ALLOW_INSECURE_HTTP = WachtSetting.ALLOW_INSECURE_HTTP.settingName();
    static final String UNAVAILABLE_RETRY_AFTER = WachtSetting.UNAVAILABLE_RETRY_AFTER.settingName();
    static final String OAUTH_ISSUER = WachtSetting.OAUTH_ISSUER.settingName();
    static final String JWKS_URL = WachtSetting.JWKS_URL.settingName();
    static final String JWKS_CACHE_TTL = WachtSetting.JWKS_CACHE_TTL.settingName();
    static final String JWKS_REFETCH_INTERVAL = WachtSetting.JWKS_REFETCH_INTERVAL.settingName();
    static final String CLOCK_SKEW = WachtSetting.CLOCK_SKEW.settingName();
    static final String EXPECTED_AUDIENCE = WachtSetting.EXPECTED_AUDIENCE.settingName();
    static final String ACCEPT_UNBOUND_JWT = WachtSetting.ACCEPT_UNBOUND_JWT.settingName();
    static final String CIRCUIT_BREAKER_THRESHOLD = WachtSetting.CIRCUIT_BREAKER_THRESHOLD.settingName();
    static final String CIRCUIT_BREAKER_OPEN_FOR = WachtSetting.CIRCUIT_BREAKER_OPEN_FOR.settingName();
    static final String CACHE_MAX_TTL = WachtSetting.CACHE_MAX_TTL.settingName();
    static final String CACHE_NEGATIVE_TTL = WachtSetting.CACHE_NEGATIVE_TTL.settingName();
    static final String CACHE_MAX_ENTRIES = WachtSetting.CACHE_MAX_ENTRIES.settingName();
    static final String MANAGEMENT_URL = WachtSetting.MANAGEMENT_URL.settingName();
    static final String AUDIT_LISTENERS = WachtSetting.AUDIT_LISTENERS.settingName();
    static final String PROXY = WachtSetting.PROXY.settingName();
    static final String TRUST_STORE = WachtSetting.TRUST_STORE.settingName();
    static final String TRUST_STORE_PASSWORD = WachtSetting.TRUST_STORE_PASSWORD.settingName();
    static final String TRUST_STORE_TYPE = WachtSetting.TRUST_STORE_TYPE.settingName();

    private static final Set<String> SETTING_NAMES = WachtSetting.namesReadBy(WachtSetting.Component.CORE);
    private static final Pattern CREDENTIAL_SHAPED = Pattern.compile(
            "(?:wk|oat|oc_secret)_[A-Za-z0-9_-]{8}|eyJ[A-Za-z0-9_-]{8}|[A-Za-z0-9_+=~-]{32}");
    private static final int MAX_AUDIENCE_LENGTH = 512;
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

    private final URI gatewayUrl;
    private final @Nullable String apiKey;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Set<CredentialKind> accepted;
    private final int maxTokenLength;
    private final int maxResponseSize;
    private final String realm;
    private final @Nullable URI resourceUri;
    private final boolean allowInsecureHttp;
    private final Duration unavailableRetryAfter;
    private final @Nullable URI oauthIssuer;
    private final @Nullable URI jwksUrl;
    private final Duration jwksCacheTtl;
    private final Duration jwksRefetchInterval;
    private final Duration clockSkew;
    private final @Nullable String expectedAudience;
    private final boolean acceptUnboundJwt;
    private final int circuitBreakerThreshold;
    private final Duration circuitBreakerOpenFor;
    private final Duration cacheMaxTtl;
    private final Duration cacheNegativeTtl;
    private final int cacheMaxEntries;
    private final URI managementUrl;
    private final List<AuditListener> givenAuditListeners;
    private final List<String> auditListenerClasses;
    private final String name;
    private final OutboundNetwork network;

    private WachtConfig(Builder b) {
        this.name = b.name;
        this.network = new OutboundNetwork(b.proxy, b.trustStore, b.trustStorePassword, b.trustStoreType);
        this.allowInsecureHttp = b.allowInsecureHttp;
        this.gatewayUrl = checkEndpoint(GATEWAY_URL, b.gatewayUrl, b.allowInsecureHttp);
        this.apiKey = b.apiKey;
        this.connectTimeout = WachtSetting.CONNECT_TIMEOUT.check(b.connectTimeout);
        this.requestTimeout = WachtSetting.REQUEST_TIMEOUT.check(b.requestTimeout);
        if (b.accepted.isEmpty()) {
            throw invalid(ACCEPT, "at least one credential kind must be accepted");
        }
        this.accepted = Collections.unmodifiableSet(EnumSet.copyOf(b.accepted));
        this.maxTokenLength = WachtSetting.MAX_TOKEN_LENGTH.check(b.maxTokenLength);
        this.maxResponseSize = WachtSetting.MAX_RESPONSE_SIZE.check(b.maxResponseSize);
        this.realm = checkRealm(b.realm);
        this.resourceUri = b.resourceUri;
        this.unavailableRetryAfter = WachtSetting.UNAVAILABLE_RETRY_AFTER.check(b.unavailableRetryAfter);
        this.oauthIssuer = b.oauthIssuer == null ? null : checkIssuer(b.oauthIssuer, b.allowInsecureHttp);
        if (b.jwksUrl != null && oauthIssuer == null) {
            throw invalid(JWKS_URL, "needs wacht." + OAUTH_ISSUER + " to be set");
        }
        this.jwksUrl = b.jwksUrl == null ? null : checkEndpoint(JWKS_URL, b.jwksUrl, b.allowInsecureHttp);
        this.jwksCacheTtl = WachtSetting.JWKS_CACHE_TTL.check(b.jwksCacheTtl);
        this.jwksRefetchInterval = WachtSetting.JWKS_REFETCH_INTERVAL.checkBetween(b.jwksRefetchInterval,
                WachtSetting.JWKS_REFETCH_INTERVAL.minDuration(), jwksCacheTtl); // at most the keys' TTL
        this.clockSkew = WachtSetting.CLOCK_SKEW.check(b.clockSkew);
        if (b.expectedAudience != null && (b.expectedAudience.isBlank()
                || b.expectedAudience.length() > MAX_AUDIENCE_LENGTH)) {
            throw invalid(EXPECTED_AUDIENCE, "must have 1 to " + MAX_AUDIENCE_LENGTH + " non-blank characters");
        }
        this.expectedAudience = b.expectedAudience;
        this.acceptUnboundJwt = b.acceptUnboundJwt;
        this.circuitBreakerThreshold = WachtSetting.CIRCUIT_BREAKER_THRESHOLD.check(b.circuitBreakerThreshold);
        this.circuitBreakerOpenFor = WachtSetting.CIRCUIT_BREAKER_OPEN_FOR.check(b.circuitBreakerOpenFor);
        this.cacheMaxTtl = WachtSetting.CACHE_MAX_TTL.check(b.cacheMaxTtl);
        this.cacheNegativeTtl = WachtSetting.CACHE_NEGATIVE_TTL.check(b.cacheNegativeTtl);
        this.cacheMaxEntries = WachtSetting.CACHE_MAX_ENTRIES.check(b.cacheMaxEntries);
        this.managementUrl = checkEndpoint(MANAGEMENT_URL, b.managementUrl, b.allowInsecureHttp);
        this.givenAuditListeners = List.copyOf(b.auditListeners);
        this.auditListenerClasses = AuditListeners.check(b.auditListenerClasses);
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

    /**
     * The message for an unknown {@code wacht.*} name: it suggests the nearest known name when one is
     * close (a typo, a missing or extra letter), else lists them all.
     *
     * @param source where the name was found, such as {@code init-param}
     * @param name the full name as given, such as {@code wacht.required-permission}
     * @param known the known names without the {@code wacht.} prefix
     */
    public static String unknownSetting(String source, String name, Collection<String> known) {
        String bare = name.startsWith("wacht.") ? name.substring("wacht.".length()) : name;
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            String lower = bare.toLowerCase(Locale.ROOT);
            // A name cut short or run on (wacht.gateway for wacht.gateway-url) counts as one edit.
            int d = candidate.startsWith(lower) || lower.startsWith(candidate) ? 1 : editDistance(lower, candidate);
            if (d < best) {
                best = d;
                nearest = candidate;
            }
        }
        String head = "unknown " + source + " '" + name + "'";
        if (nearest != null && best <= Math.max(2, bare.length() / 4)) {
            return head + ": did you mean wacht." + nearest + "?";
        }
        return head + " (known: wacht." + String.join(", wacht.", new TreeSet<>(known)) + ")";
    }

    /** Levenshtein distance, bounded by the short names involved. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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
     * This resource server's own URI (RFC 8707/9728). When set, OAuth access tokens must have been
     * issued for exactly this resource: an opaque token's {@code oauth_resource} must equal it, and a
     * JWT access token must carry it as its {@code resource} claim or as an {@code aud} value. Wacht's
     * JWTs carry neither (their {@code aud} is the granted URN or the client id), so they are refused
     * unless {@link #acceptUnboundJwt()} is set. API keys are not bound to a resource.
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

    /**
     * The OAuth app's issuer ({@code https://<fqdn>}). When set, JWT access tokens are verified
     * locally against its signing keys; when not, they are refused.
     */
    public Optional<URI> oauthIssuer() {
        return Optional.ofNullable(oauthIssuer);
    }

    /**
     * An explicit JWKS URL. When empty, the verifier reads {@code jwks_uri} from the issuer's
     * {@code /.well-known/openid-configuration}, and falls back to {@code <issuer>/.well-known/jwks.json}.
     */
    public Optional<URI> jwksUrl() {
        return Optional.ofNullable(jwksUrl);
    }

    /** How long fetched signing keys are trusted before the JWKS is fetched again (at most 1 h). */
    public Duration jwksCacheTtl() {
        return jwksCacheTtl;
    }

    /** The least time between two JWKS fetches, whatever triggers them (an unknown {@code kid}, expiry). */
    public Duration jwksRefetchInterval() {
        return jwksRefetchInterval;
    }

    /** The tolerance applied to {@code exp}, {@code iat} and {@code nbf} of JWT access tokens. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** When set, a JWT access token's {@code aud} must contain exactly this value. */
    public Optional<String> expectedAudience() {
        return Optional.ofNullable(expectedAudience);
    }

    /**
     * Whether, with {@link #resourceUri()} set, JWT access tokens that name no resource are accepted
     * anyway (default false: refused). Setting it accepts that a JWT issued for another resource
     * server of the same OAuth app works here; narrow it with {@link #expectedAudience()}.
     */
    public boolean acceptUnboundJwt() {
        return acceptUnboundJwt;
    }

    /** Consecutive gateway failures that open the circuit breaker; 0 means no breaker. */
    public int circuitBreakerThreshold() {
        return circuitBreakerThreshold;
    }

    /** How long an open circuit breaker answers 503 at once before it probes the gateway again. */
    public Duration circuitBreakerOpenFor() {
        return circuitBreakerOpenFor;
    }

    /**
     * The longest time a verification answer is reused from the cache; {@link Duration#ZERO} (the
     * default) turns the cache off. An allowed answer is also never reused past the credential's expiry.
     */
    public Duration cacheMaxTtl() {
        return cacheMaxTtl;
    }

    /** Whether verification answers are cached ({@link #cacheMaxTtl()} is positive). */
    public boolean cacheEnabled() {
        return !cacheMaxTtl.isZero();
    }

    /** How long a rejected credential ({@code invalid_token}) stays rejected in the cache; zero: not cached. */
    public Duration cacheNegativeTtl() {
        return cacheNegativeTtl;
    }

    /** The most answers the cache holds; the least recently and frequently used go first. */
    public int cacheMaxEntries() {
        return cacheMaxEntries;
    }

    /** The management API base URL (backend API), without a trailing slash. */
    public URI managementUrl() {
        return managementUrl;
    }

    /** The audit listener instances given to the builder, kept as given. */
    public List<AuditListener> givenAuditListeners() {
        return givenAuditListeners;
    }

    /**
     * The classes of the audit listeners named by {@code audit-listeners}, as configured. Building the
     * configuration checks that each can be loaded, implements {@link AuditListener} and has a public
     * no-argument constructor; none is instantiated until {@link #createAuditListeners()}.
     */
    public List<String> auditListenerClasses() {
        return auditListenerClasses;
    }

    /**
     * Creates the audit listeners of this configuration, new ones at each call, in delivery order: a
     * {@link dev.wacht.core.audit.LoggingAuditListener}, those given to the builder (the same instances),
     * one instance of each class named by {@code audit-listeners}, and those found through
     * {@link java.util.ServiceLoader}. {@link WachtAuthenticator#create(WachtConfig)} calls it once; the
     * listeners it uses are {@link WachtAuthenticator#auditListeners()}.
     *
     * @throws IllegalArgumentException naming {@code wacht.audit-listeners} when a listener cannot be created
     */
    public List<AuditListener> createAuditListeners() {
        return AuditListeners.resolve(givenAuditListeners, auditListenerClasses);
    }

    /** Who uses this configuration, as log lines name it, such as {@code filter 'wacht' of /shop}. */
    public String name() {
        return name;
    }

    /**
     * The outbound HTTP proxy for the gateway, issuer/JWKS and management URLs, as configured
     * ({@code http://host:port}, or {@code none}); empty: the JDK's default proxy selector decides.
     */
    public Optional<URI> proxy() {
        return network.proxy();
    }

    /** The trust store that replaces the JDK's default trust anchors for outbound TLS, when configured. */
    public Optional<Path> trustStore() {
        return network.trustStore();
    }

    /**
     * A new JDK HTTP client builder that goes out the way the library does: through the configured
     * {@link #proxy()} and with the configured {@link #trustStore()} as trust anchors (the JDK's
     * defaults where none is set), for other calls to Wacht made next to the library's own, such as
     * those of the management client.
     */
    public HttpClient.Builder httpClientBuilder() {
        return network.apply(HttpClient.newBuilder());
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.proxy = network.proxy().orElse(null);
        b.trustStore = network.trustStore().orElse(null);
        b.trustStorePassword = network.trustStorePassword();
        b.trustStoreType = network.trustStoreType();
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
        b.oauthIssuer = oauthIssuer;
        b.jwksUrl = jwksUrl;
        b.jwksCacheTtl = jwksCacheTtl;
        b.jwksRefetchInterval = jwksRefetchInterval;
        b.clockSkew = clockSkew;
        b.expectedAudience = expectedAudience;
        b.acceptUnboundJwt = acceptUnboundJwt;
        b.circuitBreakerThreshold = circuitBreakerThreshold;
        b.circuitBreakerOpenFor = circuitBreakerOpenFor;
        b.cacheMaxTtl = cacheMaxTtl;
        b.cacheNegativeTtl = cacheNegativeTtl;
        b.cacheMaxEntries = cacheMaxEntries;
        b.managementUrl = managementUrl;
        b.auditListeners = new ArrayList<>(givenAuditListeners);
        b.auditListenerClasses = new ArrayList<>(auditListenerClasses);
        return b;
    }

    @Override
    public String toString() {
        return "WachtConfig[gatewayUrl=" + gatewayUrl + ", apiKey=" + (apiKey == null ? "none" : "set")
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", accepted="
                + accepted + ", realm=" + realm + ", resourceUri=" + resourceUri + ", oauthIssuer=" + oauthIssuer
                + ", cache=" + (cacheEnabled() ? cacheMaxTtl + "/" + cacheNegativeTtl + "/" + cacheMaxEntries : "off")
                + ", managementUrl=" + managementUrl + ", auditListeners="
                + (givenAuditListeners.size() + auditListenerClasses.size()) + network + "]";
    }

    static IllegalArgumentException invalid(String setting, String problem) {
        return new IllegalArgumentException("wacht." + setting + ": " + problem);
    }

    /**
     * A rejected value as an error message may quote it: quoted, unless it holds something shaped
     * like a credential (a Wacht key, token or client secret, a JWT, a long random run), which an
     * operator may have pasted into the wrong setting and which must not reach a log.
     */
    static String quoted(Object value) {
        String v = String.valueOf(value);
        return CREDENTIAL_SHAPED.matcher(v).find() ? "a value of " + v.length() + " characters (not shown: it "
                + "looks like a credential)" : "'" + v + "'";
    }

    /**
     * Checks an endpoint URL: absolute http(s), no query or fragment, https unless the host is
     * loopback or insecure http is explicitly allowed. Returns it without trailing slashes.
     */
    static URI checkEndpoint(String setting, URI url, boolean allowInsecureHttp) {
        Objects.requireNonNull(url, setting);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw invalid(setting, "expected an absolute http(s) URL with a host, got " + quoted(url));
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

    /** The issuer is an origin: Wacht's is always {@code "https://" + fqdn} (docs/wacht-wire.md, "OAuth issuer"). */
    private static URI checkIssuer(URI issuer, boolean allowInsecureHttp) {
        URI checked = checkEndpoint(OAUTH_ISSUER, issuer, allowInsecureHttp);
        if (checked.getRawPath() != null && !checked.getRawPath().isEmpty()) {
            throw invalid(OAUTH_ISSUER, "expected the issuer origin https://<host>, without a path");
        }
        return checked;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
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
            switch (unit) {
                case "ms":
                    return Duration.ofMillis(n);
                case "s":
                    return Duration.ofSeconds(n);
                case "m":
                    return Duration.ofMinutes(n);
                default:
                    return Duration.ofHours(n);
            }
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw invalid(setting, "expected a duration such as 500ms, 5s, 1m, 1h or PT5S, got " + quoted(v));
        }
    }

    static int parseInt(String setting, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(setting, "expected a whole number, got " + quoted(value.trim()));
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
        throw invalid(setting, "expected true or false, got " + quoted(value.trim()));
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
        // Every default comes from the settings table (WachtSetting).
        private URI gatewayUrl = DEFAULT_GATEWAY_URL;
        private @Nullable String apiKey;
        private Duration connectTimeout = WachtSetting.CONNECT_TIMEOUT.defaultDuration();
        private Duration requestTimeout = WachtSetting.REQUEST_TIMEOUT.defaultDuration();
        private Set<CredentialKind> accepted = EnumSet.of(CredentialKind.parse(WachtSetting.ACCEPT.defaultString()));
        private int maxTokenLength = WachtSetting.MAX_TOKEN_LENGTH.defaultInt();
        private int maxResponseSize = WachtSetting.MAX_RESPONSE_SIZE.defaultInt();
        private String realm = WachtSetting.REALM.defaultString();
        private @Nullable URI resourceUri;
        private boolean allowInsecureHttp = WachtSetting.ALLOW_INSECURE_HTTP.defaultBool();
        private Duration unavailableRetryAfter = WachtSetting.UNAVAILABLE_RETRY_AFTER.defaultDuration();
        private @Nullable URI oauthIssuer;
        private @Nullable URI jwksUrl;
        private Duration jwksCacheTtl = WachtSetting.JWKS_CACHE_TTL.defaultDuration();
        private Duration jwksRefetchInterval = WachtSetting.JWKS_REFETCH_INTERVAL.defaultDuration();
        private Duration clockSkew = WachtSetting.CLOCK_SKEW.defaultDuration();
        private @Nullable String expectedAudience;
        private boolean acceptUnboundJwt = WachtSetting.ACCEPT_UNBOUND_JWT.defaultBool();
        private int circuitBreakerThreshold = WachtSetting.CIRCUIT_BREAKER_THRESHOLD.defaultInt();
        private Duration circuitBreakerOpenFor = WachtSetting.CIRCUIT_BREAKER_OPEN_FOR.defaultDuration();
        private Duration cacheMaxTtl = WachtSetting.CACHE_MAX_TTL.defaultDuration();
        private Duration cacheNegativeTtl = WachtSetting.CACHE_NEGATIVE_TTL.defaultDuration();
        private int cacheMaxEntries = WachtSetting.CACHE_MAX_ENTRIES.defaultInt();
        private URI managementUrl = DEFAULT_MANAGEMENT_URL;
        private List<AuditListener> auditListeners = new ArrayList<>();
        private List<String> auditListenerClasses = new ArrayList<>();
        private String name = DEFAULT_NAME;
        private @Nullable URI proxy;
        private @Nullable Path trustStore;
        private @Nullable String trustStorePassword;
        private String trustStoreType = WachtSetting.TRUST_STORE_TYPE.defaultString();

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
            for (WachtSetting setting : WachtSetting.values()) {
                if (setting.readBy().contains(WachtSetting.Component.CORE)) {
                    String value = settings.apply(setting.settingName());
                    if (value != null && !value.isBlank()) {
                        set(setting, value);
                    }
                }
            }
            return this;
        }

        private void set(WachtSetting setting, String value) {
            switch (setting) {
                case GATEWAY_URL:
                    gatewayUrl(setting.uri(value));
                    break;
                case API_KEY:
                    apiKey(value.trim());
                    break;
                case CONNECT_TIMEOUT:
                    connectTimeout(setting.duration(value));
                    break;
                case REQUEST_TIMEOUT:
                    requestTimeout(setting.duration(value));
                    break;
                case ACCEPT:
                    Set<CredentialKind> kinds = EnumSet.noneOf(CredentialKind.class);
                    for (String part : value.split(",", -1)) {
                        if (!part.isBlank()) {
                            try {
                                kinds.add(CredentialKind.parse(part));
                            } catch (IllegalArgumentException e) {
                                throw setting.invalid(Objects.requireNonNullElse(e.getMessage(),
                                        "unknown credential kind"));
                            }
                        }
                    }
                    accept(kinds);
                    break;
                case MAX_TOKEN_LENGTH:
                    maxTokenLength(setting.integer(value));
                    break;
                case MAX_RESPONSE_SIZE:
                    maxResponseSize(setting.integer(value));
                    break;
                case REALM:
                    realm(value.trim());
                    break;
                case RESOURCE_URI:
                    resourceUri(setting.uri(value));
                    break;
                case ALLOW_INSECURE_HTTP:
                    allowInsecureHttp(setting.bool(value));
                    break;
                case UNAVAILABLE_RETRY_AFTER:
                    unavailableRetryAfter(setting.duration(value));
                    break;
                case OAUTH_ISSUER:
                    oauthIssuer(setting.uri(value));
                    break;
                case JWKS_URL:
                    jwksUrl(setting.uri(value));
                    break;
                case JWKS_CACHE_TTL:
                    jwksCacheTtl(setting.duration(value));
                    break;
                case JWKS_REFETCH_INTERVAL:
                    jwksRefetchInterval(setting.duration(value));
                    break;
                case CLOCK_SKEW:
                    clockSkew(setting.duration(value));
                    break;
                case EXPECTED_AUDIENCE:
                    expectedAudience(value.trim());
                    break;
                case ACCEPT_UNBOUND_JWT:
                    acceptUnboundJwt(setting.bool(value));
                    break;
                case CIRCUIT_BREAKER_THRESHOLD:
                    circuitBreakerThreshold(setting.integer(value));
                    break;
                case CIRCUIT_BREAKER_OPEN_FOR:
                    circuitBreakerOpenFor(setting.duration(value));
                    break;
                case CACHE_MAX_TTL:
                    cacheMaxTtl(setting.duration(value));
                    break;
                case CACHE_NEGATIVE_TTL:
                    cacheNegativeTtl(setting.duration(value));
                    break;
                case CACHE_MAX_ENTRIES:
                    cacheMaxEntries(setting.integer(value));
                    break;
                case MANAGEMENT_URL:
                    managementUrl(setting.uri(value));
                    break;
                case AUDIT_LISTENERS:
                    auditListenerClasses(setting.list(value));
                    break;
                case PROXY:
                    proxy(value.trim().equalsIgnoreCase(OutboundNetwork.NO_PROXY) ? OutboundNetwork.NONE
                            : setting.uri(value.contains("://") ? value : "http://" + value.trim()));
                    break;
                case TRUST_STORE:
                    trustStore(Paths.get(value.trim()));
                    break;
                case TRUST_STORE_PASSWORD:
                    trustStorePassword(value);
                    break;
                case TRUST_STORE_TYPE:
                    trustStoreType(value.trim());
                    break;
                default:
                    throw new AssertionError(setting);
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

        /** The backend API key (optional for the gateway, needed for the management API); null (the default): none. */
        public Builder apiKey(@Nullable String apiKey) {
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

        /** This resource server's own URI; turns on RFC 8707 resource binding (null, the default: off). */
        public Builder resourceUri(@Nullable URI uri) {
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

        /**
         * The OAuth app's issuer {@code https://<fqdn>}; turns on local verification of JWT access tokens
         * (null, the default: off).
         */
        public Builder oauthIssuer(@Nullable URI issuer) {
            this.oauthIssuer = issuer;
            return this;
        }

        /** The OAuth app's issuer as a string (null: off). */
        public Builder oauthIssuer(@Nullable String issuer) {
            return oauthIssuer(issuer == null ? null : parseUri(OAUTH_ISSUER, issuer));
        }

        /** An explicit JWKS URL (default null: discovered from the issuer). */
        public Builder jwksUrl(@Nullable URI url) {
            this.jwksUrl = url;
            return this;
        }

        /** How long fetched signing keys are trusted (default and maximum 1 h). */
        public Builder jwksCacheTtl(Duration d) {
            this.jwksCacheTtl = d;
            return this;
        }

        /** The least time between two JWKS fetches (default 30 s, at least 1 s, at most the cache TTL). */
        public Builder jwksRefetchInterval(Duration d) {
            this.jwksRefetchInterval = d;
            return this;
        }

        /** Tolerance for the time claims of JWT access tokens (default 60 s, at most 5 min). */
        public Builder clockSkew(Duration d) {
            this.clockSkew = d;
            return this;
        }

        /** The audience JWT access tokens must carry (default null: not checked). */
        public Builder expectedAudience(@Nullable String audience) {
            this.expectedAudience = audience;
            return this;
        }

        /**
         * With a resource URI set, accept JWT access tokens that name no resource (default false;
         * logged as a warning when the authenticator is created).
         */
        public Builder acceptUnboundJwt(boolean accept) {
            this.acceptUnboundJwt = accept;
            return this;
        }

        /** Consecutive gateway failures that open the circuit breaker (default 5; 0 turns it off). */
        public Builder circuitBreakerThreshold(int failures) {
            this.circuitBreakerThreshold = failures;
            return this;
        }

        /** How long an open breaker answers 503 before probing again (default 5 s). */
        public Builder circuitBreakerOpenFor(Duration d) {
            this.circuitBreakerOpenFor = d;
            return this;
        }

        /**
         * Turns the verification cache on: answers are reused for at most this long (and never past the
         * credential's expiry), so a revoked credential may keep working this long. Default
         * {@link Duration#ZERO}: off, every request asks Wacht. At most 1 h.
         */
        public Builder cacheMaxTtl(Duration d) {
            this.cacheMaxTtl = d;
            return this;
        }

        /** How long a rejected credential stays rejected in the cache (default 5 s, at most 5 min; 0: never). */
        public Builder cacheNegativeTtl(Duration d) {
            this.cacheNegativeTtl = d;
            return this;
        }

        /** The most answers the cache holds (default 100 000). */
        public Builder cacheMaxEntries(int n) {
            this.cacheMaxEntries = n;
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
         * Who uses this configuration, named in log lines about unavailable endpoints (default
         * {@code wacht}); adapters set it, e.g. to {@code filter 'wacht' of /shop}.
         */
        public Builder name(String name) {
            if (name == null || name.isBlank() || name.length() > 200) {
                throw new IllegalArgumentException("name must have 1 to 200 characters");
            }
            this.name = name;
            return this;
        }

        /**
         * The outbound HTTP proxy for every call the library makes (gateway, issuer/JWKS, management
         * API): {@code http://host:port}; {@code URI.create("none")} for direct connections; null (the
         * default) leaves it to the JDK's default proxy selector ({@code https.proxyHost} and friends).
         */
        public Builder proxy(@Nullable URI proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * A trust store file whose certificates replace the JDK's default trust anchors for the
         * library's outbound TLS (default null: the JDK's, or {@code javax.net.ssl.trustStore}).
         */
        public Builder trustStore(@Nullable Path file) {
            this.trustStore = file;
            return this;
        }

        /** The trust store's password (default null: none). */
        public Builder trustStorePassword(@Nullable String password) {
            this.trustStorePassword = password;
            return this;
        }

        /** The trust store's type, such as {@code PKCS12} (the default) or {@code JKS}. */
        public Builder trustStoreType(String type) {
            this.trustStoreType = Objects.requireNonNull(type, TRUST_STORE_TYPE);
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
