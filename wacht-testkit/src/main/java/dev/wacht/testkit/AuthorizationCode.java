package dev.wacht.testkit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An issued authorization code (docs/oauth-issuer.md, "Codes"), stored only by the SHA-256 of its value: 10 minutes,
 * single use, bound to the client, grant, {@code redirect_uri}, PKCE challenge, approved scopes, RFC 8707
 * resource and granted URN. Immutable; {@link #consumed} returns a copy.
 */
final class AuthorizationCode {
    static final java.time.Duration LIFETIME = java.time.Duration.ofMinutes(10);

    /** Increasing, to order codes issued within the same instant. */
    final String id;
    final String sha256;
    final String clientRecordId;
    final String grantId;
    final String userId;
    final String redirectUri;
    final @Nullable String codeChallenge;
    final @Nullable String codeChallengeMethod;
    final List<String> scopes;
    final @Nullable String resource;
    final GrantedResource grantedResource;
    final @Nullable String nonce;
    final Instant authTime;
    final Instant issuedAt;
    final Instant expiresAt;
    final @Nullable Instant consumedAt;

    AuthorizationCode(String id, String sha256, String clientRecordId, String grantId, String userId, String redirectUri,
                      @Nullable String codeChallenge, @Nullable String codeChallengeMethod, List<String> scopes,
                      @Nullable String resource, GrantedResource grantedResource, @Nullable String nonce,
                      Instant authTime, Instant issuedAt, @Nullable Instant consumedAt) {
        this.id = id;
        this.sha256 = sha256;
        this.clientRecordId = clientRecordId;
        this.grantId = grantId;
        this.userId = userId;
        this.redirectUri = redirectUri;
        this.codeChallenge = codeChallenge;
        this.codeChallengeMethod = codeChallengeMethod;
        this.scopes = List.copyOf(scopes);
        this.resource = resource;
        this.grantedResource = grantedResource;
        this.nonce = nonce;
        this.authTime = authTime;
        this.issuedAt = issuedAt;
        this.expiresAt = issuedAt.plus(LIFETIME);
        this.consumedAt = consumedAt;
    }

    AuthorizationCode consumed(Instant now) {
        return new AuthorizationCode(id, sha256, clientRecordId, grantId, userId, redirectUri, codeChallenge,
                codeChallengeMethod, scopes, resource, grantedResource, nonce, authTime, issuedAt, now);
    }

    /** Unconsumed and unexpired. */
    boolean isRedeemable(Instant now) {
        return consumedAt == null && now.isBefore(expiresAt);
    }
}
