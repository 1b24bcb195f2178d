package dev.wacht.core;

/** Which path verified a credential; see {@link WachtPrincipal#verifiedBy()}. */
public enum VerificationSource {
    /** Wacht's gateway ({@code POST /v1/authz/check}): opaque OAuth access tokens and API keys. */
    GATEWAY,
    /**
     * This library, against the OAuth issuer's published signing keys: JWT access tokens. No
     * live revocation check was made; a revoked grant's JWTs stay valid until they expire.
     */
    LOCAL_JWT
}
