package dev.wacht.management;

import dev.wacht.core.internal.StrictJson;
import dev.wacht.management.internal.ManagementWire;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A user's consent to an OAuth client, as the management API lists it. Immutable. */
public final class OAuthGrant {
    /** A grant's status. */
    public enum Status {
        /** In force: its tokens pass the gateway. */
        ACTIVE,
        /** Revoked: its opaque tokens fail at once. */
        REVOKED,
        /** Past its expiry. */
        EXPIRED
    }

    private final String id;
    private final @Nullable String oauthClientId;
    private final @Nullable String apiAuthAppSlug;
    private final @Nullable String resource;
    private final List<String> scopes;
    private final Status status;
    private final @Nullable Instant grantedAt;
    private final @Nullable Instant expiresAt;
    private final @Nullable Instant revokedAt;
    private final @Nullable String grantedByUserId;
    private final JsonObject json;

    OAuthGrant(JsonObject o) {
        this.id = ManagementWire.requiredString(o, "id");
        this.oauthClientId = StrictJson.string(o, "oauth_client_id");
        this.apiAuthAppSlug = StrictJson.string(o, "api_auth_app_slug");
        this.resource = StrictJson.string(o, "resource");
        this.scopes = ManagementWire.strings(o, "scopes");
        String s = ManagementWire.requiredString(o, "status");
        try {
            this.status = Status.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StrictJson.Malformed("status is not active, revoked or expired");
        }
        this.grantedAt = ManagementWire.instant(o, "granted_at");
        this.expiresAt = ManagementWire.instant(o, "expires_at");
        this.revokedAt = ManagementWire.instant(o, "revoked_at");
        this.grantedByUserId = StrictJson.string(o, "granted_by_user_id");
        this.json = o;
    }

    /** The grant's numeric id. */
    public String id() {
        return id;
    }

    /** The client's record id. */
    public Optional<String> oauthClientId() {
        return Optional.ofNullable(oauthClientId);
    }

    /** The API-auth app the grant's tokens are accounted to ({@code oauth_<user_id>}). */
    public Optional<String> apiAuthAppSlug() {
        return Optional.ofNullable(apiAuthAppSlug);
    }

    /** The granted resource URN ({@code urn:wacht:workspace:42}). */
    public Optional<String> resource() {
        return Optional.ofNullable(resource);
    }

    /** The granted scopes. */
    public List<String> scopes() {
        return scopes;
    }

    /** The status. */
    public Status status() {
        return status;
    }

    /** When consent was given. */
    public Optional<Instant> grantedAt() {
        return Optional.ofNullable(grantedAt);
    }

    /** When the grant expires, if it does. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** When it was revoked. */
    public Optional<Instant> revokedAt() {
        return Optional.ofNullable(revokedAt);
    }

    /** The user who consented. */
    public Optional<String> grantedByUserId() {
        return Optional.ofNullable(grantedByUserId);
    }

    /** The object as Wacht sent it (JSON). */
    public String toJson() {
        return json.toString();
    }

    @Override
    public String toString() {
        return "OAuthGrant[id=" + id + ", client=" + oauthClientId + ", resource=" + resource + ", scopes=" + scopes
                + ", status=" + status + "]";
    }
}
