package dev.wacht.testkit;

/** An OAuth app: one issuer, with a numeric id (part of its signing keys' kids). */
final class OAuthApp {
    final String id;
    final String slug;
    final String issuer;

    OAuthApp(String id, String slug, String issuer) {
        this.id = id;
        this.slug = slug;
        this.issuer = issuer;
    }
}
