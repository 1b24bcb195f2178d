package dev.wacht.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of authenticating a request: exactly one of {@link Allowed}, {@link Denied} or
 * {@link Unavailable}. The set is closed; the constructors are not accessible outside this package.
 */
public abstract class Outcome {
    private final @Nullable String requestId;

    private Outcome(@Nullable String requestId) {
        this.requestId = requestId;
    }

    /** The gateway's {@code request_id} for this decision, when the gateway was asked. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The gateway's {@code request_id}, or null (for the audit event, without an {@code Optional}). */
    @Nullable String requestIdOrNull() {
        return requestId;
    }

    /** True only for {@link Allowed}. */
    public boolean isAllowed() {
        return false;
    }

    /**
     * The principal of an allowed request.
     *
     * @throws WachtAccessException carrying this outcome when it is not {@link Allowed}
     */
    public WachtPrincipal principalOrThrow() {
        throw new WachtAccessException(this);
    }

    static Allowed allowed(WachtPrincipal principal) {
        return new Allowed(principal);
    }

    static Denied denied(DenialReason reason, String description) {
        return new Denied(reason, description, List.of(), null, null, null, null);
    }

    static Denied insufficientScope(List<String> required, @Nullable WachtPrincipal principal,
            @Nullable String requestId) {
        return new Denied(DenialReason.INSUFFICIENT_SCOPE,
                "The credential lacks the permissions this resource requires", required, null, principal, requestId,
                null);
    }

    static Denied rateLimited(Duration retryAfter, @Nullable WachtPrincipal principal,
            @Nullable String requestId) {
        return new Denied(DenialReason.RATE_LIMITED, "Rate limit exceeded", List.of(), retryAfter, principal,
                requestId, null);
    }

    static Denied invalidToken(String description, @Nullable String requestId) {
        return invalidToken(description, requestId, null);
    }

    /** A refused credential whose client is known (attributed, not trusted): see {@link Denied#clientId()}. */
    static Denied invalidToken(String description, @Nullable String requestId, @Nullable String clientId) {
        return new Denied(DenialReason.INVALID_TOKEN, description, List.of(), null, null, requestId, clientId);
    }

    static Unavailable unavailable(UnavailableCause cause, String description, Duration retryAfter) {
        return new Unavailable(cause, description, retryAfter);
    }

    /** The request is allowed; carries the verified principal. */
    public static final class Allowed extends Outcome {
        private final WachtPrincipal principal;

        private Allowed(WachtPrincipal principal) {
            super(principal.requestId().orElse(null));
            this.principal = Objects.requireNonNull(principal);
        }

        /** The verified principal. */
        public WachtPrincipal principal() {
            return principal;
        }

        @Override
        public boolean isAllowed() {
            return true;
        }

        @Override
        public WachtPrincipal principalOrThrow() {
            return principal;
        }

        @Override
        public String toString() {
            return "Allowed[" + principal + "]";
        }
    }

    /** The request is denied for a {@link DenialReason}. */
    public static final class Denied extends Outcome {
        private final DenialReason reason;
        private final String description;
        private final List<String> requiredScopes;
        private final @Nullable Duration retryAfter;
        private final @Nullable WachtPrincipal principal;
        private final @Nullable String clientId;

        private Denied(DenialReason reason, String description, List<String> requiredScopes,
                @Nullable Duration retryAfter, @Nullable WachtPrincipal principal, @Nullable String requestId,
                @Nullable String clientId) {
            super(requestId);
            this.clientId = principal != null ? principal.clientId() : clientId;
            this.reason = Objects.requireNonNull(reason);
            this.description = Objects.requireNonNull(description);
            this.requiredScopes = List.copyOf(requiredScopes);
            this.retryAfter = retryAfter;
            this.principal = principal;
        }

        /** Why the request was denied. */
        public DenialReason reason() {
            return reason;
        }

        /** A short description, safe to send to the client (it never contains the credential). */
        public String description() {
            return description;
        }

        /** For {@link DenialReason#INSUFFICIENT_SCOPE}: the scopes/permissions that were required. */
        public List<String> requiredScopes() {
            return requiredScopes;
        }

        /** For {@link DenialReason#RATE_LIMITED}: how long the client should wait. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        /**
         * The principal behind a denied but authenticated credential (insufficient scope, rate
         * limited), useful for audit; empty when the credential itself was not accepted.
         */
        public Optional<WachtPrincipal> principal() {
            return Optional.ofNullable(principal);
        }

        /**
         * The client the credential belongs to, when it can be known: the principal's, or for a refused
         * credential what was learnt before it was refused (the gateway's answer, a JWT's claims after its
         * signature was checked, or an earlier answer for the same credential). For audit and metrics
         * only: it does not make the credential acceptable.
         */
        public Optional<String> clientId() {
            return Optional.ofNullable(clientId);
        }

        /** This denial attributed to a client, when it is not attributed yet. */
        Denied attributedTo(@Nullable String client) {
            return clientId != null || client == null ? this
                    : new Denied(reason, description, requiredScopes, retryAfter, null, requestId().orElse(null), client);
        }

        @Override
        public String toString() {
            return "Denied[" + reason + ": " + description + "]";
        }
    }

    /** No decision could be had; the request must be refused (fail closed). */
    public static final class Unavailable extends Outcome {
        private final UnavailableCause cause;
        private final String description;
        private final Duration retryAfter;

        private Unavailable(UnavailableCause cause, String description, Duration retryAfter) {
            super(null);
            this.cause = Objects.requireNonNull(cause);
            this.description = Objects.requireNonNull(description);
            this.retryAfter = Objects.requireNonNull(retryAfter);
        }

        /** What went wrong. */
        public UnavailableCause cause() {
            return cause;
        }

        /** A short description for logs; clients get a generic message. */
        public String description() {
            return description;
        }

        /** How long a client should wait before retrying. */
        public Duration retryAfter() {
            return retryAfter;
        }

        @Override
        public String toString() {
            return "Unavailable[" + cause + ": " + description + "]";
        }
    }
}
