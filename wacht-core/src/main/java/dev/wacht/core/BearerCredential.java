package dev.wacht.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A bearer credential taken from a request. Its {@link #toString()} never shows the secret; use
 * {@link #fingerprint()} wherever the credential has to be identified in logs or events.
 */
public final class BearerCredential {
    private final String value;
    private volatile byte @Nullable [] digest;
    private volatile @Nullable String fingerprint;

    private BearerCredential(String value) {
        this.value = value;
    }

    /**
     * Wraps a raw credential value. Callers are expected to have parsed it already (see
     * {@link BearerCredentials}); this only rejects null and empty values.
     */
    public static BearerCredential of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a bearer credential cannot be empty");
        }
        return new BearerCredential(value);
    }

    /**
     * The raw secret. Only verifiers need it; never log it, put it in a message or use it as a
     * map key.
     */
    public String value() {
        return value;
    }

    /** The credential's length in characters. */
    public int length() {
        return value.length();
    }

    /** A short SHA-256 fingerprint ({@code sha256:} plus 12 hex digits), safe to log. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = Fingerprints.shortFingerprint(sha256());
            fingerprint = f;
        }
        return f;
    }

    /** The full lowercase hex SHA-256 of the credential, for cache keys and correlation. */
    public String sha256Hex() {
        return Fingerprints.hex(sha256());
    }

    /**
     * The SHA-256 of the credential, computed once and shared by the fingerprint and the cache key;
     * callers must not modify the array.
     */
    byte[] sha256() {
        byte[] d = digest;
        if (d == null) {
            d = Fingerprints.sha256(value);
            digest = d;
        }
        return d;
    }

    /** True for the shape of a JWT: three non-empty dot-separated segments. */
    boolean looksLikeJwt() {
        int first = value.indexOf('.');
        if (first <= 0) {
            return false;
        }
        int second = value.indexOf('.', first + 1);
        return second > first + 1 && second < value.length() - 1 && value.indexOf('.', second + 1) < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BearerCredential && ((BearerCredential) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "BearerCredential[" + fingerprint() + "]";
    }
}
