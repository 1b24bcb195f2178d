package dev.wacht.mcp;

import dev.wacht.core.WachtPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which caller (client id and subject) created each MCP session, for at most {@code capacity}
 * sessions (least recently used forgotten first). A session is bound once, when the SDK answers the
 * {@code initialize} request with its {@code Mcp-Session-Id}; a session id that is not bound, or is
 * bound to another caller, is refused, so a forgotten session fails closed and its client starts a new
 * one. Thread-safe.
 */
final class SessionBindings {
    private final Map<String, String> owners;

    SessionBindings(int capacity) {
        this.owners = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The caller a session is bound to: the principal's kind, client id and subject. */
    static String owner(WachtPrincipal principal) {
        return principal.kind() + "\n" + principal.clientId() + "\n" + principal.subject().orElse("");
    }

    /** Binds a new session to its creator; a session already bound keeps its owner. */
    synchronized void bind(String sessionId, WachtPrincipal principal) {
        owners.putIfAbsent(sessionId, owner(principal));
    }

    /** Whether the session exists here and was created by this principal's caller. */
    synchronized boolean belongsTo(String sessionId, WachtPrincipal principal) {
        return owner(principal).equals(owners.get(sessionId));
    }

    /** Forgets a session (after the client deleted it). */
    synchronized void remove(String sessionId) {
        owners.remove(sessionId);
    }
}
