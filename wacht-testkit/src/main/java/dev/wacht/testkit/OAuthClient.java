package dev.wacht.testkit;

import java.time.Instant;

/** An OAuth client registered with the OAuth app. */
final class OAuthClient {
    final String recordId;
    final String clientId;
    final String appSlug;
    final boolean active;
    final Instant createdAt;

    OAuthClient(String recordId, String clientId, String appSlug, boolean active, Instant createdAt) {
        this.recordId = recordId;
        this.clientId = clientId;
        this.appSlug = appSlug;
        this.active = active;
        this.createdAt = createdAt;
    }

    OAuthClient withActive(boolean value) {
        return new OAuthClient(recordId, clientId, appSlug, value, createdAt);
    }
}
