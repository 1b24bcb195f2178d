package dev.wacht.core;

import dev.wacht.core.audit.AuditDispatcher;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The decision engine every adapter shares. Given what is known about a request (an
 * {@link AccessRequest}) it parses the bearer credential, tells its kind by shape, refuses what the
 * gateway would refuse without asking it, asks a {@link TokenVerifier}, and checks resource
 * binding. Opaque tokens and API keys go to the gateway verifier; JWT access tokens (three
 * dot-separated segments) go to the local JWT verifier when an OAuth issuer is configured, and
 * never to the gateway. After each decision it emits one audit event to the configured listeners
 * (off the request thread, see {@link AuditDispatcher}). With {@code cache-max-ttl} set, both
 * verifiers sit behind one verification cache with single-flight misses (docs/cache.md),
 * which {@link #invalidateCredential}, {@link #invalidateOAuthClient} and {@link #invalidateAll}
 * empty. Thread-safe; create one per configuration, share it, and {@link #close()} it when the
 * application stops.
 */
public final class WachtAuthenticator implements AutoCloseable {
    private static final Set<String> METHODS = Set.copyOf(AccessRequest.GATEWAY_METHODS);
    private static final String OPAQUE_TOKEN_PREFIX = "oat_";
    private static final int API_KEY_MIN_LENGTH = 46;
    private static final int API_KEY_SECRET_LENGTH = 43;

    private final WachtConfig config;
    private final TokenVerifier verifier;
    private final TokenVerifier jwtVerifier;
    private final DecisionAudit audit;
    private final VerificationCache cache;

    private WachtAuthenticator(WachtConfig config, TokenVerifier verifier, TokenVerifier jwtVerifier) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(verifier, "verifier");
        this.cache = config.cacheEnabled() ? VerificationCache.create(config) : null;
        this.verifier = cache == null ? verifier : cache.wrap(verifier);
        this.jwtVerifier = cache == null || jwtVerifier == null ? jwtVerifier : cache.wrap(jwtVerifier);
        this.audit = new DecisionAudit(AuditDispatcher.of(config.auditListeners()), Clock.systemUTC());
    }

    /**
     * An authenticator that asks Wacht's gateway, as configured, and verifies JWT access tokens
     * locally when an OAuth issuer is configured.
     */
    public static WachtAuthenticator create(WachtConfig config) {
        return create(config, TokenVerifier.gateway(config));
    }

    /**
     * An authenticator that sends opaque tokens and API keys to the given verifier (for example a
     * decorated gateway verifier) and verifies JWT access tokens locally when an OAuth issuer is
     * configured.
     */
    public static WachtAuthenticator create(WachtConfig config, TokenVerifier verifier) {
        return create(config, verifier, config.oauthIssuer().isPresent() ? TokenVerifier.jwt(config) : null);
    }

    /** An authenticator over given gateway and JWT verifiers; a null JWT verifier refuses every JWT. */
    static WachtAuthenticator create(WachtConfig config, TokenVerifier verifier, TokenVerifier jwtVerifier) {
        return new WachtAuthenticator(config, verifier, jwtVerifier);
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
     * once and not kept), for example after the application revoked it. Does nothing when the cache is off.
     */
    public void invalidateCredential(String credential) {
        if (cache != null && credential != null && !credential.isEmpty()) {
            cache.invalidate(BearerCredential.of(credential));
        }
    }

    /**
     * Drops every cached answer for opaque OAuth tokens of one OAuth client, given by its numeric
     * record id ({@link WachtPrincipal#keyId()}), and every answer still pending. Use it after revoking
     * a grant elsewhere than through a {@link WachtManagementClient} linked to this authenticator (which
     * calls it itself): Wacht's answers do not name the grant, so every token of the client is dropped.
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
    VerificationCache cache() {
        return cache;
    }

    /**
     * Decides a request without blocking. The future always completes normally, within the
     * configured request timeout.
     */
    public CompletableFuture<Outcome> authenticateAsync(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        DecisionAudit.Trace trace = new DecisionAudit.Trace();
        return decide(request, trace).thenApply(outcome -> audit.record(request, trace, outcome));
    }

    private CompletableFuture<Outcome> decide(AccessRequest request, DecisionAudit.Trace trace) {
        BearerCredentials.Extraction extraction =
                BearerCredentials.extract(request.authorization(), config.maxTokenLength());
        trace.credential(extraction.credential().orElse(null));
        if (extraction.rejection().isPresent()) {
            return CompletableFuture.completedFuture(extraction.rejection().get());
        }
        if (!METHODS.contains(request.method())) {
            return CompletableFuture.completedFuture(Outcome.denied(DenialReason.INVALID_REQUEST,
                    "HTTP method not supported by Wacht authorization"));
        }
        BearerCredential credential = extraction.credential().get();
        Outcome.Denied refusal = refuseByShape(credential);
        if (refusal != null) {
            return CompletableFuture.completedFuture(refusal);
        }
        VerificationRequest verification = new VerificationRequest(credential, kindOf(credential), request);
        TokenVerifier target = credential.looksLikeJwt() ? jwtVerifier : verifier;
        CompletableFuture<Outcome> pending;
        trace.verifierStarted();
        try {
            pending = target.verify(verification);
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        }
        return pending.handle((outcome, failure) -> {
            trace.verifierAnswered();
            if (failure != null || outcome == null) {
                return Outcome.unavailable(UnavailableCause.GATEWAY_ERROR,
                        "verifier failed: " + (failure == null ? "no outcome" : failure.getClass().getSimpleName()),
                        config.unavailableRetryAfter());
            }
            return checkResourceBinding(verification, outcome);
        });
    }

    /**
     * Decides a request, blocking the calling thread at most for the configured request timeout.
     * An interrupt ends the wait with {@link Outcome.Unavailable} and keeps the interrupt flag set.
     */
    public Outcome authenticate(AccessRequest request) {
        try {
            return authenticateAsync(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.unavailable(UnavailableCause.GATEWAY_ERROR, "interrupted while waiting for the gateway",
                    config.unavailableRetryAfter());
        } catch (ExecutionException e) {
            return Outcome.unavailable(UnavailableCause.GATEWAY_ERROR, "verification failed",
                    config.unavailableRetryAfter());
        }
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
        return ErrorResponse.of(outcome, config.realm(), resourceMetadataUrl().orElse(null));
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

    private Outcome.Denied refuseByShape(BearerCredential credential) {
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
     * docs/wacht-wire.md, choice 5: with a resource URI configured, opaque OAuth tokens must have been issued for it.
     * JWT access tokens carry no resource claim, so the binding cannot apply to them (docs/jwt.md).
     */
    private Outcome checkResourceBinding(VerificationRequest verification, Outcome outcome) {
        if (config.resourceUri().isEmpty() || verification.kind() != CredentialKind.OAUTH_ACCESS_TOKEN) {
            return outcome;
        }
        Optional<WachtPrincipal> principal = outcome instanceof Outcome.Allowed
                ? Optional.of(((Outcome.Allowed) outcome).principal())
                : outcome instanceof Outcome.Denied ? ((Outcome.Denied) outcome).principal() : Optional.empty();
        if (principal.isEmpty() || principal.get().verifiedBy() == VerificationSource.LOCAL_JWT) {
            return outcome;
        }
        String expected = stripSlash(config.resourceUri().get().toString());
        String actual = principal.get().oauthResource().map(WachtAuthenticator::stripSlash).orElse(null);
        if (expected.equals(actual)) {
            return outcome;
        }
        return Outcome.invalidToken("The access token was not issued for this resource",
                outcome.requestId().orElse(null));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
