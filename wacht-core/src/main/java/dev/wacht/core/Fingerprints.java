package dev.wacht.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** SHA-256 fingerprints, so secrets never need to be logged, echoed or used as keys. */
final class Fingerprints {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Fingerprints() {
    }

    private static final MessageDigest SHA_256;
    private static final int IDLE_SLOTS = 16;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * Idle digests for reuse. A fresh copy of the prototype allocates its state and message schedule,
     * several hundred bytes, on every call; the credential of every request is hashed, cache hit or not.
     * A caller takes a digest out of a random slot (or copies the prototype when the slot is empty) and
     * puts it back when done, so no digest is ever used by two threads at once; there is no lock and no
     * per-thread state, which suits virtual threads too.
     */
    private static final AtomicReferenceArray<MessageDigest> IDLE = new AtomicReferenceArray<>(IDLE_SLOTS);

    static byte[] sha256(String value) {
        byte[] input = value.getBytes(StandardCharsets.UTF_8);
        int slot = ThreadLocalRandom.current().nextInt(IDLE_SLOTS);
        MessageDigest digest = IDLE.getAndSet(slot, null);
        if (digest == null) {
            digest = newSha256();
        }
        byte[] hash = digest.digest(input); // digest() also resets it for the next caller
        IDLE.set(slot, digest);
        return hash;
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
