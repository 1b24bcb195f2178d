package dev.wacht.management;

import dev.wacht.core.internal.StrictJson;
import dev.wacht.management.internal.ManagementWire;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An OAuth app (one issuer) as listed by the management API. Immutable. */
public final class OAuthApp {
    private final String id;
    private final String slug;
    private final @Nullable String name;
    private final @Nullable String fqdn;
    private final List<String> supportedScopes;
    private final boolean active;
    private final @Nullable Instant createdAt;
    private final JsonObject json;

    OAuthApp(JsonObject o) {
        this.id = ManagementWire.requiredString(o, "id");
        this.slug = ManagementWire.requiredString(o, "slug");
        this.name = StrictJson.string(o, "name");
        this.fqdn = StrictJson.string(o, "fqdn");
        this.supportedScopes = ManagementWire.strings(o, "supported_scopes");
        this.active = ManagementWire.requiredBool(o, "is_active");
        this.createdAt = ManagementWire.instant(o, "created_at");
        this.json = o;
    }

    /** The record id. */
    public String id() {
        return id;
    }

    /** The slug used in management paths. */
    public String slug() {
        return slug;
    }

    /** The display name. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The issuer's host; the issuer is {@code https://<fqdn>}. */
    public Optional<String> fqdn() {
        return Optional.ofNullable(fqdn);
    }

    /** The scopes clients may ask for. */
    public List<String> supportedScopes() {
        return supportedScopes;
    }

    /** Whether the app is active. */
    public boolean active() {
        return active;
    }

    /** When the app was created. */
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    /** The object as Wacht sent it (JSON), including fields without an accessor here. */
    public String toJson() {
        return json.toString();
    }

    @Override
    public String toString() {
        return "OAuthApp[slug=" + slug + ", id=" + id + ", fqdn=" + fqdn + ", active=" + active + "]";
    }
}
