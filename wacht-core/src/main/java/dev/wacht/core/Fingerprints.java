package dev.wacht.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
     * Idle hashers for reuse. A fresh copy of the prototype digest allocates its state and message
     * schedule, and encoding the credential allocates its bytes: several hundred bytes on every call,
     * and the credential of every request is hashed, cache hit or not. A caller takes a hasher out of a
     * random slot (or makes one when the slot is empty) and puts it back when done, so no hasher is ever
     * used by two threads at once; there is no lock and no per-thread state, which suits virtual threads.
     */
    private static final AtomicReferenceArray<Hasher> IDLE = new AtomicReferenceArray<>(IDLE_SLOTS);

    static byte[] sha256(String value) {
        int slot = ThreadLocalRandom.current().nextInt(IDLE_SLOTS);
        Hasher hasher = IDLE.getAndSet(slot, null);
        if (hasher == null) {
            hasher = new Hasher();
        }
        byte[] hash = hasher.sha256(value);
        IDLE.set(slot, hasher);
        return hash;
    }

    /** A SHA-256 digest and a buffer for the ASCII credentials of up to {@value #BUFFER} characters. */
    private static final class Hasher {
        private static final int BUFFER = 1024;
        private final MessageDigest digest = newSha256();
        private final byte[] ascii = new byte[BUFFER];

        byte[] sha256(String value) {
            int n = value.length();
            if (n > BUFFER) {
                return digest.digest(value.getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < n; i++) {
                char c = value.charAt(i);
                if (c >= 0x80) { // not ASCII: the JDK's UTF-8 encoder
                    return digest.digest(value.getBytes(StandardCharsets.UTF_8));
                }
                ascii[i] = (byte) c;
            }
            digest.update(ascii, 0, n);
            Arrays.fill(ascii, 0, n, (byte) 0); // no copy of a credential waits here for the next one
            return digest.digest(); // also resets the digest for the next caller
        }
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
        byte[] out = {'s', 'h', 'a', '2', '5', '6', ':', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 6; i++) {
            out[7 + 2 * i] = (byte) HEX[(digest[i] >> 4) & 0xf];
            out[8 + 2 * i] = (byte) HEX[digest[i] & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1); // one byte per character: no UTF-16 step
    }
}
