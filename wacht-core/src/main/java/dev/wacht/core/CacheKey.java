package dev.wacht.core;

import com.github.benmanes.caffeine.cache.Interner;
import java.util.List;

/**
 * The key of one cached verification answer: everything the answer depends on, and never the
 * credential itself. It holds the credential's SHA-256 (32 bytes, as four {@code long}s), the kind
 * the credential was verified as (the principal type sent to the gateway), the HTTP method (as its
 * index among the gateway's methods), the resource and the required permissions.
 *
 * <p>The client IP and User-Agent are left out on purpose: the gateway uses them only for rate
 * limiting and audit, and rate-limited answers are never cached. Two requests that differ only in
 * them share one entry.
 */
final class CacheKey {
    private final long d0;
    private final long d1;
    private final long d2;
    private final long d3;
    private final CredentialKind kind;
    private final byte method;
    private final String resource;
    private final List<String> requiredPermissions;
    private final int hash;

    private CacheKey(byte[] sha256, CredentialKind kind, byte method, String resource, List<String> required) {
        this.d0 = longAt(sha256, 0);
        this.d1 = longAt(sha256, 8);
        this.d2 = longAt(sha256, 16);
        this.d3 = longAt(sha256, 24);
        this.kind = kind;
        this.method = method;
        this.resource = resource;
        this.requiredPermissions = required;
        // The digest is uniformly distributed already; mixing in the rest keeps keys of one credential apart.
        this.hash = 31 * (31 * (31 * (int) (d0 ^ (d0 >>> 32)) + method) + resource.hashCode()) + required.hashCode();
    }

    private CacheKey(CacheKey k, List<String> required) {
        this.d0 = k.d0;
        this.d1 = k.d1;
        this.d2 = k.d2;
        this.d3 = k.d3;
        this.kind = k.kind;
        this.method = k.method;
        this.resource = k.resource;
        this.requiredPermissions = required;
        this.hash = k.hash;
    }

    /**
     * This key with its resource and required permissions taken from {@code pool}, for storing: every
     * key of one endpoint then shares them instead of holding the request's own copies.
     */
    @SuppressWarnings("unchecked")
    CacheKey pooled(Interner<Object> pool) {
        return new CacheKey(this, (List<String>) pool.intern(List.copyOf(requiredPermissions)));
    }

    /** The key of a verification request. */
    static CacheKey of(VerificationRequest request) {
        AccessRequest r = request.request();
        return new CacheKey(request.credential().sha256(), request.kind(),
                (byte) AccessRequest.GATEWAY_METHODS.indexOf(r.method()), r.resource(), r.requiredPermissions());
    }

    /** True when this key belongs to the credential with this SHA-256. */
    boolean isFor(byte[] sha256) {
        return d0 == longAt(sha256, 0) && d1 == longAt(sha256, 8) && d2 == longAt(sha256, 16)
                && d3 == longAt(sha256, 24);
    }

    private static long longAt(byte[] b, int offset) {
        long v = 0;
        for (int i = offset; i < offset + 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CacheKey)) {
            return false;
        }
        CacheKey k = (CacheKey) o;
        return hash == k.hash && d0 == k.d0 && d1 == k.d1 && d2 == k.d2 && d3 == k.d3 && kind == k.kind
                && method == k.method && resource.equals(k.resource) && requiredPermissions.equals(k.requiredPermissions);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Names the credential by its short fingerprint only. */
    @Override
    public String toString() {
        byte[] head = new byte[8];
        for (int i = 0; i < 8; i++) {
            head[i] = (byte) (d0 >>> (56 - 8 * i));
        }
        String method = this.method < 0 ? "?" : AccessRequest.GATEWAY_METHODS.get(this.method);
        return "CacheKey[" + Fingerprints.shortFingerprint(head) + " " + kind.wireName() + " " + method + " "
                + resource + " requires " + requiredPermissions + "]";
    }
}
