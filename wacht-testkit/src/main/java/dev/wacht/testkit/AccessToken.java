package dev.wacht.testkit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An opaque access token, stored only by the hex SHA-256 of its value. */
final class AccessToken {
    final String sha256;
    final String grantId;
    final String clientRecordId;
    final String userId;
    final List<String> scopes;
    final @Nullable String oauthResource;
    final GrantedResource grantedResource;
    final Instant issuedAt;
    final Instant expiresAt;
    final @Nullable Instant revokedAt;

    AccessToken(String sha256, String grantId, String clientRecordId, String userId, List<String> scopes,
                @Nullable String oauthResource, GrantedResource grantedResource, Instant issuedAt, Instant expiresAt,
                @Nullable Instant revokedAt) {
        this.sha256 = sha256;
        this.grantId = grantId;
        this.clientRecordId = clientRecordId;
        this.userId = userId;
        this.scopes = List.copyOf(scopes);
        this.oauthResource = oauthResource;
        this.grantedResource = grantedResource;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.revokedAt = revokedAt;
    }

    AccessToken revoked(Instant now) {
        return new AccessToken(sha256, grantId, clientRecordId, userId, scopes, oauthResource, grantedResource,
                issuedAt, expiresAt, now);
    }

    AccessToken expired(Instant now) {
        return new AccessToken(sha256, grantId, clientRecordId, userId, scopes, oauthResource, grantedResource,
                issuedAt, now, revokedAt);
    }

    boolean isUsable(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    /** The API-auth app OAuth checks are accounted to. */
    String appSlug() {
        return "oauth_" + userId;
    }
}
