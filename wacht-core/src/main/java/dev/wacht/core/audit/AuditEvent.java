package dev.wacht.core.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One audit event: a decision about a request, or an operation on an OAuth client. Immutable. Which
 * fields are set depends on the {@link Type}; every event has a type and a timestamp. No event ever
 * carries a raw token, API key or client secret: a credential appears only as its short SHA-256
 * fingerprint ({@code sha256:} and 12 hex digits).
 */
public final class AuditEvent {
    private static final String FINGERPRINT_PREFIX = "sha256:";
    /** What happened. */
    public enum Type {
        /**
         * The credential was accepted. Emitted so that metrics can count every outcome; the log listener
         * writes it at {@code DEBUG}. An adapter that then denies the request on a local scope check also
         * emits {@link #SCOPE_DENIED}.
         */
        ACCESS_ALLOWED("allowed"),
        /**
         * The credential was missing, malformed, unknown, expired, revoked or not acceptable here;
         * {@link #reason()} is {@code missing_credential}, {@code invalid_request} or {@code invalid_token}.
         */
        VERIFICATION_FAILED("denied"),
        /** A valid credential lacked required scopes or permissions (gateway or local check). */
        SCOPE_DENIED("denied"),
        /** The gateway's rate limit was reached. */
        RATE_LIMITED("denied"),
        /** No decision could be had (gateway unreachable, slow, failing or rejecting); {@link #reason()} is the cause. */
        GATEWAY_UNAVAILABLE("unavailable"),
        /** A grant was revoked through the management API. */
        GRANT_REVOKED(null),
        /** A client secret was rotated through the management API. */
        SECRET_ROTATED(null);

        private final @Nullable String outcome;

        Type(@Nullable String outcome) {
            this.outcome = outcome;
        }

        /** The lower-case name used in log lines and metric tags, e.g. {@code scope_denied}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** For decision events: {@code allowed}, {@code denied} or {@code unavailable}; empty for operations. */
        public Optional<String> outcome() {
            return Optional.ofNullable(outcome);
        }
    }

    private final Type type;
    private final Instant timestamp;
    private final @Nullable String requestId;
    private final @Nullable String method;
    private final @Nullable String resource;
    private final @Nullable String clientIp;
    private final @Nullable String tokenFingerprint;
    private final @Nullable String clientId;
    private final @Nullable String reason;
    private final @Nullable String description;
    private final List<String> requiredScopes;
    private final List<String> grantedScopes;
    private final @Nullable Duration retryAfter;
    private final @Nullable Duration gatewayLatency;
    private final @Nullable String appSlug;
    private final @Nullable String clientRecordId;
    private final @Nullable String grantId;
    private final @Nullable String actor;

    private AuditEvent(Builder b) {
        this.type = b.type;
        this.timestamp = b.timestamp;
        this.requestId = b.requestId;
        this.method = b.method;
        this.resource = b.resource;
        this.clientIp = b.clientIp;
        this.tokenFingerprint = b.tokenFingerprint;
        this.clientId = b.clientId;
        this.reason = b.reason;
        this.description = b.description;
        this.requiredScopes = List.copyOf(b.requiredScopes);
        this.grantedScopes = List.copyOf(b.grantedScopes);
        this.retryAfter = b.retryAfter;
        this.gatewayLatency = b.gatewayLatency;
        this.appSlug = b.appSlug;
        this.clientRecordId = b.clientRecordId;
        this.grantId = b.grantId;
        this.actor = b.actor;
    }

    /** A builder for an event of this type at this time. */
    public static Builder builder(Type type, Instant timestamp) {
        return new Builder(type, timestamp);
    }

    /** What happened. */
    public Type type() {
        return type;
    }

    /** When it happened. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The gateway's {@code request_id} of the decision, when the gateway was asked. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The HTTP method of the request. */
    public Optional<String> method() {
        return Optional.ofNullable(method);
    }

    /** The resource of the request (as sent to the gateway). */
    public Optional<String> resource() {
        return Optional.ofNullable(resource);
    }

    /** The client's IP address, when the adapter knew it. */
    public Optional<String> clientIp() {
        return Optional.ofNullable(clientIp);
    }

    /** The credential's short SHA-256 fingerprint, when a credential could be parsed. */
    public Optional<String> tokenFingerprint() {
        return Optional.ofNullable(tokenFingerprint);
    }

    /** The OAuth client id ({@code oc_…}) or API key id, when known; the public id for operations. */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** Why: a denial reason ({@code invalid_token}, …) or an unavailability cause ({@code gateway_timeout}, …). */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** A short description, free of credentials. */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** For {@link Type#SCOPE_DENIED}: the scopes or permissions the request required. */
    public List<String> requiredScopes() {
        return requiredScopes;
    }

    /** For {@link Type#SCOPE_DENIED}: the effective permissions the credential holds (scopes plus mapped ones). */
    public List<String> grantedScopes() {
        return grantedScopes;
    }

    /** For {@link Type#RATE_LIMITED}: how long the client was told to wait. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** For decisions that asked the verifier: how long it took (the gateway call, or its cache). */
    public Optional<Duration> gatewayLatency() {
        return Optional.ofNullable(gatewayLatency);
    }

    /** For operations: the OAuth app's slug. */
    public Optional<String> appSlug() {
        return Optional.ofNullable(appSlug);
    }

    /** For operations: the client's numeric record id. */
    public Optional<String> clientRecordId() {
        return Optional.ofNullable(clientRecordId);
    }

    /** For {@link Type#GRANT_REVOKED}: the grant's id. */
    public Optional<String> grantId() {
        return Optional.ofNullable(grantId);
    }

    /** For operations: who did it, as named by the caller of the management client. */
    public Optional<String> actor() {
        return Optional.ofNullable(actor);
    }

    /**
     * The set fields as ordered key/value pairs, starting with {@code event} and {@code timestamp};
     * lists are comma-separated, durations in milliseconds. This is what the log listener writes.
     */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("event", type.wireName());
        m.put("timestamp", timestamp.toString());
        put(m, "request_id", requestId);
        put(m, "actor", actor);
        put(m, "app", appSlug);
        put(m, "client_id", clientId);
        put(m, "client_record_id", clientRecordId);
        put(m, "grant_id", grantId);
        put(m, "method", method);
        put(m, "resource", resource);
        put(m, "client_ip", clientIp);
        put(m, "token", tokenFingerprint);
        put(m, "reason", reason);
        if (!requiredScopes.isEmpty()) {
            m.put("required", String.join(",", requiredScopes));
        }
        if (type == Type.SCOPE_DENIED) {
            m.put("granted", String.join(",", grantedScopes));
        }
        if (retryAfter != null) {
            m.put("retry_after_ms", Long.toString(retryAfter.toMillis()));
        }
        if (gatewayLatency != null) {
            m.put("gateway_ms", Long.toString(gatewayLatency.toMillis()));
        }
        put(m, "description", description);
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, String> m, String key, @Nullable String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "AuditEvent" + fields();
    }

    /** Collects an event's fields; not thread-safe. Unset fields, and fields set to null, stay empty. */
    public static final class Builder {
        private final Type type;
        private final Instant timestamp;
        private @Nullable String requestId;
        private @Nullable String method;
        private @Nullable String resource;
        private @Nullable String clientIp;
        private @Nullable String tokenFingerprint;
        private @Nullable String clientId;
        private @Nullable String reason;
        private @Nullable String description;
        private List<String> requiredScopes = List.of();
        private List<String> grantedScopes = List.of();
        private @Nullable Duration retryAfter;
        private @Nullable Duration gatewayLatency;
        private @Nullable String appSlug;
        private @Nullable String clientRecordId;
        private @Nullable String grantId;
        private @Nullable String actor;

        private Builder(Type type, Instant timestamp) {
            this.type = Objects.requireNonNull(type, "type");
            this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        }

        /** The gateway's request id. */
        public Builder requestId(@Nullable String v) {
            requestId = v;
            return this;
        }

        /** The HTTP method. */
        public Builder method(@Nullable String v) {
            method = v;
            return this;
        }

        /** The resource. */
        public Builder resource(@Nullable String v) {
            resource = v;
            return this;
        }

        /** The client's IP address. */
        public Builder clientIp(@Nullable String v) {
            clientIp = v;
            return this;
        }

        /**
         * The credential's fingerprint.
         *
         * @throws IllegalArgumentException unless it looks like {@code sha256:} and hex digits, so a raw
         *     credential cannot end up here by mistake
         */
        public Builder tokenFingerprint(@Nullable String v) {
            if (v != null && !isFingerprint(v)) {
                throw new IllegalArgumentException("a token fingerprint is 'sha256:' and hex digits");
            }
            tokenFingerprint = v;
            return this;
        }

        /** {@code sha256:} and 1 to 64 lower-case hex digits. */
        private static boolean isFingerprint(String v) {
            if (!v.startsWith(FINGERPRINT_PREFIX) || v.length() == FINGERPRINT_PREFIX.length()
                    || v.length() > FINGERPRINT_PREFIX.length() + 64) {
                return false;
            }
            for (int i = FINGERPRINT_PREFIX.length(); i < v.length(); i++) {
                char c = v.charAt(i);
                if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                    return false;
                }
            }
            return true;
        }

        /** The client id. */
        public Builder clientId(@Nullable String v) {
            clientId = v;
            return this;
        }

        /** The reason or cause, lower-case. */
        public Builder reason(@Nullable String v) {
            reason = v;
            return this;
        }

        /** A description free of credentials. */
        public Builder description(@Nullable String v) {
            description = v;
            return this;
        }

        /** The required scopes or permissions. */
        public Builder requiredScopes(List<String> v) {
            requiredScopes = List.copyOf(v);
            return this;
        }

        /** The granted scopes or permissions. */
        public Builder grantedScopes(List<String> v) {
            grantedScopes = List.copyOf(v);
            return this;
        }

        /** The retry delay given to a rate-limited client. */
        public Builder retryAfter(@Nullable Duration v) {
            retryAfter = v;
            return this;
        }

        /** How long the verifier took. */
        public Builder gatewayLatency(@Nullable Duration v) {
            gatewayLatency = v;
            return this;
        }

        /** The OAuth app's slug. */
        public Builder appSlug(@Nullable String v) {
            appSlug = v;
            return this;
        }

        /** The client's numeric record id. */
        public Builder clientRecordId(@Nullable String v) {
            clientRecordId = v;
            return this;
        }

        /** The grant id. */
        public Builder grantId(@Nullable String v) {
            grantId = v;
            return this;
        }

        /** Who performed the operation. */
        public Builder actor(@Nullable String v) {
            actor = v;
            return this;
        }

        /** The event. */
        public AuditEvent build() {
            return new AuditEvent(this);
        }
    }
}
