package dev.wacht.testkit;

import java.net.URI;
import java.time.Instant;

/** An OAuth app: one issuer, with its numeric record id (part of its signing keys' kids) and creation time. */
final class OAuthApp {
    final String id;
    final String slug;
    final String issuer;
    final Instant createdAt;

    OAuthApp(String id, String slug, String issuer, Instant createdAt) {
        this.id = id;
        this.slug = slug;
        this.issuer = issuer;
        this.createdAt = createdAt;
    }

    /** The issuer's host (and port, when it has one): Wacht's bare {@code fqdn}. */
    String fqdn() {
        URI u = URI.create(issuer);
        return u.getHost() == null ? issuer : u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    }
}
