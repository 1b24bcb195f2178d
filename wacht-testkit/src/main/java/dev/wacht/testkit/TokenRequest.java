package dev.wacht.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to mint with {@link WachtEmulator#mintToken(TokenRequest)} (an opaque OAuth access token) or
 * {@link WachtEmulator#mintJwt(TokenRequest)} (a JWT access token) and, unless
 * {@link Builder#grantId(String)} names an existing grant, a new grant for it. Every field is
 * optional; unset fields take the emulator's defaults (the default client, user {@code "1"}, granted
 * resource {@code urn:wacht:user:<user_id>}, no scopes, one hour lifetime). Immutable.
 */
public final class TokenRequest {
    private final @Nullable List<String> scopes;
    private final @Nullable String clientId;
    private final @Nullable String clientRecordId;
    private final @Nullable String userId;
    private final @Nullable String grantedResource;
    private final @Nullable String oauthResource;
    private final @Nullable Duration expiresIn;
    private final @Nullable Instant expiresAt;
    private final @Nullable String grantId;
    private final @Nullable String sessionId;

    private TokenRequest(Builder b) {
        this.scopes = b.scopes == null ? null : Collections.unmodifiableList(new ArrayList<>(b.scopes));
        this.clientId = b.clientId;
        this.clientRecordId = b.clientRecordId;
        this.userId = b.userId;
        this.grantedResource = b.grantedResource;
        this.oauthResource = b.oauthResource;
        this.expiresIn = b.expiresIn;
        this.expiresAt = b.expiresAt;
        this.grantId = b.grantId;
        this.sessionId = b.sessionId;
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A request with every default. */
    public static TokenRequest defaults() {
        return new Builder().build();
    }

    /** A request for a token holding these scopes, everything else default. */
    public static TokenRequest withScopes(String... scopes) {
        return new Builder().scopes(scopes).build();
    }

    /** A builder initialised from this request. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.scopes = scopes == null ? null : new ArrayList<>(scopes);
        b.clientId = clientId;
        b.clientRecordId = clientRecordId;
        b.userId = userId;
        b.grantedResource = grantedResource;
        b.oauthResource = oauthResource;
        b.expiresIn = expiresIn;
        b.expiresAt = expiresAt;
        b.grantId = grantId;
        b.sessionId = sessionId;
        return b;
    }

    /** Scopes, or null for the default (none, or the grant's scopes when minting on a grant). */
    public @Nullable List<String> scopes() {
        return scopes;
    }

    /** Public client id ({@code oc_…}), or null. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** The client's numeric record id, or null. */
    public @Nullable String clientRecordId() {
        return clientRecordId;
    }

    /** The consenting user's id, or null. */
    public @Nullable String userId() {
        return userId;
    }

    /** The granted resource URN, or null. */
    public @Nullable String grantedResource() {
        return grantedResource;
    }

    /** The RFC 8707 resource the client asked for, or null. */
    public @Nullable String oauthResource() {
        return oauthResource;
    }

    /** Lifetime, or null. */
    public @Nullable Duration expiresIn() {
        return expiresIn;
    }

    /** Absolute expiry (wins over {@link #expiresIn()}), or null. */
    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    /** An existing grant to mint on, or null for a new grant. */
    public @Nullable String grantId() {
        return grantId;
    }

    /** The Wacht session id put in a JWT's {@code sid} claim, or null for none. */
    public @Nullable String sessionId() {
        return sessionId;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TokenRequest)) {
            return false;
        }
        TokenRequest t = (TokenRequest) o;
        return Objects.equals(scopes, t.scopes) && Objects.equals(clientId, t.clientId)
                && Objects.equals(clientRecordId, t.clientRecordId) && Objects.equals(userId, t.userId)
                && Objects.equals(grantedResource, t.grantedResource) && Objects.equals(oauthResource, t.oauthResource)
                && Objects.equals(expiresIn, t.expiresIn) && Objects.equals(expiresAt, t.expiresAt)
                && Objects.equals(grantId, t.grantId) && Objects.equals(sessionId, t.sessionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scopes, clientId, clientRecordId, userId, grantedResource, oauthResource, expiresIn,
                expiresAt, grantId, sessionId);
    }

    @Override
    public String toString() {
        return "TokenRequest[scopes=" + scopes + ", clientId=" + clientId + ", clientRecordId=" + clientRecordId
                + ", userId=" + userId + ", grantedResource=" + grantedResource + ", oauthResource=" + oauthResource
                + ", expiresIn=" + expiresIn + ", expiresAt=" + expiresAt + ", grantId=" + grantId + ", sessionId="
                + sessionId + "]";
    }

    /**
     * Mutable builder for {@link TokenRequest}; not thread-safe. A null value given to a setter leaves that
     * field unset (its default).
     */
    public static final class Builder {
        private @Nullable List<String> scopes;
        private @Nullable String clientId;
        private @Nullable String clientRecordId;
        private @Nullable String userId;
        private @Nullable String grantedResource;
        private @Nullable String oauthResource;
        private @Nullable Duration expiresIn;
        private @Nullable Instant expiresAt;
        private @Nullable String grantId;
        private @Nullable String sessionId;

        private Builder() {
        }

        /** The token's scopes (duplicates are dropped, order kept). */
        public Builder scopes(String... values) {
            return scopes(List.of(values));
        }

        /** The token's scopes (duplicates are dropped, order kept). */
        public Builder scopes(List<String> values) {
            List<String> copy = new ArrayList<>();
            for (String s : new LinkedHashSet<>(values)) {
                copy.add(Text.requireNonBlank(s, "scope"));
            }
            this.scopes = copy;
            return this;
        }

        /** The public client id; an unknown id creates that client. */
        public Builder clientId(@Nullable String value) {
            this.clientId = value;
            return this;
        }

        /** The client's numeric record id (reported as {@code identity.key_id}). */
        public Builder clientRecordId(@Nullable String value) {
            this.clientRecordId = value;
            return this;
        }

        /** The consenting user. */
        public Builder userId(@Nullable String value) {
            this.userId = value;
            return this;
        }

        /** The granted resource, {@code urn:wacht:user|organization|workspace:<id>}. */
        public Builder grantedResource(@Nullable String value) {
            this.grantedResource = value;
            return this;
        }

        /** The RFC 8707 resource URI the client requested ({@code metadata.oauth_resource}). */
        public Builder oauthResource(@Nullable String value) {
            this.oauthResource = value;
            return this;
        }

        /** Lifetime from the emulator clock's now (may be zero or negative for an already expired token). */
        public Builder expiresIn(@Nullable Duration value) {
            this.expiresIn = value;
            return this;
        }

        /** Absolute expiry instant; wins over {@link #expiresIn(Duration)}. */
        public Builder expiresAt(@Nullable Instant value) {
            this.expiresAt = value;
            return this;
        }

        /** Mint on this existing grant instead of creating a grant. */
        public Builder grantId(@Nullable String value) {
            this.grantId = value;
            return this;
        }

        /** The session id a JWT carries in {@code sid} (JWTs only; none by default). */
        public Builder sessionId(@Nullable String value) {
            this.sessionId = value;
            return this;
        }

        /** The immutable request. */
        public TokenRequest build() {
            return new TokenRequest(this);
        }
    }
}
