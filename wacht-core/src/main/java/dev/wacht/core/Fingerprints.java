package dev.wacht.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 fingerprints, so secrets never need to be logged, echoed or used as keys. */
final class Fingerprints {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Fingerprints() {
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    static String hex(byte[] digest) {
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }

    /** A short, log-safe identifier of a secret from its digest: {@code sha256:} and the first 12 hex digits. */
    static String shortFingerprint(byte[] digest) {
        return "sha256:" + hex(digest).substring(0, 12);
    }
}
