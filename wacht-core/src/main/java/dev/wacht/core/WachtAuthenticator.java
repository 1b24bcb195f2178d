package dev.wacht.core;

import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.core.audit.AuditListener;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The decision engine every adapter shares. Given what is known about a request (an
 * {@link AccessRequest}) it parses the bearer credential, tells its kind by shape, refuses what the
 * gateway would refuse without asking it, asks a {@link TokenVerifier}, and checks resource
 * binding. Opaque tokens and API keys go to the gateway verifier; JWT access tokens (three
 * dot-separated segments) go to the local JWT verifier when an OAuth issuer is configured, and
 * never to the gateway. After each decision it emits one audit event to the configured listeners
 * (off the request thread, see {@link AuditDispatcher}) to the listeners it created from the
 * configuration. With {@code cache-max-ttl} set, both verifiers sit behind one verification cache
 * with single-flight misses (docs/cache.md; the order of cache, circuit breaker and verifiers is
 * {@code VerifierStack}'s),
 * which {@link #invalidateCredential}, {@link #invalidateOAuthClient} and {@link #invalidateAll}
 * empty. Thread-safe; create one per configuration, share it, and {@link #close()} it when the
 * application stops.
 */
public final class WachtAuthenticator implements AutoCloseable {
    /**
     * The request attribute where an adapter in front (the servlet filter) publishes the authenticator that
     * allowed the request, so that a layer behind it (the JAX-RS extension) refuses and audits with the
     * same configuration: one rendering, one audit shape.
     */
    public static final String REQUEST_ATTRIBUTE = "dev.wacht.authenticator";
    private static final System.Logger LOG = System.getLogger(WachtAuthenticator.class.getName());
    private static final Set<String> METHODS = Set.copyOf(AccessRequest.GATEWAY_METHODS);
    private static final String OPAQUE_TOKEN_PREFIX = "oat_";
    private static final int API_KEY_MIN_LENGTH = 46;
    private static final int API_KEY_SECRET_LENGTH = 43;

    private final WachtConfig config;
    private final TokenVerifier verifier;
    private final @Nullable TokenVerifier jwtVerifier;
    private final List<AuditListener> auditListeners;
    private final DecisionAudit audit;
    private final @Nullable VerificationCache cache;
    private final ClientMemory clients = new ClientMemory(ClientMemory.DEFAULT_CAPACITY);

    private WachtAuthenticator(WachtConfig config, List<AuditListener> auditListeners, VerifierStack stack) {
        this.config = config;
        this.cache = stack.cache;
        this.verifier = stack.remote;
        this.jwtVerifier = stack.jwt;
        this.auditListeners = auditListeners;
        this.audit = new DecisionAudit(AuditDispatcher.of(auditListeners), Clock.systemUTC());
        if (config.acceptUnboundJwt() && config.resourceUri().isPresent() && jwtVerifier != null) {
            LOG.log(System.Logger.Level.WARNING, "wacht.accept-unbound-jwt is set: JWT access tokens issued for "
                    + "other resources than {0} are accepted here", config.resourceUri().get());
        }
    }

    /**
     * An authenticator that asks Wacht's gateway, as configured, and verifies JWT access tokens
     * locally when an OAuth issuer is configured. It creates the configuration's audit listeners.
     *
     * @throws IllegalArgumentException naming {@code wacht.audit-listeners} when a listener cannot be created
     */
    public static WachtAuthenticator create(WachtConfig config) {
        Objects.requireNonNull(config, "config");
        return assemble(config, config.createAuditListeners(), null);
    }

    /**
     * An authenticator that sends opaque tokens and API keys to the given verifier (a decorated
     * {@link TokenVerifier#gateway gateway verifier}) and verifies JWT access tokens locally when an
     * OAuth issuer is configured. The verification cache, when configured, goes around both.
     *
     * @throws IllegalArgumentException when {@code verifier} is a {@link TokenVerifier#jwt JWT verifier}, or
     *     naming {@code wacht.audit-listeners} when a listener cannot be created
     */
    public static WachtAuthenticator create(WachtConfig config, TokenVerifier verifier) {
        Objects.requireNonNull(config, "config");
        VerifierStack.checkRemote(Objects.requireNonNull(verifier, "verifier"));
        return assemble(config, config.createAuditListeners(), verifier);
    }

    /**
     * The listeners come first, so that one that cannot be created fails before any HTTP client exists;
     * a null verifier stands for the gateway's.
     */
    private static WachtAuthenticator assemble(WachtConfig config, List<AuditListener> listeners,
            @Nullable TokenVerifier verifier) {
        TokenVerifier remote = verifier != null ? verifier : VerifierStack.gateway(config);
        TokenVerifier jwt = config.oauthIssuer().isPresent() ? TokenVerifier.jwt(config) : null;
        return new WachtAuthenticator(config, listeners, VerifierStack.of(config, remote, jwt));
    }

    /** An authenticator over given gateway and JWT verifiers; a null JWT verifier refuses every JWT. */
    static WachtAuthenticator create(WachtConfig config, TokenVerifier verifier, @Nullable TokenVerifier jwtVerifier) {
        return create(config, VerifierStack.of(config, Objects.requireNonNull(verifier, "verifier"), jwtVerifier));
    }

    /** An authenticator over a stack of verifiers (see {@link VerifierStack}). */
    static WachtAuthenticator create(WachtConfig config, VerifierStack stack) {
        return new WachtAuthenticator(config, config.createAuditListeners(), stack);
    }

    /**
     * The audit listeners this authenticator delivers its events to, created from the configuration
     * when the authenticator was (see {@link WachtConfig#createAuditListeners()}), in delivery order.
     */
    public List<AuditListener> auditListeners() {
        return auditListeners;
    }

    /** The configuration. */
    public WachtConfig config() {
        return config;
    }

    /**
     * Releases the verifiers this authenticator was created with, including one passed to
     * {@link #create(WachtConfig, TokenVerifier)}: their HTTP clients are shut down where the JDK
     * supports it (21 and later). Call it when the application stops.
     */
    @Override
    public void close() {
        verifier.close();
        if (jwtVerifier != null) {
            jwtVerifier.close();
        }
    }

    /**
     * Drops every cached answer for this credential (the raw {@code Authorization} token, hashed at
     * once and not kept), for example after the application revoked it. Does nothing when the cache is off,
     * or for a null or empty credential.
     */
    public void invalidateCredential(@Nullable String credential) {
        if (cache != null && credential != null && !credential.isEmpty()) {
            cache.invalidate(BearerCredential.of(credential));
        }
    }

    /**
     * Drops every cached answer for opaque OAuth tokens of one OAuth client, given by its numeric
     * record id ({@link WachtPrincipal#keyId()}), and every answer still pending. Use it after revoking
     * a grant elsewhere than through a {@code WachtManagementClient} (module {@code wacht-management}) linked
     * to this authenticator, which calls it itself: Wacht's answers do not name the grant, so every token of
     * the client is dropped.
     * Does nothing when the cache is off.
     */
    public void invalidateOAuthClient(String clientRecordId) {
        if (cache != null) {
            cache.invalidateOAuthClient(Objects.requireNonNull(clientRecordId, "clientRecordId"));
        }
    }

    /** Drops every cached answer. Does nothing when the cache is off. */
    public void invalidateAll() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** The cache, or null when it is off (for tests). */
    @Nullable VerificationCache cache() {
        return cache;
    }

    /**
     * Decides a request without blocking. The future always completes normally, within the
     * configured request timeout.
     */
    public CompletableFuture<Outcome> authenticateAsync(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        DecisionAudit.Trace trace = new DecisionAudit.Trace();
        Outcome refusal = screen(request, trace);
        if (refusal != null) {
            return CompletableFuture.completedFuture(audit.record(request, trace, refusal));
        }
        VerificationRequest verification = verificationOf(request, trace);
        CompletableFuture<Outcome> pending;
        trace.verifierStarted();
        try {
            pending = verifierFor(verification).verify(verification);
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        }
        return pending.handle((outcome, failure) -> {
            trace.verifierAnswered();
            return audit.record(request, trace, conclude(verification, outcome, failure));
        });
    }

    /**
     * Decides a request on the calling thread, blocking it at most for the configured request
     * timeout: the gateway is asked from this thread, without handing the call to another one. An
     * interrupt ends the wait with {@link Outcome.Unavailable} and keeps the interrupt flag set.
     */
    public Outcome authenticate(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        DecisionAudit.Trace trace = new DecisionAudit.Trace();
        Outcome refusal = screen(request, trace);
        if (refusal != null) {
            return audit.record(request, trace, refusal);
        }
        VerificationRequest verification = verificationOf(request, trace);
        Outcome outcome = null;
        Throwable failure = null;
        trace.verifierStarted();
        try {
            outcome = verifierFor(verification).verifyBlocking(verification);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.unavailable(UnavailableCause.GATEWAY_ERROR, "interrupted while waiting for the gateway",
                    config.unavailableRetryAfter());
        } catch (RuntimeException e) {
            failure = e;
        }
        trace.verifierAnswered();
        return audit.record(request, trace, conclude(verification, outcome, failure));
    }

    /** The refusal of a request that must not reach a verifier, or null when it may. */
    private @Nullable Outcome screen(AccessRequest request, DecisionAudit.Trace trace) {
        BearerCredentials.Extraction extraction =
                BearerCredentials.extract(request.authorization(), config.maxTokenLength());
        BearerCredential credential = extraction.credential().orElse(null);
        trace.credential(credential);
        if (request.accessTokenOutsideHeader(request.authorization().isEmpty())) {
            return Outcome.denied(DenialReason.INVALID_REQUEST,
                    "Access tokens are accepted only in the Authorization header (RFC 6750 section 2.1), "
                            + "never as an access_token query or form parameter");
        }
        if (extraction.rejection().isPresent()) {
            return extraction.rejection().get();
        }
        if (!METHODS.contains(request.method())) {
            return Outcome.denied(DenialReason.INVALID_REQUEST, "HTTP method not supported by Wacht authorization");
        }
        // an extraction without a credential has a rejection, returned above
        return refuseByShape(Objects.requireNonNull(credential, "bearer credential"));
    }

    /** The verification of a request that {@link #screen} let through, which therefore has a credential. */
    private static VerificationRequest verificationOf(AccessRequest request, DecisionAudit.Trace trace) {
        BearerCredential credential = Objects.requireNonNull(trace.credential(), "screened bearer credential");
        return new VerificationRequest(credential, kindOf(credential), request);
    }

    /** Throws (answered as a verifier failure) for a JWT without a JWT verifier, which {@link #screen} refuses. */
    private TokenVerifier verifierFor(VerificationRequest verification) {
        return verification.credential().looksLikeJwt() ? Objects.requireNonNull(jwtVerifier, "JWT verifier")
                : verifier;
    }

    /**
     * The verifier's answer, checked for resource binding and attributed to a client id where one is
     * known; a failed verifier is a gateway error.
     */
    private Outcome conclude(VerificationRequest verification, @Nullable Outcome outcome,
            @Nullable Throwable failure) {
        if (failure != null || outcome == null) {
            return Outcome.unavailable(UnavailableCause.GATEWAY_ERROR,
                    "verifier failed: " + (failure == null ? "no outcome" : failure.getClass().getSimpleName()),
                    config.unavailableRetryAfter());
        }
        return clients.attribute(verification.credential(), checkResourceBinding(verification.kind(), outcome));
    }

    /**
     * Decides a request that an earlier layer already authenticated (another filter instance, an
     * earlier dispatch of the same request, the servlet filter in front of JAX-RS) against this
     * authenticator's own requirement, locally and without a gateway call: the principal's credential
     * kind must be accepted here, a JWT must be verifiable here, the resource binding of this
     * configuration must hold, and the principal must hold every permission {@code request} requires.
     * So a filter never lets a request through on the strength of a weaker filter's decision.
     * Refusals (401 {@code invalid_token}, 403 {@code insufficient_scope}) are audited; an allowed
     * request is not audited again.
     *
     * @param principal the principal stored by the earlier layer
     * @param request this layer's view of the request, with its required permissions
     */
    public Outcome authorize(WachtPrincipal principal, AccessRequest request) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(request, "request");
        String requestId = principal.requestId().orElse(null);
        Outcome outcome;
        if (!config.accepted().contains(principal.kind())) {
            outcome = Outcome.invalidToken(principal.kind() == CredentialKind.API_KEY
                    ? "API keys are not accepted here" : "OAuth access tokens are not accepted here", requestId);
        } else if (principal.verifiedBy() == VerificationSource.LOCAL_JWT && jwtVerifier == null) {
            outcome = Outcome.invalidToken("JWT access tokens cannot be verified: no OAuth issuer is configured",
                    requestId);
        } else {
            outcome = checkResourceBinding(principal.kind(), Outcome.allowed(principal));
        }
        if (outcome.isAllowed()) {
            List<String> unmet = new ArrayList<>();
            for (String permission : request.requiredPermissions()) {
                if (!principal.hasAuthority(permission)) {
                    unmet.add(permission);
                }
            }
            if (unmet.isEmpty()) {
                return outcome;
            }
            outcome = Outcome.insufficientScope(List.copyOf(unmet), principal, requestId);
        }
        BearerCredential credential = BearerCredentials.extract(request.authorization(), config.maxTokenLength())
                .credential().orElse(null);
        audit.dispatcher().dispatch(audit.eventOf(request, credential, null, outcome));
        return outcome;
    }

    /**
     * Denies an authenticated request on a scope check made by the adapter itself (for example the
     * JAX-RS extension's per-method scopes): builds the 403 {@code insufficient_scope} outcome and emits
     * its {@link dev.wacht.core.audit.AuditEvent.Type#SCOPE_DENIED} event.
     *
     * @param principal the principal the request was allowed with
     * @param required the scopes or permissions the resource requires
     * @param request the request, for the event's method, resource, client IP and credential fingerprint
     * @throws IllegalArgumentException if {@code required} is empty or holds a name that is not plain
     */
    public Outcome.Denied denyScope(WachtPrincipal principal, List<String> required, AccessRequest request) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(request, "request");
        if (required.isEmpty()) {
            throw new IllegalArgumentException("a scope denial needs the required scopes");
        }
        required.forEach(AccessRequest::checkPermissionName);
        return recordScopeDenial(Outcome.insufficientScope(List.copyOf(required), principal,
                principal.requestId().orElse(null)), request);
    }

    /**
     * Denies an authenticated request that the container's own authorization refused (a security
     * constraint or {@code @RolesAllowed} whose role the credential does not hold): builds the 403
     * {@code insufficient_scope} outcome, without a {@code scope} list because the container does not
     * say which role it required, and emits its {@link dev.wacht.core.audit.AuditEvent.Type#SCOPE_DENIED} event.
     */
    public Outcome.Denied denyRole(WachtPrincipal principal, AccessRequest request) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(request, "request");
        return recordScopeDenial(Outcome.insufficientScope(List.of(), principal, principal.requestId().orElse(null)),
                request);
    }

    private Outcome.Denied recordScopeDenial(Outcome.Denied denied, AccessRequest request) {
        BearerCredential credential = BearerCredentials.extract(request.authorization(), config.maxTokenLength())
                .credential().orElse(null);
        audit.dispatcher().dispatch(audit.eventOf(request, credential, null, denied));
        return denied;
    }

    /** The dispatcher of this authenticator's audit events, with its delivery counters. */
    public AuditDispatcher auditDispatcher() {
        return audit.dispatcher();
    }

    /** The HTTP answer for a non-allowed outcome, with this configuration's realm and metadata URL. */
    public ErrorResponse errorResponse(Outcome outcome) {
        return errorResponse(outcome, List.of());
    }

    /**
     * The HTTP answer for a non-allowed outcome, whose 401 challenges also name {@code challengeScopes}
     * in {@code scope} (see {@link ErrorResponse#of(Outcome, String, String, List)}).
     */
    public ErrorResponse errorResponse(Outcome outcome, List<String> challengeScopes) {
        return ErrorResponse.of(outcome, config.realm(), resourceMetadataUrl().orElse(null), challengeScopes);
    }

    /**
     * The RFC 9728 protected-resource metadata URL of the configured resource URI: the well-known
     * path inserted between host and path (§3.1).
     */
    public Optional<String> resourceMetadataUrl() {
        return config.resourceUri().map(WachtAuthenticator::metadataUrlOf);
    }

    static String metadataUrlOf(URI resource) {
        String path = resource.getRawPath() == null ? "" : resource.getRawPath();
        if (path.equals("/")) {
            path = "";
        }
        String authority = resource.getRawAuthority();
        return resource.getScheme() + "://" + authority + "/.well-known/oauth-protected-resource" + path;
    }

    private Outcome.@Nullable Denied refuseByShape(BearerCredential credential) {
        String value = credential.value();
        boolean oauthShape = value.startsWith(OPAQUE_TOKEN_PREFIX) || credential.looksLikeJwt();
        if (oauthShape && !config.accepted().contains(CredentialKind.OAUTH_ACCESS_TOKEN)) {
            return Outcome.invalidToken("OAuth access tokens are not accepted here", null);
        }
        if (credential.looksLikeJwt() && jwtVerifier == null) {
            return Outcome.invalidToken("JWT access tokens cannot be verified: no OAuth issuer is configured", null);
        }
        if (!oauthShape) {
            if (!config.accepted().contains(CredentialKind.API_KEY)) {
                return Outcome.invalidToken("The credential is not a Wacht OAuth access token", null);
            }
            if (!isApiKeyShape(value)) {
                return Outcome.invalidToken("The credential is not a well-formed Wacht API key", null);
            }
        }
        return null;
    }

    private static CredentialKind kindOf(BearerCredential credential) {
        return credential.value().startsWith(OPAQUE_TOKEN_PREFIX) || credential.looksLikeJwt()
                ? CredentialKind.OAUTH_ACCESS_TOKEN : CredentialKind.API_KEY;
    }

    /** The gateway's own format check (docs/wacht-wire.md, "How the gateway decides"): at least 46 characters, the last 43 base64url. */
    static boolean isApiKeyShape(String value) {
        return value.length() >= API_KEY_MIN_LENGTH
                && BearerCredentials.isBase64Url(value, value.length() - API_KEY_SECRET_LENGTH, value.length());
    }

    /**
     * docs/wacht-wire.md, choices 5 and 11: with a resource URI configured, an OAuth access token must have been issued
     * for exactly it. An opaque token's binding is the gateway's {@code metadata.oauth_resource}; a
     * JWT's is its {@code resource} claim or an {@code aud} equal to the resource URI. Wacht's JWTs
     * carry neither, so they are refused unless {@code accept-unbound-jwt} accepts that risk.
     */
    private Outcome checkResourceBinding(CredentialKind kind, Outcome outcome) {
        if (config.resourceUri().isEmpty() || kind != CredentialKind.OAUTH_ACCESS_TOKEN) {
            return outcome;
        }
        Optional<WachtPrincipal> principal = outcome instanceof Outcome.Allowed
                ? Optional.of(((Outcome.Allowed) outcome).principal())
                : outcome instanceof Outcome.Denied ? ((Outcome.Denied) outcome).principal() : Optional.empty();
        if (principal.isEmpty()) {
            return outcome;
        }
        boolean jwt = principal.get().verifiedBy() == VerificationSource.LOCAL_JWT;
        String actual = principal.get().oauthResource().orElse(null);
        if (isBound(config, actual) || (jwt && actual == null && config.acceptUnboundJwt())) {
            return outcome;
        }
        return Outcome.invalidToken(jwt
                ? "The JWT access token is not bound to this resource (it names no resource); use an opaque "
                        + "token, or accept unbound JWTs with wacht.accept-unbound-jwt"
                : "The access token was not issued for this resource", outcome.requestId().orElse(null),
                principal.get().clientId());
    }

    /** True when a token's resource (trailing slash ignored) is the configured resource URI. */
    static boolean isBound(WachtConfig config, @Nullable String resource) {
        return resource != null && config.resourceUri().isPresent()
                && stripSlash(config.resourceUri().get().toString()).equals(stripSlash(resource));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
