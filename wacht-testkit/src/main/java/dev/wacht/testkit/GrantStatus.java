package dev.wacht.testkit;

import java.util.Locale;

/** The status of a grant, as in {@code OAuthGrant.status}. */
enum GrantStatus {
    ACTIVE, REVOKED, EXPIRED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
