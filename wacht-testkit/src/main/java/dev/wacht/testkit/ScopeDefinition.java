package dev.wacht.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth scope definition of the emulated OAuth app (docs/wacht-wire.md, "How the gateway decides" step 3, "Management API"). A scope held by a
 * token contributes its {@code organization_permission} when the token's granted resource is an
 * organization and the category is {@code organization}, and its {@code workspace_permission} when
 * the granted resource is a workspace and the category is {@code workspace}. Immutable.
 */
public final class ScopeDefinition {
    private final String scope;
    private final String category;
    private final @Nullable String organizationPermission;
    private final @Nullable String workspacePermission;

    private ScopeDefinition(String scope, @Nullable String category, @Nullable String organizationPermission,
                            @Nullable String workspacePermission) {
        this.scope = Text.requireNonBlank(scope, "scope");
        this.category = category == null ? "" : category;
        if (!(this.category.isEmpty() || this.category.equals("personal") || this.category.equals("organization")
                || this.category.equals("workspace"))) {
            throw new IllegalArgumentException(
                    "category must be \"\", \"personal\", \"organization\" or \"workspace\", not \"" + category + "\"");
        }
        this.organizationPermission = organizationPermission;
        this.workspacePermission = workspacePermission;
    }

    /**
     * A definition with every field given; {@code category} is one of "", personal, organization, workspace
     * (null means ""), and either permission may be null (not mapped).
     */
    public static ScopeDefinition of(String scope, @Nullable String category, @Nullable String organizationPermission,
                                     @Nullable String workspacePermission) {
        return new ScopeDefinition(scope, category, organizationPermission, workspacePermission);
    }

    /** A workspace-category scope that maps to {@code workspacePermission}. */
    public static ScopeDefinition workspace(String scope, String workspacePermission) {
        return new ScopeDefinition(scope, "workspace", null, workspacePermission);
    }

    /** An organization-category scope that maps to {@code organizationPermission}. */
    public static ScopeDefinition organization(String scope, String organizationPermission) {
        return new ScopeDefinition(scope, "organization", organizationPermission, null);
    }

    /** The scope name. */
    public String scope() {
        return scope;
    }

    /** The category: "", personal, organization or workspace. */
    public String category() {
        return category;
    }

    /** The mapped organization permission, or null. */
    public @Nullable String organizationPermission() {
        return organizationPermission;
    }

    /** The mapped workspace permission, or null. */
    public @Nullable String workspacePermission() {
        return workspacePermission;
    }

    /** The permission this scope contributes for a granted resource of the given type, or null. */
    @Nullable String mappedPermission(@Nullable String grantedResourceType) {
        if ("organization".equals(grantedResourceType) && category.equals("organization")) {
            return organizationPermission;
        }
        if ("workspace".equals(grantedResourceType) && category.equals("workspace")) {
            return workspacePermission;
        }
        return null;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScopeDefinition)) {
            return false;
        }
        ScopeDefinition s = (ScopeDefinition) o;
        return scope.equals(s.scope) && category.equals(s.category)
                && Objects.equals(organizationPermission, s.organizationPermission)
                && Objects.equals(workspacePermission, s.workspacePermission);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, category, organizationPermission, workspacePermission);
    }

    @Override
    public String toString() {
        return "ScopeDefinition[scope=" + scope + ", category=" + category + ", organizationPermission="
                + organizationPermission + ", workspacePermission=" + workspacePermission + "]";
    }
}
