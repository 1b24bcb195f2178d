package dev.wacht.testkit;

import java.time.Instant;
import java.util.List;

/** A grant as {@link WachtEmulator#grants()} reports it: a user's consent to a client. Immutable. */
public final class IssuedGrant {
    private final String id;
    private final String clientId;
    private final String userId;
    private final String grantedResource;
    private final List<String> scopes;
    private final String status;
    private final Instant grantedAt;

    IssuedGrant(Grant g, String clientId, Instant now) {
        this.id = g.id;
        this.clientId = clientId;
        this.userId = g.userId;
        this.grantedResource = g.grantedResource.urn;
        this.scopes = g.scopes;
        this.status = g.wireStatus(now);
        this.grantedAt = g.grantedAt;
    }

    /** The grant's numeric id (for {@link WachtEmulator#revokeGrant(String)}). */
    public String id() {
        return id;
    }

    /** The client's public id. */
    public String clientId() {
        return clientId;
    }

    /** The consenting user's id. */
    public String userId() {
        return userId;
    }

    /** The granted resource URN. */
    public String grantedResource() {
        return grantedResource;
    }

    /** The granted scopes. */
    public List<String> scopes() {
        return scopes;
    }

    /** {@code active}, {@code revoked} or {@code expired}. */
    public String status() {
        return status;
    }

    /** When consent was given. */
    public Instant grantedAt() {
        return grantedAt;
    }

    @Override
    public String toString() {
        return "IssuedGrant[id=" + id + ", clientId=" + clientId + ", userId=" + userId + ", grantedResource="
                + grantedResource + ", scopes=" + scopes + ", status=" + status + "]";
    }
}
