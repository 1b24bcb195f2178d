package dev.wacht.core;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded memory of recently seen credentials and the client each belongs to, keyed by the
 * credential's SHA-256 (never the credential): when a credential is later refused without its client
 * being named (the gateway's 401 for a token revoked or expired since), the refusal still counts against
 * that client.
 *
 * <p>It sits on every decision, so it takes no lock and allocates nothing when a credential's client is
 * already remembered: a fixed table of slots, one per hash prefix, where a newer credential replaces the
 * one in its slot. Thread-safe; a race between two writers of one slot loses one memory, never mixes two.
 */
final class ClientMemory {
    static final int DEFAULT_CAPACITY = 16_384;

    private final AtomicReferenceArray<Remembered> slots;
    private final int mask;

    /** A memory of at most {@code capacity} credentials, rounded up to a power of two. */
    ClientMemory(int capacity) {
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /**
     * Learns the client from an outcome that names it, or attributes an outcome that does not to the
     * client remembered for this credential.
     */
    Outcome attribute(BearerCredential credential, Outcome outcome) {
        String known = outcome instanceof Outcome.Allowed ? ((Outcome.Allowed) outcome).principal().clientId()
                : outcome instanceof Outcome.Denied ? ((Outcome.Denied) outcome).clientId().orElse(null) : null;
        if (known == null && !(outcome instanceof Outcome.Denied)) {
            return outcome;
        }
        byte[] digest = credential.sha256();
        int slot = slotOf(digest);
        Remembered remembered = slots.get(slot);
        boolean same = remembered != null && Arrays.equals(remembered.digest, digest);
        if (known != null) {
            if (!same || !remembered.clientId.equals(known)) {
                slots.set(slot, new Remembered(digest, known));
            }
            return outcome;
        }
        return ((Outcome.Denied) outcome).attributedTo(same ? remembered.clientId : null);
    }

    /** How many credentials are remembered (counts the slots; for tests). */
    int size() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    private int slotOf(byte[] digest) {
        return ((digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff))
                & mask;
    }

    /** One credential's hash and its client; immutable. */
    private static final class Remembered {
        final byte[] digest;
        final String clientId;

        Remembered(byte[] digest, String clientId) {
            this.digest = digest;
            this.clientId = clientId;
        }
    }
}
