package dev.wacht.management;

import java.time.Instant;
import java.util.Objects;

/**
 * A client secret just issued by a rotation. <b>Persist it at once</b> (in the client's secret store):
 * Wacht shows a secret only when it is created or rotated, and the old secret stopped working the
 * moment it was rotated. {@link #toString()} masks the secret, so logging this object is safe; only
 * {@link #secret()} reveals it. Immutable.
 */
public final class RotatedClientSecret {
    private final String appSlug;
    private final String clientRecordId;
    private final String secret;
    private final Instant rotatedAt;

    RotatedClientSecret(String appSlug, String clientRecordId, String secret, Instant rotatedAt) {
        this.appSlug = appSlug;
        this.clientRecordId = clientRecordId;
        this.secret = Objects.requireNonNull(secret, "secret");
        this.rotatedAt = rotatedAt;
    }

    /** The OAuth app's slug. */
    public String appSlug() {
        return appSlug;
    }

    /** The client's numeric record id. */
    public String clientRecordId() {
        return clientRecordId;
    }

    /** The new secret ({@code oc_secret_…}). Never log it; store it now. */
    public String secret() {
        return secret;
    }

    /** When the rotation was confirmed. */
    public Instant rotatedAt() {
        return rotatedAt;
    }

    @Override
    public String toString() {
        return "RotatedClientSecret[app=" + appSlug + ", clientRecordId=" + clientRecordId + ", secret=oc_secret_…"
                + ", rotatedAt=" + rotatedAt + "]";
    }
}
