package dev.wacht.testkit;

/**
 * A Wacht deployment. The emulator's data model is shaped like Wacht's: a deployment owns an API-auth
 * app ({@code aa_<id>}, API keys) and an OAuth app (slug, issuer, scope definitions); the OAuth app owns
 * clients, clients own grants, grants own opaque access tokens. Every model type is immutable; changes
 * replace the stored instance (see {@link Registry}).
 */
final class Deployment {
    final String id;

    Deployment(String id) {
        this.id = id;
    }

    /** The slug of the deployment's API-auth app that API keys belong to. */
    String apiAuthAppSlug() {
        return "aa_" + id;
    }
}
