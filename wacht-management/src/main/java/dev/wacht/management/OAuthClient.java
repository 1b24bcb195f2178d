package dev.wacht.management;

import dev.wacht.core.internal.StrictJson;
import dev.wacht.management.internal.ManagementWire;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth client as the management API describes it. Never holds a client secret: one in the answer
 * is dropped. Immutable.
 */
public final class OAuthClient {
    private final String id;
    private final @Nullable String oauthAppId;
    private final String clientId;
    private final String clientAuthMethod;
    private final @Nullable String clientName;
    private final List<String> grantTypes;
    private final List<String> redirectUris;
    private final boolean active;
    private final String accessTokenFormat;
    private final int accessTokenTtlSeconds;
    private final @Nullable Instant createdAt;
    private final @Nullable Instant updatedAt;
    private final JsonObject json;

    OAuthClient(JsonObject o) {
        this.id = ManagementWire.requiredString(o, "id");
        this.oauthAppId = StrictJson.string(o, "oauth_app_id");
        this.clientId = ManagementWire.requiredString(o, "client_id");
        this.clientAuthMethod = ManagementWire.requiredString(o, "client_auth_method");
        this.clientName = StrictJson.string(o, "client_name");
        this.grantTypes = ManagementWire.strings(o, "grant_types");
        this.redirectUris = ManagementWire.strings(o, "redirect_uris");
        this.active = ManagementWire.requiredBool(o, "is_active");
        this.accessTokenFormat = ManagementWire.requiredString(o, "access_token_format");
        Long ttl = StrictJson.integer(o, "access_token_ttl_seconds");
        if (ttl == null || ttl < 0 || ttl > Integer.MAX_VALUE) {
            throw new StrictJson.Malformed("access_token_ttl_seconds is missing or out of range");
        }
        this.accessTokenTtlSeconds = ttl.intValue();
        this.createdAt = ManagementWire.instant(o, "created_at");
        this.updatedAt = ManagementWire.instant(o, "updated_at");
        this.json = o.containsKey("client_secret") ? Json.createObjectBuilder(o).remove("client_secret").build() : o;
    }

    /** The numeric record id: the {@code {id}} of the management paths. */
    public String id() {
        return id;
    }

    /** The record id of the OAuth app. */
    public Optional<String> oauthAppId() {
        return Optional.ofNullable(oauthAppId);
    }

    /** The public client id ({@code oc_…}) the gateway reports. */
    public String clientId() {
        return clientId;
    }

    /** How the client authenticates: {@code client_secret_basic}, {@code client_secret_post}, {@code none}, … */
    public String clientAuthMethod() {
        return clientAuthMethod;
    }

    /** The registered name. */
    public Optional<String> clientName() {
        return Optional.ofNullable(clientName);
    }

    /** The grant types. */
    public List<String> grantTypes() {
        return grantTypes;
    }

    /** The redirect URIs. */
    public List<String> redirectUris() {
        return redirectUris;
    }

    /** False once deactivated (its existing tokens still pass the gateway until they expire). */
    public boolean active() {
        return active;
    }

    /** {@code opaque} or {@code jwt}. */
    public String accessTokenFormat() {
        return accessTokenFormat;
    }

    /** The lifetime of new access tokens, in seconds. */
    public int accessTokenTtlSeconds() {
        return accessTokenTtlSeconds;
    }

    /** When the client was created. */
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    /** When the client was last changed. */
    public Optional<Instant> updatedAt() {
        return Optional.ofNullable(updatedAt);
    }

    /** The object as Wacht sent it (JSON, without any secret), including fields without an accessor here. */
    public String toJson() {
        return json.toString();
    }

    @Override
    public String toString() {
        return "OAuthClient[id=" + id + ", clientId=" + clientId + ", authMethod=" + clientAuthMethod + ", active="
                + active + ", accessTokenFormat=" + accessTokenFormat + ", ttl=" + accessTokenTtlSeconds + "s]";
    }
}
