package dev.wacht.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** An opaque OAuth access token minted by the emulator, with the ids the gateway will report for it. Immutable. */
public final class MintedToken {
    private final String accessToken;
    private final String grantId;
    private final String clientId;
    private final String clientRecordId;
    private final String oauthAppSlug;
    private final String userId;
    private final String grantedResource;
    private final List<String> scopes;
    private final Instant expiresAt;

    MintedToken(String accessToken, String grantId, String clientId, String clientRecordId, String oauthAppSlug,
                String userId, String grantedResource, List<String> scopes, Instant expiresAt) {
        this.accessToken = accessToken;
        this.grantId = grantId;
        this.clientId = clientId;
        this.clientRecordId = clientRecordId;
        this.oauthAppSlug = oauthAppSlug;
        this.userId = userId;
        this.grantedResource = grantedResource;
        this.scopes = List.copyOf(scopes);
        this.expiresAt = expiresAt;
    }

    /** The token, {@code oat_} followed by 43 base64url characters. */
    public String accessToken() {
        return accessToken;
    }

    /** The grant's numeric id. */
    public String grantId() {
        return grantId;
    }

    /** The client's public id ({@code oc_…}). */
    public String clientId() {
        return clientId;
    }

    /** The client's numeric record id (the {@code {id}} of the management routes). */
    public String clientRecordId() {
        return clientRecordId;
    }

    /** The slug of the OAuth app the client belongs to (the {@code {slug}} of the management routes). */
    public String oauthAppSlug() {
        return oauthAppSlug;
    }

    /** The consenting user's id. */
    public String userId() {
        return userId;
    }

    /** The granted resource URN. */
    public String grantedResource() {
        return grantedResource;
    }

    /** The token's scopes. */
    public List<String> scopes() {
        return scopes;
    }

    /** When the token expires. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MintedToken)) {
            return false;
        }
        MintedToken m = (MintedToken) o;
        return accessToken.equals(m.accessToken) && grantId.equals(m.grantId) && clientId.equals(m.clientId)
                && clientRecordId.equals(m.clientRecordId) && oauthAppSlug.equals(m.oauthAppSlug)
                && userId.equals(m.userId)
                && grantedResource.equals(m.grantedResource) && scopes.equals(m.scopes)
                && expiresAt.equals(m.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessToken, grantId, clientId, clientRecordId, oauthAppSlug, userId, grantedResource,
                scopes, expiresAt);
    }

    @Override
    public String toString() {
        return "MintedToken[accessToken=oat_…, grantId=" + grantId + ", clientId=" + clientId + ", clientRecordId="
                + clientRecordId + ", oauthAppSlug=" + oauthAppSlug + ", userId=" + userId + ", grantedResource="
                + grantedResource + ", scopes=" + scopes
                + ", expiresAt=" + expiresAt + "]";
    }
}
