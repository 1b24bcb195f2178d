package dev.wacht.testkit;

import java.time.Instant;
import java.util.List;

/** An opaque access token, stored only by the hex SHA-256 of its value. */
final class AccessToken {
    final String sha256;
    final String grantId;
    final String clientRecordId;
    final String userId;
    final List<String> scopes;
    final String oauthResource;
    final GrantedResource grantedResource;
    final Instant issuedAt;
    final Instant expiresAt;
    final Instant revokedAt;

    AccessToken(String sha256, String grantId, String clientRecordId, String userId, List<String> scopes,
                String oauthResource, GrantedResource grantedResource, Instant issuedAt, Instant expiresAt,
                Instant revokedAt) {
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
