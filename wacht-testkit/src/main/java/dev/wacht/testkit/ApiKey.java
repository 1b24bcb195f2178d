package dev.wacht.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An API key of the deployment's API-auth app, stored only by the hex SHA-256 of its value. */
final class ApiKey {
    final String sha256;
    final String keyId;
    final String name;
    final String appSlug;
    final String ownerUserId;
    final @Nullable String organizationId;
    final @Nullable String workspaceId;
    final @Nullable String organizationMembershipId;
    final @Nullable String workspaceMembershipId;
    final List<String> permissions;
    final List<String> organizationPermissions;
    final List<String> workspacePermissions;
    final Map<String, Object> metadata;
    final boolean active;
    final @Nullable Instant expiresAt;

    ApiKey(String sha256, String keyId, String name, String appSlug, String ownerUserId,
           @Nullable String organizationId, @Nullable String workspaceId, @Nullable String organizationMembershipId,
           @Nullable String workspaceMembershipId, List<String> permissions, List<String> organizationPermissions,
           List<String> workspacePermissions, Map<String, Object> metadata, boolean active,
           @Nullable Instant expiresAt) {
        this.sha256 = sha256;
        this.keyId = keyId;
        this.name = name;
        this.appSlug = appSlug;
        this.ownerUserId = ownerUserId;
        this.organizationId = organizationId;
        this.workspaceId = workspaceId;
        this.organizationMembershipId = organizationMembershipId;
        this.workspaceMembershipId = workspaceMembershipId;
        this.permissions = List.copyOf(permissions);
        this.organizationPermissions = List.copyOf(organizationPermissions);
        this.workspacePermissions = List.copyOf(workspacePermissions);
        this.metadata = metadata;
        this.active = active;
        this.expiresAt = expiresAt;
    }

    ApiKey deactivated() {
        return new ApiKey(sha256, keyId, name, appSlug, ownerUserId, organizationId, workspaceId,
                organizationMembershipId, workspaceMembershipId, permissions, organizationPermissions,
                workspacePermissions, metadata, false, expiresAt);
    }

    boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
