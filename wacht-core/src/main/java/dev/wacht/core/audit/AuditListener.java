package dev.wacht.core.audit;

/**
 * Receives the library's audit events. Register one programmatically
 * ({@code WachtConfig.builder().auditListener(…)}), by class name in the {@code audit-listeners}
 * setting (a public no-argument constructor is required), or through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.wacht.core.audit.AuditListener}).
 *
 * <p>Events are delivered by an {@link AuditDispatcher} on its own thread, one at a time and in the
 * order they were emitted, never on the request thread. An implementation need not be thread-safe with
 * respect to itself, but should return quickly: while it runs, later events wait in a bounded queue, and
 * events that do not fit are dropped and counted. An exception it throws is caught and counted; it never
 * changes a decision.
 */
@FunctionalInterface
public interface AuditListener {
    /** Handles one event. */
    void onEvent(AuditEvent event);
}
