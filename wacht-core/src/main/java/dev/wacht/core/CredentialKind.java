package dev.wacht.core;

import java.util.Locale;

/** The kinds of bearer credential that Wacht's gateway verifies, with their wire names. */
public enum CredentialKind {
    /** An OAuth access token issued by a Wacht OAuth app (opaque {@code oat_…} or JWT). */
    OAUTH_ACCESS_TOKEN("oauth_access_token"),
    /** A Wacht API key. */
    API_KEY("api_key");

    private final String wireName;

    CredentialKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name the gateway uses for this kind in {@code principal.type}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a configured kind: the wire name or a short alias ({@code oauth}, {@code api-key}),
     * case-insensitively.
     *
     * @throws IllegalArgumentException if the name is none of these
     */
    public static CredentialKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (n) {
            case "oauth_access_token":
            case "oauth":
                return OAUTH_ACCESS_TOKEN;
            case "api_key":
                return API_KEY;
            default:
                throw new IllegalArgumentException("unknown credential kind " + WachtConfig.quoted(name.trim())
                        + " (expected oauth_access_token or api_key)");
        }
    }
}
