package dev.wacht.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to mint with {@link WachtEmulator#mintApiKey(ApiKeyRequest)}. Every field is optional: name
 * {@code "test-key"}, owner {@code "1"}, no organization or workspace, no permissions, empty metadata,
 * no expiry. Immutable.
 */
public final class ApiKeyRequest {
    private final List<String> permissions;
    private final List<String> organizationPermissions;
    private final List<String> workspacePermissions;
    private final @Nullable String keyId;
    private final @Nullable String name;
    private final @Nullable String ownerUserId;
    private final @Nullable String organizationId;
    private final @Nullable String workspaceId;
    private final @Nullable String organizationMembershipId;
    private final @Nullable String workspaceMembershipId;
    private final Map<String, Object> metadata;
    private final @Nullable Duration expiresIn;
    private final @Nullable Instant expiresAt;

    private ApiKeyRequest(Builder b) {
        this.permissions = List.copyOf(b.permissions);
        this.organizationPermissions = List.copyOf(b.organizationPermissions);
        this.workspacePermissions = List.copyOf(b.workspacePermissions);
        this.keyId = b.keyId;
        this.name = b.name;
        this.ownerUserId = b.ownerUserId;
        this.organizationId = b.organizationId;
        this.workspaceId = b.workspaceId;
        this.organizationMembershipId = b.organizationMembershipId;
        this.workspaceMembershipId = b.workspaceMembershipId;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.expiresIn = b.expiresIn;
        this.expiresAt = b.expiresAt;
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A key holding these permissions, everything else default. */
    public static ApiKeyRequest withPermissions(String... permissions) {
        return new Builder().permissions(permissions).build();
    }

    /** The key's own permissions. */
    public List<String> permissions() {
        return permissions;
    }

    /** Permissions of the key's organization role. */
    public List<String> organizationPermissions() {
        return organizationPermissions;
    }

    /** Permissions of the key's workspace role. */
    public List<String> workspacePermissions() {
        return workspacePermissions;
    }

    /** A fixed key id, or null for a generated one. */
    public @Nullable String keyId() {
        return keyId;
    }

    /** The key name, or null for the default. */
    public @Nullable String name() {
        return name;
    }

    /** The owner user id, or null for the default. */
    public @Nullable String ownerUserId() {
        return ownerUserId;
    }

    /** Organization id, or null. */
    public @Nullable String organizationId() {
        return organizationId;
    }

    /** Workspace id, or null. */
    public @Nullable String workspaceId() {
        return workspaceId;
    }

    /** Organization membership id, or null. */
    public @Nullable String organizationMembershipId() {
        return organizationMembershipId;
    }

    /** Workspace membership id, or null. */
    public @Nullable String workspaceMembershipId() {
        return workspaceMembershipId;
    }

    /** Free-form metadata (string, number or boolean values). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Lifetime, or null. */
    public @Nullable Duration expiresIn() {
        return expiresIn;
    }

    /** Absolute expiry (wins over {@link #expiresIn()}), or null. */
    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ApiKeyRequest)) {
            return false;
        }
        ApiKeyRequest a = (ApiKeyRequest) o;
        return permissions.equals(a.permissions) && organizationPermissions.equals(a.organizationPermissions)
                && workspacePermissions.equals(a.workspacePermissions) && Objects.equals(keyId, a.keyId)
                && Objects.equals(name, a.name) && Objects.equals(ownerUserId, a.ownerUserId)
                && Objects.equals(organizationId, a.organizationId) && Objects.equals(workspaceId, a.workspaceId)
                && Objects.equals(organizationMembershipId, a.organizationMembershipId)
                && Objects.equals(workspaceMembershipId, a.workspaceMembershipId) && metadata.equals(a.metadata)
                && Objects.equals(expiresIn, a.expiresIn) && Objects.equals(expiresAt, a.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(permissions, organizationPermissions, workspacePermissions, keyId, name, ownerUserId,
                organizationId, workspaceId, organizationMembershipId, workspaceMembershipId, metadata, expiresIn,
                expiresAt);
    }

    @Override
    public String toString() {
        return "ApiKeyRequest[permissions=" + permissions + ", keyId=" + keyId + ", name=" + name + ", ownerUserId="
                + ownerUserId + ", organizationId=" + organizationId + ", workspaceId=" + workspaceId + ", metadata="
                + metadata + ", expiresIn=" + expiresIn + ", expiresAt=" + expiresAt + "]";
    }

    /**
     * Mutable builder for {@link ApiKeyRequest}; not thread-safe. A null value given to a setter leaves that
     * field unset (its default).
     */
    public static final class Builder {
        private List<String> permissions = List.of();
        private List<String> organizationPermissions = List.of();
        private List<String> workspacePermissions = List.of();
        private @Nullable String keyId;
        private @Nullable String name;
        private @Nullable String ownerUserId;
        private @Nullable String organizationId;
        private @Nullable String workspaceId;
        private @Nullable String organizationMembershipId;
        private @Nullable String workspaceMembershipId;
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private @Nullable Duration expiresIn;
        private @Nullable Instant expiresAt;

        private Builder() {
        }

        /** The key's own permissions. */
        public Builder permissions(String... values) {
            return permissions(List.of(values));
        }

        /** The key's own permissions. */
        public Builder permissions(List<String> values) {
            this.permissions = nonBlank(values);
            return this;
        }

        /** Permissions of the key's organization role (merged into the effective permissions). */
        public Builder organizationPermissions(List<String> values) {
            this.organizationPermissions = nonBlank(values);
            return this;
        }

        /** Permissions of the key's workspace role (merged into the effective permissions). */
        public Builder workspacePermissions(List<String> values) {
            this.workspacePermissions = nonBlank(values);
            return this;
        }

        /** A fixed numeric key id (must be unused). */
        public Builder keyId(@Nullable String value) {
            this.keyId = value;
            return this;
        }

        /** The key name. */
        public Builder name(@Nullable String value) {
            this.name = value;
            return this;
        }

        /** The owner user id. */
        public Builder ownerUserId(@Nullable String value) {
            this.ownerUserId = value;
            return this;
        }

        /** The organization the key belongs to. */
        public Builder organizationId(@Nullable String value) {
            this.organizationId = value;
            return this;
        }

        /** The workspace the key belongs to. */
        public Builder workspaceId(@Nullable String value) {
            this.workspaceId = value;
            return this;
        }

        /** The owner's organization membership id. */
        public Builder organizationMembershipId(@Nullable String value) {
            this.organizationMembershipId = value;
            return this;
        }

        /** The owner's workspace membership id. */
        public Builder workspaceMembershipId(@Nullable String value) {
            this.workspaceMembershipId = value;
            return this;
        }

        /** Adds one metadata entry; the value must be a String, Number or Boolean. */
        public Builder metadata(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (!(value instanceof String || value instanceof Boolean || value instanceof Integer
                    || value instanceof Long || value instanceof Short || value instanceof Byte
                    || value instanceof BigInteger || value instanceof BigDecimal || value instanceof Double
                    || value instanceof Float)) {
                throw new IllegalArgumentException("metadata values must be strings, numbers or booleans: " + key);
            }
            if ((value instanceof Double && !Double.isFinite((Double) value))
                    || (value instanceof Float && !Float.isFinite((Float) value))) {
                throw new IllegalArgumentException("metadata numbers must be finite: " + key);
            }
            metadata.put(key, value);
            return this;
        }

        /** Adds every entry of {@code values} (see {@link #metadata(String, Object)}). */
        public Builder metadata(Map<String, ?> values) {
            for (Map.Entry<String, ?> e : values.entrySet()) {
                metadata(e.getKey(), e.getValue());
            }
            return this;
        }

        /** Lifetime from the emulator clock's now (zero or negative for an already expired key). */
        public Builder expiresIn(@Nullable Duration value) {
            this.expiresIn = value;
            return this;
        }

        /** Absolute expiry; wins over {@link #expiresIn(Duration)}. */
        public Builder expiresAt(@Nullable Instant value) {
            this.expiresAt = value;
            return this;
        }

        /** The immutable request. */
        public ApiKeyRequest build() {
            return new ApiKeyRequest(this);
        }

        private static List<String> nonBlank(List<String> values) {
            List<String> copy = new ArrayList<>();
            for (String v : values) {
                copy.add(Text.requireNonBlank(v, "permission"));
            }
            return copy;
        }
    }
}
