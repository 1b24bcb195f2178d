package dev.wacht.core;

import com.github.benmanes.caffeine.cache.Interner;
import java.security.Principal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The verified caller behind a Wacht credential. Immutable and safe to share between threads.
 *
 * <p>{@link #getName()} is the subject (the user who granted consent, or the API key's owner) and
 * falls back to the client id when there is no user.
 */
public final class WachtPrincipal implements Principal {
    /**
     * The request attribute (servlet) or property (JAX-RS) under which adapters publish the
     * principal of an authenticated request.
     */
    public static final String REQUEST_ATTRIBUTE = "dev.wacht.principal";

    private static final long NO_EXPIRY = Long.MIN_VALUE;

    private final VerificationSource verifiedBy;
    private final CredentialKind kind;
    private final @Nullable String subject;
    private final String clientId;
    private final @Nullable String keyId;
    private final @Nullable String keyName;
    private final Set<String> scopes;
    private final Set<String> permissions;
    private final @Nullable GrantedResource grantedResource;
    private final @Nullable String organizationId;
    private final @Nullable String workspaceId;
    private final @Nullable String oauthResource;
    /** The expiry as seconds and nanoseconds, {@link #NO_EXPIRY} for none: no object per cached principal. */
    private final long expirySeconds;
    private final int expiryNanos;
    private final @Nullable String tokenId;
    private final @Nullable String sessionId;
    private final @Nullable String deploymentId;
    private final @Nullable String appSlug;
    private final @Nullable String requestId;
    private final List<RateLimitState> rateLimits;
    private final Map<String, String> headers;

    private WachtPrincipal(Builder b) {
        this.verifiedBy = Objects.requireNonNull(b.verifiedBy, "verifiedBy");
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.clientId = Objects.requireNonNull(b.clientId, "clientId");
        this.subject = b.subject;
        this.keyId = b.keyId;
        this.keyName = b.keyName;
        this.scopes = Collections.unmodifiableSet(b.scopes); // the builder's own copies, never changed after
        this.permissions = Collections.unmodifiableSet(b.permissions);
        this.grantedResource = b.grantedResource;
        this.organizationId = b.organizationId;
        this.workspaceId = b.workspaceId;
        this.oauthResource = b.oauthResource;
        this.expirySeconds = b.expiresAt == null ? NO_EXPIRY : b.expiresAt.getEpochSecond();
        this.expiryNanos = b.expiresAt == null ? 0 : b.expiresAt.getNano();
        this.tokenId = b.tokenId;
        this.sessionId = b.sessionId;
        this.deploymentId = b.deploymentId;
        this.appSlug = b.appSlug;
        this.requestId = b.requestId;
        this.rateLimits = List.copyOf(b.rateLimits);
        this.headers = Collections.unmodifiableMap(b.headers); // the builder's caller hands the map over
    }

    /**
     * The compact copy. Values that principals of one client, app or deployment share (ids, names,
     * scopes, permissions, rate limits, header names and values) come from {@code pool}. Values that
     * tend to be one principal's own (subject, request id, token id, expiry, granted resource) are kept
     * as they are: pooling a value nobody shares costs more than the value. A header value equal to
     * one of those reuses that string.
     */
    @SuppressWarnings("unchecked")
    private WachtPrincipal(WachtPrincipal p, Interner<Object> pool) {
        this.verifiedBy = p.verifiedBy;
        this.kind = p.kind;
        this.clientId = (String) pool.intern(p.clientId);
        this.subject = p.subject;
        this.keyId = pooled(pool, p.keyId);
        this.keyName = pooled(pool, p.keyName);
        this.scopes = (Set<String>) pool.intern(p.scopes);
        this.permissions = (Set<String>) pool.intern(p.permissions);
        this.grantedResource = p.grantedResource;
        this.organizationId = isGrantId(p.organizationId, GrantedResource.Type.ORGANIZATION) ? null
                : pooled(pool, p.organizationId);
        this.workspaceId = isGrantId(p.workspaceId, GrantedResource.Type.WORKSPACE) ? null
                : pooled(pool, p.workspaceId);
        this.oauthResource = pooled(pool, p.oauthResource);
        this.expirySeconds = p.expirySeconds;
        this.expiryNanos = p.expiryNanos;
        this.tokenId = p.tokenId;
        this.sessionId = p.sessionId;
        this.deploymentId = pooled(pool, p.deploymentId);
        this.appSlug = pooled(pool, p.appSlug);
        this.requestId = p.requestId;
        this.rateLimits = (List<RateLimitState>) pool.intern(p.rateLimits);
        this.headers = CompactStringMap.of(p.headers, keys -> (List<String>) pool.intern(keys),
                v -> ownOrPooledHeaderValue(pool, v));
    }

    private static @Nullable String pooled(Interner<Object> pool, @Nullable String s) {
        return s == null ? null : (String) pool.intern(s);
    }

    /**
     * Whether {@code id} is the id of the granted resource, of this type: a compact principal then
     * leaves the field empty and reads the id from the granted resource ({@link #grantIdOf}).
     */
    private boolean isGrantId(@Nullable String id, GrantedResource.Type type) {
        return id != null && grantedResource != null && grantedResource.type() == type
                && grantedResource.id().equals(id);
    }

    /** The id of the granted resource when it is of this type. */
    private @Nullable String grantIdOf(GrantedResource.Type type) {
        return grantedResource != null && grantedResource.type() == type ? grantedResource.id() : null;
    }

    private String ownOrPooledHeaderValue(Interner<Object> pool, String v) {
        String own = grantedResource != null && grantedResource.urn().equals(v) ? grantedResource.urn()
                : v.equals(subject) ? subject : null;
        return own != null ? own : (String) pool.intern(v);
    }

    /** This principal with its shared values taken from {@code pool}, for long-lived copies (the cache). */
    WachtPrincipal compact(Interner<Object> pool) {
        return new WachtPrincipal(this, pool);
    }

    static Builder builder(VerificationSource verifiedBy, CredentialKind kind, String clientId) {
        return new Builder(verifiedBy, kind, clientId);
    }

    /** The subject if there is one, otherwise the client id. */
    @Override
    public String getName() {
        return subject != null ? subject : clientId;
    }

    /**
     * Which path verified the credential: Wacht's gateway, or this library against the issuer's
     * signing keys. Everything else about the principal means the same on both paths.
     */
    public VerificationSource verifiedBy() {
        return verifiedBy;
    }

    /** The kind of credential that was verified (the one the library sent, never one the gateway claimed). */
    public CredentialKind kind() {
        return kind;
    }

    /** The user who granted consent (OAuth) or owns the key (API key), when there is one. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The OAuth client's public id ({@code oc_…}), or the API key's id. */
    public String clientId() {
        return clientId;
    }

    /** The gateway's {@code identity.key_id}: the API key id, or the OAuth client's numeric record id. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** The gateway's {@code identity.key_name}: the API key's name, or the OAuth client id. */
    public Optional<String> keyName() {
        return Optional.ofNullable(keyName);
    }

    /** The granted OAuth scopes (empty for API keys). */
    public Set<String> scopes() {
        return scopes;
    }

    /** The effective permissions: scopes plus mapped permissions (OAuth), or the key's permissions. */
    public Set<String> permissions() {
        return permissions;
    }

    /** True when the credential holds the scope. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** True when the name is one of the granted scopes or effective permissions. */
    public boolean hasAuthority(String name) {
        return scopes.contains(name) || permissions.contains(name);
    }

    /** The Wacht resource the user granted at consent (OAuth only). */
    public Optional<GrantedResource> grantedResource() {
        return Optional.ofNullable(grantedResource);
    }

    /** The organization the credential acts for: from the granted resource (OAuth) or the key. */
    public Optional<String> organizationId() {
        return Optional.ofNullable(organizationId != null ? organizationId
                : grantIdOf(GrantedResource.Type.ORGANIZATION));
    }

    /** The workspace the credential acts for: from the granted resource (OAuth) or the key. */
    public Optional<String> workspaceId() {
        return Optional.ofNullable(workspaceId != null ? workspaceId : grantIdOf(GrantedResource.Type.WORKSPACE));
    }

    /** The RFC 8707 resource the OAuth client asked for, when it asked for one. */
    public Optional<String> oauthResource() {
        return Optional.ofNullable(oauthResource);
    }

    /** When the credential expires, when known. */
    public Optional<Instant> expiresAt() {
        return expirySeconds == NO_EXPIRY ? Optional.empty() : Optional.of(Instant.ofEpochSecond(expirySeconds,
                expiryNanos));
    }

    /** The token's {@code jti} (JWT access tokens only). */
    public Optional<String> tokenId() {
        return Optional.ofNullable(tokenId);
    }

    /** The Wacht session the token was issued in, from the {@code sid} claim (JWT access tokens only). */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** The Wacht deployment id. */
    public Optional<String> deploymentId() {
        return Optional.ofNullable(deploymentId);
    }

    /** The API-auth app slug ({@code oauth_<user>} for OAuth tokens). */
    public Optional<String> appSlug() {
        return Optional.ofNullable(appSlug);
    }

    /** The gateway's {@code request_id} of the check that produced this principal. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The rate-limit rules the gateway evaluated, with what is left of each. */
    public List<RateLimitState> rateLimits() {
        return rateLimits;
    }

    /** The gateway's {@code headers} map (lower-case keys such as {@code x-wacht-oauth-client-id}). */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof WachtPrincipal)) {
            return false;
        }
        WachtPrincipal other = (WachtPrincipal) o;
        return kind == other.kind && clientId.equals(other.clientId) && Objects.equals(subject, other.subject)
                && Objects.equals(keyId, other.keyId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, clientId, subject, keyId);
    }

    @Override
    public String toString() {
        return "WachtPrincipal[" + kind.wireName() + " via " + verifiedBy + ", subject=" + subject + ", clientId="
                + clientId + "]";
    }

    /** Assembles a principal; used by the verifiers of this package. */
    static final class Builder {
        private final VerificationSource verifiedBy;
        private final CredentialKind kind;
        private final String clientId;
        private @Nullable String subject;
        private @Nullable String keyId;
        private @Nullable String keyName;
        private Set<String> scopes = Set.of();
        private Set<String> permissions = Set.of();
        private @Nullable GrantedResource grantedResource;
        private @Nullable String organizationId;
        private @Nullable String workspaceId;
        private @Nullable String oauthResource;
        private @Nullable Instant expiresAt;
        private @Nullable String tokenId;
        private @Nullable String sessionId;
        private @Nullable String deploymentId;
        private @Nullable String appSlug;
        private @Nullable String requestId;
        private List<RateLimitState> rateLimits = List.of();
        private Map<String, String> headers = Map.of();

        private Builder(VerificationSource verifiedBy, CredentialKind kind, String clientId) {
            this.verifiedBy = verifiedBy;
            this.kind = kind;
            this.clientId = clientId;
        }

        Builder subject(@Nullable String v) {
            subject = v;
            return this;
        }

        Builder keyId(@Nullable String v) {
            keyId = v;
            return this;
        }

        Builder keyName(@Nullable String v) {
            keyName = v;
            return this;
        }

        Builder scopes(Iterable<String> v) {
            Set<String> s = new LinkedHashSet<>();
            v.forEach(s::add);
            scopes = s;
            return this;
        }

        Builder permissions(Iterable<String> v) {
            Set<String> s = new LinkedHashSet<>();
            v.forEach(s::add);
            permissions = s;
            return this;
        }

        /** Sets the granted resource and, from it, the organization or workspace id. */
        Builder grantedResource(@Nullable GrantedResource v) {
            grantedResource = v;
            if (v != null && v.type() == GrantedResource.Type.ORGANIZATION) {
                organizationId = v.id();
            } else if (v != null && v.type() == GrantedResource.Type.WORKSPACE) {
                workspaceId = v.id();
            }
            return this;
        }

        Builder organizationId(@Nullable String v) {
            organizationId = v;
            return this;
        }

        Builder workspaceId(@Nullable String v) {
            workspaceId = v;
            return this;
        }

        Builder oauthResource(@Nullable String v) {
            oauthResource = v;
            return this;
        }

        Builder expiresAt(@Nullable Instant v) {
            expiresAt = v;
            return this;
        }

        Builder tokenId(@Nullable String v) {
            tokenId = v;
            return this;
        }

        Builder sessionId(@Nullable String v) {
            sessionId = v;
            return this;
        }

        Builder deploymentId(@Nullable String v) {
            deploymentId = v;
            return this;
        }

        Builder appSlug(@Nullable String v) {
            appSlug = v;
            return this;
        }

        Builder requestId(@Nullable String v) {
            requestId = v;
            return this;
        }

        Builder rateLimits(List<RateLimitState> v) {
            rateLimits = v;
            return this;
        }

        /** Takes the map over: the principal wraps it without a copy, so it must not change afterwards. */
        Builder headers(Map<String, String> v) {
            headers = v;
            return this;
        }

        WachtPrincipal build() {
            return new WachtPrincipal(this);
        }
    }
}
