package dev.wacht.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 fingerprints, so secrets never need to be logged, echoed or used as keys. */
final class Fingerprints {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Fingerprints() {
    }

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    static byte[] sha256(String value) {
        return newSha256().digest(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh SHA-256 digest: a copy of a prototype, cheaper than looking the algorithm up each time. */
    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("SHA-256 is required of every JDK", impossible);
            }
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
        char[] out = {'s', 'h', 'a', '2', '5', '6', ':', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 6; i++) {
            out[7 + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[8 + 2 * i] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }
}
