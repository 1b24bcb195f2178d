package dev.wacht.testkit;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth client registered with the OAuth app. Its secret is kept only as a SHA-256 hash. Immutable;
 * changes ({@link #withActive}, {@link #withSecretSha256}, {@link #withTokenSettings}, {@link #withMetadata})
 * return a copy.
 */
final class OAuthClient {
    static final String DEFAULT_AUTH_METHOD = "client_secret_basic";
    /** The client authentication methods (docs/wacht-wire.md, "OAuth issuer"). */
    static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post", "client_secret_jwt",
            "private_key_jwt", "none");
    static final String DEFAULT_TOKEN_FORMAT = "opaque";
    static final int DEFAULT_TOKEN_TTL_SECONDS = 3600;
    static final String SECRET_PREFIX = "oc_secret_";

    final String recordId;
    final String clientId;
    final String appSlug;
    final boolean active;
    final Instant createdAt;
    final Instant updatedAt;
    final String authMethod;
    /** Null for clients without a secret ({@code none}, {@code private_key_jwt}). */
    final @Nullable String secretSha256;
    final String accessTokenFormat;
    final int accessTokenTtlSeconds;
    final ClientMetadata metadata;
    /** The SHA-256 of the RFC 7592 registration access token; null when there is none (or after deletion). */
    final @Nullable String registrationTokenSha256;

    private OAuthClient(String recordId, String clientId, String appSlug, boolean active, Instant createdAt,
                        Instant updatedAt, String authMethod, @Nullable String secretSha256, String accessTokenFormat,
                        int accessTokenTtlSeconds, ClientMetadata metadata,
                        @Nullable String registrationTokenSha256) {
        this.recordId = recordId;
        this.clientId = clientId;
        this.appSlug = appSlug;
        this.active = active;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.authMethod = authMethod;
        this.secretSha256 = secretSha256;
        this.accessTokenFormat = accessTokenFormat;
        this.accessTokenTtlSeconds = accessTokenTtlSeconds;
        this.metadata = metadata;
        this.registrationTokenSha256 = registrationTokenSha256;
    }

    /** A new active client with default token settings. */
    static OAuthClient create(String recordId, String clientId, String appSlug, String authMethod,
                              @Nullable String secretSha256, ClientMetadata metadata,
                              @Nullable String registrationTokenSha256,
                              Instant now) {
        return new OAuthClient(recordId, clientId, appSlug, true, now, now, authMethod, secretSha256,
                DEFAULT_TOKEN_FORMAT, DEFAULT_TOKEN_TTL_SECONDS, metadata, registrationTokenSha256);
    }

    /** Whether the auth method uses a client secret (rotation is refused for the others). */
    static boolean usesSecret(String authMethod) {
        return !authMethod.equals("none") && !authMethod.equals("private_key_jwt");
    }

    /** Deactivation also clears the registration access token, as Wacht's does. */
    OAuthClient withActive(boolean value, Instant now) {
        return new OAuthClient(recordId, clientId, appSlug, value, createdAt, now, authMethod, secretSha256,
                accessTokenFormat, accessTokenTtlSeconds, metadata, value ? registrationTokenSha256 : null);
    }

    OAuthClient withSecretSha256(String value, Instant now) {
        return new OAuthClient(recordId, clientId, appSlug, active, createdAt, now, authMethod, value,
                accessTokenFormat, accessTokenTtlSeconds, metadata, registrationTokenSha256);
    }

    OAuthClient withTokenSettings(String format, int ttlSeconds, Instant now) {
        return new OAuthClient(recordId, clientId, appSlug, active, createdAt, now, authMethod, secretSha256, format,
                ttlSeconds, metadata, registrationTokenSha256);
    }

    /** A registration update: new metadata and, when given, a new auth method (its secret is kept). */
    OAuthClient withMetadata(ClientMetadata value, String method, Instant now) {
        return new OAuthClient(recordId, clientId, appSlug, active, createdAt, now, method, secretSha256,
                accessTokenFormat, accessTokenTtlSeconds, value, registrationTokenSha256);
    }

    /** Whether a client uses public-client PKCE rules ({@code none}). */
    boolean isPublic() {
        return authMethod.equals("none");
    }
}
