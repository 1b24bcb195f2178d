package dev.wacht.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An authorization code the emulator issued, as {@link WachtEmulator#authorizationCodes()} reports it. The
 * code itself is not kept (only its hash), so it is identified by what it is bound to. Immutable.
 */
public final class IssuedCode {
    private final String clientId;
    private final String grantId;
    private final String userId;
    private final String redirectUri;
    private final List<String> scopes;
    private final @Nullable String resource;
    private final String grantedResource;
    private final @Nullable String codeChallengeMethod;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final @Nullable Instant consumedAt;

    IssuedCode(AuthorizationCode c, String clientId) {
        this.clientId = clientId;
        this.grantId = c.grantId;
        this.userId = c.userId;
        this.redirectUri = c.redirectUri;
        this.scopes = c.scopes;
        this.resource = c.resource;
        this.grantedResource = c.grantedResource.urn;
        this.codeChallengeMethod = c.codeChallenge == null ? null
                : c.codeChallengeMethod == null ? "S256" : c.codeChallengeMethod;
        this.issuedAt = c.issuedAt;
        this.expiresAt = c.expiresAt;
        this.consumedAt = c.consumedAt;
    }

    /** The client's public id. */
    public String clientId() {
        return clientId;
    }

    /** The grant the code redeems into (revoke it to stop the tokens). */
    public String grantId() {
        return grantId;
    }

    /** The consenting user's id. */
    public String userId() {
        return userId;
    }

    /** The {@code redirect_uri} the token request must repeat exactly. */
    public String redirectUri() {
        return redirectUri;
    }

    /** The approved scopes. */
    public List<String> scopes() {
        return scopes;
    }

    /** The RFC 8707 resource from {@code /oauth/authorize}, if any. */
    public Optional<String> resource() {
        return Optional.ofNullable(resource);
    }

    /** The granted resource URN. */
    public String grantedResource() {
        return grantedResource;
    }

    /** The PKCE method bound to the code ({@code S256} by default), empty when no challenge was sent. */
    public Optional<String> codeChallengeMethod() {
        return Optional.ofNullable(codeChallengeMethod);
    }

    /** When it was issued. */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** Ten minutes after issue. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** When it was redeemed, if it was. */
    public Optional<Instant> consumedAt() {
        return Optional.ofNullable(consumedAt);
    }

    @Override
    public String toString() {
        return "IssuedCode[clientId=" + clientId + ", grantId=" + grantId + ", userId=" + userId + ", scopes=" + scopes
                + ", grantedResource=" + grantedResource + ", consumed=" + (consumedAt != null) + "]";
    }
}
