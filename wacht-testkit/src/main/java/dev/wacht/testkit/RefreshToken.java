package dev.wacht.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A refresh token {@code ort_…}, stored only by the SHA-256 of its value (docs/oauth-issuer.md, "Refresh tokens"): 30 days
 * from its own issue, rotated on every use, linked to the token that replaced it so that a replay can
 * revoke the rest of the chain. Immutable.
 */
final class RefreshToken {
    static final Duration LIFETIME = Duration.ofDays(30);

    final String sha256;
    final String clientRecordId;
    final String grantId;
    final String userId;
    final List<String> scopes;
    final @Nullable String oauthResource;
    final GrantedResource grantedResource;
    final Instant issuedAt;
    final @Nullable Instant revokedAt;
    /** The SHA-256 of the token issued when this one was used, or null. */
    final @Nullable String replacedBySha256;

    RefreshToken(String sha256, String clientRecordId, String grantId, String userId, List<String> scopes,
                 @Nullable String oauthResource, GrantedResource grantedResource, Instant issuedAt,
                 @Nullable Instant revokedAt, @Nullable String replacedBySha256) {
        this.sha256 = sha256;
        this.clientRecordId = clientRecordId;
        this.grantId = grantId;
        this.userId = userId;
        this.scopes = List.copyOf(scopes);
        this.oauthResource = oauthResource;
        this.grantedResource = grantedResource;
        this.issuedAt = issuedAt;
        this.revokedAt = revokedAt;
        this.replacedBySha256 = replacedBySha256;
    }

    RefreshToken revoked(Instant now) {
        return revokedAt != null ? this : new RefreshToken(sha256, clientRecordId, grantId, userId, scopes,
                oauthResource, grantedResource, issuedAt, now, replacedBySha256);
    }

    RefreshToken replacedBy(String sha, Instant now) {
        return new RefreshToken(sha256, clientRecordId, grantId, userId, scopes, oauthResource, grantedResource,
                issuedAt, revokedAt != null ? revokedAt : now, sha);
    }

    boolean isUsable(Instant now) {
        return revokedAt == null && now.isBefore(issuedAt.plus(LIFETIME));
    }
}
