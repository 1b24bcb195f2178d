package dev.wacht.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An in-process emulator of the Wacht gateway ({@code POST /v1/authz/check}, {@code GET /health}),
 * of the OAuth app's issuer (JWKS, discovery documents, JWT access tokens, signing-key rotation and
 * compromise, and the authorization-code flow: authorize with a configurable {@link Consent}, token,
 * introspection, revocation, dynamic client registration) and of the OAuth management routes of the backend API ({@code /oauth/apps/…}, checked
 * against {@link #backendApiKey()}), with an admin API under {@code /_emulator/} and the equivalent
 * Java methods on this class. It
 * listens on a loopback port and keeps all state in memory. Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (WachtEmulator wacht = WachtEmulator.start()) {
 *     MintedToken token = wacht.mintToken(TokenRequest.withScopes("mcp:invoke"));
 *     // point the code under test at wacht.baseUrl() and send token.accessToken()
 * }
 * }</pre>
 */
public final class WachtEmulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WachtEmulator.class.getName());
    private static final AtomicInteger SERVER_COUNT = new AtomicInteger();
    static final int OVERSIZE_BYTES = 10 * 1024 * 1024;
    /** The environment variable holding the backend API key the management routes accept. */
    static final String API_KEY_ENV = "WACHT_API_KEY";

    static {
        // The JDK server flushes the response headers before the body; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK then add ~40 ms to every answer. Respect an explicit setting.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final Registry registry;
    private final RateLimiter limiter = new RateLimiter();
    private final Gateway gateway;
    private final FaultController faults = new FaultController();
    private final CheckLog checkLog;
    private final AdminApi admin;
    private final IssuerEndpoints issuerEndpoints;
    private final String backendApiKey;
    private final boolean backendApiKeyGenerated;
    private final ManagementApi management;
    private final @Nullable EmulatorTls tls;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WachtEmulator(Builder b) throws IOException {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(b.host), b.port);
        this.tls = b.https ? EmulatorTls.generate() : null;
        if (tls != null) {
            HttpsServer https = HttpsServer.create(bind, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.serverSslContext()));
            this.server = https;
        } else {
            this.server = HttpServer.create(bind, 0);
        }
        int serverNo = SERVER_COUNT.incrementAndGet();
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "wacht-emulator-" + serverNo + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(threads);
        server.setExecutor(executor);
        InetSocketAddress bound = server.getAddress();
        InetAddress address = bound.getAddress();
        if (address.isAnyLocalAddress()) {
            address = InetAddress.getLoopbackAddress();
        }
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        this.baseUrl = URI.create((tls != null ? "https://" : "http://") + host + ":" + bound.getPort());
        String issuer = b.issuer != null ? b.issuer : baseUrl.toString();
        this.registry = new Registry(b.clock, b.deploymentId, b.oauthAppSlug, issuer, b.defaultClientRecordId,
                b.defaultClientId);
        this.gateway = new Gateway(registry, limiter);
        this.issuerEndpoints = new IssuerEndpoints(registry, baseUrl);
        this.admin = new AdminApi(this);
        this.checkLog = new CheckLog(b.recordedChecks);
        String fromEnv = b.environment.apply(API_KEY_ENV);
        String key = b.backendApiKey != null ? b.backendApiKey
                : fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : null;
        this.backendApiKeyGenerated = key == null;
        this.backendApiKey = key != null ? key : Registry.API_KEY_PREFIX + Text.random43();
        this.management = new ManagementApi(registry, backendApiKey);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an emulator with every default on a free loopback port. */
    public static WachtEmulator start() {
        return builder().start();
    }

    /** A builder for a customised emulator. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The base URL, e.g. {@code http://127.0.0.1:41234} ({@code https://} when started with
     * {@link Builder#https()}; no trailing slash); the gateway URL to configure.
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * The certificate and trust store of an emulator started with {@link Builder#https()}.
     *
     * @throws IllegalStateException when the emulator serves plain HTTP
     */
    public EmulatorTls tls() {
        if (tls == null) {
            throw new IllegalStateException("this emulator serves plain HTTP; start it with WachtEmulator.builder().https()");
        }
        return tls;
    }

    /** The port listened on. */
    public int port() {
        return baseUrl.getPort();
    }

    /** The deployment id reported in identities. */
    public String deploymentId() {
        return registry.deployment().id;
    }

    /** The OAuth issuer: {@code x-wacht-oauth-issuer}, and the {@code iss} of JWTs. */
    public String issuer() {
        return registry.oauthApp().issuer;
    }

    /** The OAuth app's slug. */
    public String oauthAppSlug() {
        return registry.oauthApp().slug;
    }

    /** The public {@code client_id} tokens are minted for by default. */
    public String defaultClientId() {
        return registry.defaultClientId();
    }

    /** The numeric record id of the default client. */
    public String defaultClientRecordId() {
        return registry.defaultClientRecordId();
    }

    /**
     * The backend API key the management routes ({@code /oauth/apps/…}) accept as
     * {@code Authorization: Bearer …}: the builder's, else {@code WACHT_API_KEY} from the environment,
     * else one generated at start.
     */
    public String backendApiKey() {
        return backendApiKey;
    }

    boolean backendApiKeyGenerated() {
        return backendApiKeyGenerated;
    }

    /**
     * Registers a new OAuth client of the OAuth app with this client authentication method
     * ({@code client_secret_basic}, {@code client_secret_post}, {@code client_secret_jwt},
     * {@code private_key_jwt} or {@code none}); the result carries its secret, shown only here.
     *
     * @throws IllegalArgumentException for an unknown method
     */
    public MintedClient createClient(String clientAuthMethod) {
        return createClient(clientAuthMethod, List.of());
    }

    /**
     * Registers a new OAuth client as {@link #createClient(String)} does, with these redirect URIs and the
     * grant types {@code authorization_code} and {@code refresh_token}, ready for {@code /oauth/authorize}.
     *
     * @throws IllegalArgumentException for an unknown method or a blank URI
     */
    public MintedClient createClient(String clientAuthMethod, List<String> redirectUris) {
        return registry.createClient(Objects.requireNonNull(clientAuthMethod, "clientAuthMethod"),
                List.copyOf(redirectUris));
    }

    /**
     * Sets how {@code /oauth/authorize} obtains consent: {@link Consent#page()} (the default: an HTML page
     * on the emulator), {@link Consent#approveAs(String)} or {@link Consent#deny()}.
     */
    public void setConsent(Consent consent) {
        registry.setConsent(Objects.requireNonNull(consent, "consent"));
    }

    /** The consent setting in effect. */
    public Consent consent() {
        return registry.consent();
    }

    /**
     * Switches the OAuth app's {@code allow_dynamic_client_registration} (off by default, as in Wacht): when
     * off, {@code POST /oauth/register} answers 403.
     */
    public void allowDynamicClientRegistration(boolean allowed) {
        registry.setDynamicClientRegistration(allowed);
    }

    /** Whether dynamic client registration is allowed. */
    public boolean dynamicClientRegistrationAllowed() {
        return registry.dynamicClientRegistration();
    }

    /** The authorization codes issued so far, newest first (redeemed and expired ones included). */
    public List<IssuedCode> authorizationCodes() {
        List<IssuedCode> list = new java.util.ArrayList<>();
        for (AuthorizationCode c : registry.codes()) {
            list.add(new IssuedCode(c, registry.clientOf(c.clientRecordId).clientId));
        }
        return List.copyOf(list);
    }

    /** Every grant, newest first: those made by consent and those made by minting. */
    public List<IssuedGrant> grants() {
        Instant now = registry.clock().instant();
        List<IssuedGrant> list = new java.util.ArrayList<>();
        for (Grant g : registry.grants()) {
            list.add(new IssuedGrant(g, registry.clientOf(g.clientRecordId).clientId, now));
        }
        return List.copyOf(list);
    }

    /** Whether {@code secret} is the client's current secret (a rotated secret replaces the old one at once). */
    public boolean clientSecretMatches(String clientRecordId, String secret) {
        return registry.clientSecretMatches(clientRecordId, secret);
    }

    /** Mints an opaque OAuth access token (and a grant, unless the request names one). */
    public MintedToken mintToken(TokenRequest request) {
        return registry.mintToken(Objects.requireNonNull(request, "request"));
    }

    /** Mints a token with the default client, user, granted resource and lifetime, holding these scopes. */
    public MintedToken mintToken(String... scopes) {
        return mintToken(TokenRequest.withScopes(scopes));
    }

    /**
     * Mints a JWT access token (and a grant, unless the request names one) with the claims of
     * docs/wacht-wire.md ("JWT access tokens"), signed RS256 by the active signing key. The gateway answers 401 for it.
     */
    public MintedToken mintJwt(TokenRequest request) {
        return registry.mintJwt(Objects.requireNonNull(request, "request"));
    }

    /** Mints a JWT access token with every default, holding these scopes. */
    public MintedToken mintJwt(String... scopes) {
        return mintJwt(TokenRequest.withScopes(scopes));
    }

    /**
     * Mints an id_token as Wacht does, signed by the same key as access tokens: {@code aud} is
     * the client id and there is no {@code token_use}. Only the client, user, lifetime and session
     * of the request are used.
     */
    public String mintIdToken(TokenRequest request) {
        return registry.mintIdToken(Objects.requireNonNull(request, "request"));
    }

    /**
     * Signs arbitrary claims (strings, numbers, booleans, lists, maps) as an RS256 JWT with the
     * active signing key and the usual header, for tests of claim checks.
     */
    public String signJwt(Map<String, ?> claims) {
        return registry.signingKeys().sign(Objects.requireNonNull(claims, "claims"));
    }

    /** The {@code kid} of the active signing key ({@code oas-<app id>-<n>}; made on first use). */
    public String activeSigningKeyId() {
        return registry.signingKeys().active().kid;
    }

    /** Rotates the signing key: the active key is retired but stays published. Returns the new kid. */
    public String rotateSigningKey() {
        return registry.signingKeys().rotate().kid;
    }

    /**
     * Marks a signing key compromised: it leaves the JWKS at once.
     *
     * @throws java.util.NoSuchElementException for an unknown kid
     */
    public void compromiseSigningKey(String kid) {
        registry.signingKeys().compromise(Objects.requireNonNull(kid, "kid"));
    }

    /** How many times {@code GET /.well-known/jwks.json} was asked for (including failed answers). */
    public int jwksRequests() {
        return issuerEndpoints.jwksRequests();
    }

    /**
     * Makes the issuer's well-known routes (JWKS and discovery documents) misbehave, as
     * {@link #setFault(Fault)} does for the gateway; replaces any previous issuer fault.
     */
    public void setIssuerFault(Fault fault) {
        issuerEndpoints.faults().set(Objects.requireNonNull(fault, "fault"));
    }

    /** Clears the issuer fault, releasing requests held by a hang or delay. */
    public void clearIssuerFault() {
        issuerEndpoints.faults().set(Fault.none());
    }

    /** The issuer fault as last set, or {@link Fault#none()}. */
    public Fault issuerFault() {
        return issuerEndpoints.faults().current();
    }

    /** Mints an API key. */
    public MintedApiKey mintApiKey(ApiKeyRequest request) {
        return registry.mintApiKey(Objects.requireNonNull(request, "request"));
    }

    /** Mints an API key holding these permissions, everything else default. */
    public MintedApiKey mintApiKey(String... permissions) {
        return mintApiKey(ApiKeyRequest.withPermissions(permissions));
    }

    /**
     * Revokes a grant: its tokens fail the next check.
     *
     * @throws java.util.NoSuchElementException for an unknown grant id
     */
    public void revokeGrant(String grantId) {
        registry.revokeGrant(grantId);
    }

    /**
     * Expires a grant now: its tokens fail the next check.
     *
     * @throws java.util.NoSuchElementException for an unknown grant id
     */
    public void expireGrant(String grantId) {
        registry.expireGrant(grantId);
    }

    /**
     * Revokes one access token.
     *
     * @throws java.util.NoSuchElementException for an unknown token
     */
    public void revokeToken(String accessToken) {
        registry.revokeToken(accessToken);
    }

    /**
     * Makes one access token expire now.
     *
     * @throws java.util.NoSuchElementException for an unknown token
     */
    public void expireToken(String accessToken) {
        registry.expireToken(accessToken);
    }

    /**
     * Deactivates an API key (takes effect at once; the real gateway may cache keys for up to 60 s).
     *
     * @throws java.util.NoSuchElementException for an unknown key
     */
    public void revokeApiKey(String apiKey) {
        registry.revokeApiKey(apiKey);
    }

    /**
     * Deactivates an API key by its id.
     *
     * @throws java.util.NoSuchElementException for an unknown key id
     */
    public void revokeApiKeyById(String keyId) {
        registry.revokeApiKeyById(keyId);
    }

    /** Replaces the rate-limit rules (an empty list limits nothing) and clears all counters. */
    public void setRateLimits(List<RateLimitRule> rules) {
        registry.setRules(List.copyOf(rules));
        limiter.clear();
    }

    /** The rules in effect (the default 1000/60s per_app rule when none were set). */
    public List<RateLimitRule> rateLimits() {
        return registry.effectiveRules();
    }

    boolean rateLimitsAreDefault() {
        return registry.configuredRules() == null;
    }

    /** Defines (or replaces) a scope definition of the OAuth app. */
    public void defineScope(ScopeDefinition definition) {
        registry.defineScope(Objects.requireNonNull(definition, "definition"));
    }

    /** The scope definitions, sorted by scope. */
    public List<ScopeDefinition> scopeDefinitions() {
        return registry.scopeDefinitions();
    }

    /** Makes {@code POST /v1/authz/check} misbehave; replaces (and releases) any previous fault. */
    public void setFault(Fault fault) {
        faults.set(Objects.requireNonNull(fault, "fault"));
    }

    /** Clears the fault and releases checks held by a hang or delay. */
    public void clearFault() {
        faults.set(Fault.none());
    }

    /** The fault as last set (it may have used up its {@code times}), or {@link Fault#none()}. */
    public Fault fault() {
        return faults.current();
    }

    /** The checks received so far, oldest first (the most recent 10,000 are kept, or as many as the builder says). */
    public List<RecordedCheck> checks() {
        return checkLog.snapshot();
    }

    /** Forgets the recorded checks. */
    public void clearChecks() {
        checkLog.clear();
    }

    int clearChecksCount() {
        return checkLog.clear();
    }

    /**
     * Restores the initial state: forgets tokens (access and refresh), authorization codes, pending consents,
     * grants, keys (API and signing keys), extra clients, scope definitions, rate-limit counters, recorded
     * checks and the JWKS request count, restores the default rate-limit rule, the consent page and disabled
     * registration, and clears the faults.
     */
    public void reset() {
        faults.set(Fault.none());
        issuerEndpoints.reset();
        registry.reset();
        limiter.clear();
        checkLog.clear();
    }

    /** Stops the server, releasing any hanging checks. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        faults.close();
        issuerEndpoints.faults().close();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tls != null) {
            tls.delete();
        }
    }

    Registry registry() {
        return registry;
    }

    @Override
    public String toString() {
        return "WachtEmulator[" + baseUrl + "]";
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (path.equals("/v1/authz/check")) {
                if (!method.equals("POST")) {
                    ex.getResponseHeaders().set("Allow", "POST");
                    send(ex, 405, null, new byte[0]);
                    return;
                }
                handleCheck(ex);
            } else if (path.equals("/health")) {
                if (method.equals("GET") || method.equals("HEAD")) {
                    send(ex, 200, Gateway.TEXT_PLAIN, "OK".getBytes(StandardCharsets.UTF_8));
                } else {
                    ex.getResponseHeaders().set("Allow", "GET,HEAD");
                    send(ex, 405, null, new byte[0]);
                }
            } else if (ManagementApi.handles(path)) {
                byte[] in = ex.getRequestBody().readNBytes(ManagementApi.MAX_BODY);
                ManagementApi.Response r = management.handle(method, path,
                        ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"),
                        new String(in, StandardCharsets.UTF_8));
                send(ex, r.status, r.body == null ? null : Gateway.APPLICATION_JSON,
                        r.body == null ? new byte[0] : r.body.getBytes(StandardCharsets.UTF_8));
            } else if (path.equals(AdminApi.PREFIX) || path.startsWith(AdminApi.PREFIX + "/")) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                AdminApi.Response r = admin.handle(method, path, body);
                send(ex, r.status, Gateway.APPLICATION_JSON, r.body.getBytes(StandardCharsets.UTF_8));
            } else if (IssuerEndpoints.handles(path)) {
                issuerEndpoints.handle(ex);
            } else {
                send(ex, 404, null, new byte[0]);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client went away", e);
            ex.close();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "emulator failure", e);
            try {
                send(ex, 500, Gateway.TEXT_PLAIN, ("Emulator error: " + e).getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                ex.close();
            }
        }
    }

    private void handleCheck(HttpExchange ex) throws IOException {
        Instant received = registry.clock().instant();
        byte[] requestBody = ex.getRequestBody().readAllBytes();
        FaultController.Armed armed = faults.consume();
        CheckRequest parsed = null;
        CheckRequest.Rejection rejection = null;
        try {
            parsed = CheckRequest.parse(ex.getRequestHeaders().getFirst("Content-Type"), requestBody);
        } catch (CheckRequest.Rejection r) {
            rejection = r;
        }
        Fault.Mode mode = armed.fault.mode();
        String faultName = mode == Fault.Mode.NONE ? null : mode.wireName();
        switch (mode) {
            case STATUS:
                record(received, parsed, null, armed.fault.status(), faultName);
                byte[] small = ("Emulated gateway failure (HTTP " + armed.fault.status() + ")")
                        .getBytes(StandardCharsets.UTF_8);
                send(ex, armed.fault.status(), Gateway.TEXT_PLAIN, small);
                return;
            case DROP:
                record(received, parsed, null, 0, faultName);
                ex.close();
                return;
            case HANG:
                record(received, parsed, null, 0, faultName);
                armed.await(-1);
                ex.close();
                return;
            case GARBAGE:
                record(received, parsed, null, 200, faultName);
                send(ex, 200, Gateway.APPLICATION_JSON,
                        "<html><body>502 Bad Gateway</body></html> not json }{".getBytes(StandardCharsets.UTF_8));
                return;
            case OVERSIZE:
                record(received, parsed, null, 200, faultName);
                sendOversize(ex);
                return;
            case WRONG_SHAPE:
                record(received, parsed, null, 200, faultName);
                send(ex, 200, Gateway.APPLICATION_JSON, armed.fault.wrongShapeBody().getBytes(StandardCharsets.UTF_8));
                return;
            case DELAY:
                armed.await(armed.fault.delay().toMillis());
                if (faults.isClosed()) {
                    record(received, parsed, null, 0, faultName);
                    ex.close();
                    return;
                }
                break;
            default:
                break;
        }

        Gateway.Result result;
        if (parsed != null) {
            result = gateway.check(parsed, clientIp(ex, parsed));
        } else {
            CheckRequest.Rejection r = Objects.requireNonNull(rejection, "a request that did not parse was rejected");
            String message = Objects.requireNonNull(r.getMessage(), "a Rejection has a message");
            result = new Gateway.Result(r.status, Gateway.TEXT_PLAIN, message, null, null, null, null, null);
        }
        byte[] out = result.body.getBytes(StandardCharsets.UTF_8);
        int status = result.status;
        String contentType = result.contentType;
        if (mode == Fault.Mode.TRUNCATE) {
            out = Arrays.copyOf(out, out.length / 2);
            status = 200;
            contentType = Gateway.APPLICATION_JSON;
        } else if (mode == Fault.Mode.CONTENT_TYPE) {
            contentType = "text/html; charset=utf-8";
        }
        record(received, parsed, result, status, faultName);
        send(ex, status, contentType, out);
    }

    private static String clientIp(HttpExchange ex, CheckRequest req) {
        if (req.clientIp != null) {
            return req.clientIp;
        }
        String header = ex.getRequestHeaders().getFirst("X-Original-Client-IP");
        if (header != null) {
            return header;
        }
        return ex.getRemoteAddress().getAddress().getHostAddress();
    }

    private void record(Instant received, @Nullable CheckRequest req, Gateway.@Nullable Result result, int status,
                        @Nullable String fault) {
        String method = null;
        String resource = null;
        String principalType = null;
        String sha = null;
        String clientIp = null;
        String userAgent = null;
        List<String> required = null;
        if (req != null) {
            String m = Gateway.normaliseMethod(req.method);
            method = m != null ? m : Text.trim(req.method);
            String r = Gateway.normaliseResource(req.resource);
            resource = r != null ? r : req.resource;
            principalType = req.principalType;
            sha = Text.sha256Hex(Text.trim(req.principalValue));
            clientIp = req.clientIp;
            userAgent = req.userAgent;
            required = req.requiredPermissions;
        }
        checkLog.add(new RecordedCheck(received, method, resource, principalType, sha, clientIp, userAgent, required,
                status, result == null ? null : result.allowed, result == null ? null : result.reason,
                result == null ? null : result.requestId, fault));
    }

    static void send(HttpExchange ex, int status, @Nullable String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean noBody = body.length == 0 || status == 204 || status == 304 || ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
        ex.close();
    }

    static void sendOversize(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", Gateway.APPLICATION_JSON);
        ex.sendResponseHeaders(200, OVERSIZE_BYTES);
        byte[] head = "{\"allowed\":true,\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        try (OutputStream os = ex.getResponseBody()) {
            os.write(head);
            long left = (long) OVERSIZE_BYTES - head.length - tail.length;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                os.write(chunk, 0, n);
                left -= n;
            }
            os.write(tail);
        } finally {
            ex.close();
        }
    }

    /** Configures and starts a {@link WachtEmulator}. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String deploymentId = "1";
        private @Nullable String issuer;
        private String oauthAppSlug = "test-app";
        private Clock clock = Clock.systemUTC();
        private @Nullable String defaultClientId;
        private @Nullable String defaultClientRecordId;
        private @Nullable String backendApiKey;
        private boolean https;
        private Function<String, String> environment = System::getenv;
        private int recordedChecks = CheckLog.CAPACITY;

        private Builder() {
        }

        /**
         * Serve HTTPS (HTTP/1.1 over TLS) with a self-signed certificate generated at start, instead of
         * plain HTTP; {@link WachtEmulator#tls()} gives the trust material a client needs.
         */
        public Builder https() {
            this.https = true;
            return this;
        }

        /** The environment variables to read (tests: a map instead of the process environment). */
        Builder environment(Function<String, String> value) {
            this.environment = Objects.requireNonNull(value, "environment");
            return this;
        }

        /** The address to bind (default {@code 127.0.0.1}). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The port to bind (default 0: a free port). */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            this.port = value;
            return this;
        }

        /** The numeric deployment id (default {@code "1"}); API keys belong to app {@code aa_<id>}. */
        public Builder deploymentId(String value) {
            this.deploymentId = Text.requireNonBlank(value, "deploymentId");
            return this;
        }

        /** The OAuth issuer, e.g. {@code https://auth.example.com} (default, or null: the emulator's base URL). */
        public Builder issuer(@Nullable String value) {
            this.issuer = value;
            return this;
        }

        /** The OAuth app's slug (default {@code test-app}). */
        public Builder oauthAppSlug(String value) {
            this.oauthAppSlug = Text.requireNonBlank(value, "oauthAppSlug");
            return this;
        }

        /** The clock for token expiry, rate-limit windows and timestamps (default: system UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The public id of the default OAuth client (default, or null: {@code oc_} plus random characters). */
        public Builder defaultClientId(@Nullable String value) {
            this.defaultClientId = value;
            return this;
        }

        /** The numeric record id of the default OAuth client (default, or null: generated). */
        public Builder defaultClientRecordId(@Nullable String value) {
            if (value != null && !value.matches("[0-9]{1,19}")) {
                throw new IllegalArgumentException("record ids are numeric");
            }
            this.defaultClientRecordId = value;
            return this;
        }

        /** The backend API key the management routes accept (default: {@code WACHT_API_KEY}, else generated). */
        public Builder backendApiKey(String value) {
            this.backendApiKey = Text.requireNonBlank(value, "backendApiKey");
            return this;
        }

        /** How many of the most recent checks {@link WachtEmulator#checks()} keeps (default 10,000; at most 10,000,000). */
        public Builder recordedChecks(int value) {
            if (value < 1 || value > 10_000_000) {
                throw new IllegalArgumentException("recordedChecks must be 1..10000000");
            }
            this.recordedChecks = value;
            return this;
        }

        /** Binds, starts and returns the emulator. */
        public WachtEmulator start() {
            try {
                return new WachtEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Wacht emulator on " + host + ":" + port, e);
            }
        }
    }
}
