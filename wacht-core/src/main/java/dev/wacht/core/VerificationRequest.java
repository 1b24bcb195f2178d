package dev.wacht.core;

import java.util.Objects;

/** A well-formed credential of a known kind, together with the request it was presented with. */
public final class VerificationRequest {
    private final BearerCredential credential;
    private final CredentialKind kind;
    private final AccessRequest request;

    /** Pairs a parsed credential and its kind with the request. */
    public VerificationRequest(BearerCredential credential, CredentialKind kind, AccessRequest request) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.request = Objects.requireNonNull(request, "request");
    }

    /** The credential to verify. */
    public BearerCredential credential() {
        return credential;
    }

    /** The kind the credential is verified as. */
    public CredentialKind kind() {
        return kind;
    }

    /** The request: method, resource, required permissions, client IP and User-Agent. */
    public AccessRequest request() {
        return request;
    }

    @Override
    public String toString() {
        return "VerificationRequest[" + kind.wireName() + " " + credential.fingerprint() + ", " + request + "]";
    }
}
