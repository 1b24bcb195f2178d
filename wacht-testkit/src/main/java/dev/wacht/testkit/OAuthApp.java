package dev.wacht.testkit;

/** An OAuth app: one issuer. */
final class OAuthApp {
    final String slug;
    final String issuer;

    OAuthApp(String slug, String issuer) {
        this.slug = slug;
        this.issuer = issuer;
    }
}
