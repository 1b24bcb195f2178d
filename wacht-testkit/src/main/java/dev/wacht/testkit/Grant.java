package dev.wacht.testkit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A user's consent to a client for a granted resource and scopes. */
final class Grant {
    final String id;
    final String clientRecordId;
    final String userId;
    final GrantedResource grantedResource;
    final List<String> scopes;
    final @Nullable String oauthResource;
    final GrantStatus status;
    final Instant grantedAt;
    final @Nullable Instant expiresAt;
    final @Nullable Instant revokedAt;

    Grant(String id, String clientRecordId, String userId, GrantedResource grantedResource, List<String> scopes,
          @Nullable String oauthResource, GrantStatus status, Instant grantedAt, @Nullable Instant expiresAt,
          @Nullable Instant revokedAt) {
        this.id = id;
        this.clientRecordId = clientRecordId;
        this.userId = userId;
        this.grantedResource = grantedResource;
        this.scopes = List.copyOf(scopes);
        this.oauthResource = oauthResource;
        this.status = status;
        this.grantedAt = grantedAt;
        this.expiresAt = expiresAt;
        this.revokedAt = revokedAt;
    }

    Grant revoked(Instant now) {
        return new Grant(id, clientRecordId, userId, grantedResource, scopes, oauthResource, GrantStatus.REVOKED,
                grantedAt, expiresAt, now);
    }

    Grant expired(Instant now) {
        return new Grant(id, clientRecordId, userId, grantedResource, scopes, oauthResource, GrantStatus.EXPIRED,
                grantedAt, now, revokedAt);
    }

    /** The status as reported: an active grant past its expiry is {@code expired}. */
    String wireStatus(Instant now) {
        return status == GrantStatus.ACTIVE && !isUsable(now) ? GrantStatus.EXPIRED.wireName() : status.wireName();
    }

    /** Active and not past its expiry. */
    boolean isUsable(Instant now) {
        return status == GrantStatus.ACTIVE && (expiresAt == null || now.isBefore(expiresAt));
    }
}
