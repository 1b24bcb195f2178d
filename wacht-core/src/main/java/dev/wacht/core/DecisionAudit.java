package dev.wacht.core;

import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.core.audit.AuditEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns decisions into audit events (one per decision) and hands them to the dispatcher, which never
 * blocks. Events carry the credential's fingerprint, never the credential.
 */
final class DecisionAudit {
    /** What one decision learnt on the way: the parsed credential and the verifier's latency. */
    static final class Trace {
        private @Nullable BearerCredential credential;
        private long verifierStart;
        private long verifierNanos = -1;

        void credential(@Nullable BearerCredential c) {
            credential = c;
        }

        @Nullable BearerCredential credential() {
            return credential;
        }

        void verifierStarted() {
            verifierStart = System.nanoTime();
        }

        void verifierAnswered() {
            verifierNanos = System.nanoTime() - verifierStart;
        }
    }

    private final AuditDispatcher dispatcher;
    private final Clock clock;

    DecisionAudit(AuditDispatcher dispatcher, Clock clock) {
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    AuditDispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Emits the event of a decision and returns the outcome unchanged. Without listeners no event is
     * built.
     */
    Outcome record(AccessRequest request, Trace trace, Outcome outcome) {
        if (!dispatcher.listeners().isEmpty()) {
            dispatcher.dispatch(eventOf(request, trace.credential,
                    trace.verifierNanos < 0 ? null : Duration.ofNanos(trace.verifierNanos), outcome));
        }
        return outcome;
    }

    AuditEvent eventOf(AccessRequest request, @Nullable BearerCredential credential, @Nullable Duration latency,
            Outcome outcome) {
        AuditEvent.Builder b;
        WachtPrincipal principal = null;
        String clientId = null;
        if (outcome instanceof Outcome.Allowed) {
            principal = ((Outcome.Allowed) outcome).principal();
            b = AuditEvent.builder(AuditEvent.Type.ACCESS_ALLOWED, clock.instant());
        } else if (outcome instanceof Outcome.Denied) {
            Outcome.Denied d = (Outcome.Denied) outcome;
            principal = d.principal().orElse(null);
            clientId = d.clientId().orElse(null);
            b = AuditEvent.builder(typeOf(d.reason()), clock.instant()).reason(lower(d.reason().name()))
                    .description(d.description()).requiredScopes(d.requiredScopes())
                    .retryAfter(d.retryAfter().orElse(null));
            if (d.reason() == DenialReason.INSUFFICIENT_SCOPE) {
                b.grantedScopes(principal == null ? List.of() : new ArrayList<>(principal.permissions()));
            }
        } else {
            Outcome.Unavailable u = (Outcome.Unavailable) outcome;
            b = AuditEvent.builder(AuditEvent.Type.GATEWAY_UNAVAILABLE, clock.instant())
                    .reason(lower(u.cause().name())).description(u.description());
        }
        return b.requestId(outcome.requestIdOrNull())
                .clientId(principal != null ? principal.clientId() : clientId)
                .method(request.method())
                .resource(request.resource())
                .clientIp(request.clientIp().orElse(null))
                .tokenFingerprint(credential == null ? null : credential.fingerprint())
                .gatewayLatency(latency)
                .build();
    }

    private static AuditEvent.Type typeOf(DenialReason reason) {
        switch (reason) {
            case INSUFFICIENT_SCOPE:
                return AuditEvent.Type.SCOPE_DENIED;
            case RATE_LIMITED:
                return AuditEvent.Type.RATE_LIMITED;
            default:
                return AuditEvent.Type.VERIFICATION_FAILED;
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
