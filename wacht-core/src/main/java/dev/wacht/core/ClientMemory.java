package dev.wacht.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded memory of recently seen credentials and the client each belongs to, keyed by the
 * credential's SHA-256 (never the credential): when a credential is later refused without its client
 * being named (the gateway's 401 for a token revoked or expired since), the refusal still counts against
 * that client. The least recently used entries go first. Thread-safe.
 */
final class ClientMemory {
    static final int DEFAULT_CAPACITY = 10_000;

    private final Map<Digest, String> clients;

    ClientMemory(int capacity) {
        this.clients = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Learns the client from an outcome that names it, or attributes an outcome that does not to the
     * client remembered for this credential.
     */
    Outcome attribute(BearerCredential credential, Outcome outcome) {
        String known = outcome instanceof Outcome.Allowed ? ((Outcome.Allowed) outcome).principal().clientId()
                : outcome instanceof Outcome.Denied ? ((Outcome.Denied) outcome).clientId().orElse(null) : null;
        Digest key = new Digest(credential.sha256());
        synchronized (clients) {
            if (known != null) {
                clients.put(key, known);
                return outcome;
            }
            if (!(outcome instanceof Outcome.Denied)) {
                return outcome;
            }
            return ((Outcome.Denied) outcome).attributedTo(clients.get(key));
        }
    }

    int size() {
        synchronized (clients) {
            return clients.size();
        }
    }

    /**
     * A credential's SHA-256 as a key: the credential's own array (never changed), so that remembering a
     * client copies nothing and a lookup builds no text.
     */
    private static final class Digest {
        private final byte[] sha256;

        Digest(byte[] sha256) {
            this.sha256 = sha256;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest && Arrays.equals(((Digest) o).sha256, sha256);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sha256);
        }
    }
}
