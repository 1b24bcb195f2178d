package dev.wacht.testkit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A validated {@code /oauth/authorize} request waiting for consent: what Wacht signs into its consent
 * request token and keeps in the consent hand-off (docs/oauth-issuer.md, "Consent"). Immutable.
 */
final class AuthorizeRequest {
    /** The hand-off id, {@code och_} plus 24 characters. */
    final String handoffId;
    final String clientRecordId;
    final String redirectUri;
    final List<String> scopes;
    final @Nullable String resource;
    final @Nullable String state;
    final @Nullable String codeChallenge;
    final @Nullable String codeChallengeMethod;
    final @Nullable String nonce;
    final List<String> prompt;
    final Instant requestedAt;
    final Instant expiresAt;

    AuthorizeRequest(String handoffId, String clientRecordId, String redirectUri, List<String> scopes,
                     @Nullable String resource, @Nullable String state, @Nullable String codeChallenge,
                     @Nullable String codeChallengeMethod, @Nullable String nonce,
                     List<String> prompt, Instant requestedAt, Instant expiresAt) {
        this.handoffId = handoffId;
        this.clientRecordId = clientRecordId;
        this.redirectUri = redirectUri;
        this.scopes = List.copyOf(scopes);
        this.resource = resource;
        this.state = state;
        this.codeChallenge = codeChallenge;
        this.codeChallengeMethod = codeChallengeMethod;
        this.nonce = nonce;
        this.prompt = List.copyOf(prompt);
        this.requestedAt = requestedAt;
        this.expiresAt = expiresAt;
    }
}
