package dev.wacht.core.audit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the set of client-id tag values bounded: the first {@code max} distinct ids keep their own
 * value, later ones share {@value #OTHER}; events without a client id get {@value #UNKNOWN}. Thread-safe.
 */
final class ClientIdTags {
    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";
    static final int DEFAULT_MAX = 100;

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    ClientIdTags(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("the client-id cap must not be negative");
        }
        this.max = max;
    }

    String tag(AuditEvent event) {
        String id = event.clientId().orElse(null);
        if (id == null) {
            return UNKNOWN;
        }
        if (admitted.contains(id)) {
            return id;
        }
        synchronized (admitted) {
            if (admitted.size() < max) {
                admitted.add(id);
                return id;
            }
        }
        return admitted.contains(id) ? id : OTHER;
    }

    /** The reason tag of an event: its reason, or {@code none}. */
    static String reason(AuditEvent event) {
        return event.reason().orElse("none");
    }
}
