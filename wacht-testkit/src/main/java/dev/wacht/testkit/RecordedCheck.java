package dev.wacht.testkit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code POST /v1/authz/check} the emulator received. The credential itself is never kept, only
 * the lowercase hex SHA-256 of its trimmed value. Fields that could not be read from the request (for
 * example on a 422) are null. Immutable.
 */
public final class RecordedCheck {
    private final Instant receivedAt;
    private final @Nullable String method;
    private final @Nullable String resource;
    private final @Nullable String principalType;
    private final @Nullable String tokenSha256;
    private final @Nullable String clientIp;
    private final @Nullable String userAgent;
    private final @Nullable List<String> requiredPermissions;
    private final int status;
    private final @Nullable Boolean allowed;
    private final @Nullable String reason;
    private final @Nullable String requestId;
    private final @Nullable String fault;

    RecordedCheck(Instant receivedAt, @Nullable String method, @Nullable String resource,
                  @Nullable String principalType, @Nullable String tokenSha256, @Nullable String clientIp,
                  @Nullable String userAgent, @Nullable List<String> requiredPermissions, int status,
                  @Nullable Boolean allowed, @Nullable String reason, @Nullable String requestId,
                  @Nullable String fault) {
        this.receivedAt = receivedAt;
        this.method = method;
        this.resource = resource;
        this.principalType = principalType;
        this.tokenSha256 = tokenSha256;
        this.clientIp = clientIp;
        this.userAgent = userAgent;
        this.requiredPermissions = requiredPermissions == null ? null : List.copyOf(requiredPermissions);
        this.status = status;
        this.allowed = allowed;
        this.reason = reason;
        this.requestId = requestId;
        this.fault = fault;
    }

    /** When the emulator received the check (emulator clock). */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** The method, trimmed and upper-cased (as sent when it could not be normalised), or null. */
    public @Nullable String method() {
        return method;
    }

    /** The normalised resource (as sent when it could not be normalised), or null. */
    public @Nullable String resource() {
        return resource;
    }

    /** {@code api_key} or {@code oauth_access_token}, or null. */
    public @Nullable String principalType() {
        return principalType;
    }

    /** Lowercase hex SHA-256 of the trimmed credential, or null. */
    public @Nullable String tokenSha256() {
        return tokenSha256;
    }

    /** The {@code client_ip} sent in the body, or null. */
    public @Nullable String clientIp() {
        return clientIp;
    }

    /** The {@code user_agent} sent in the body, or null. */
    public @Nullable String userAgent() {
        return userAgent;
    }

    /** The {@code required_permissions} as sent, or null when absent or null. */
    public @Nullable List<String> requiredPermissions() {
        return requiredPermissions;
    }

    /** The HTTP status answered, or 0 when no response was sent (drop, hang). */
    public int status() {
        return status;
    }

    /** The {@code allowed} answered, or null when no decision body was produced. */
    public @Nullable Boolean allowed() {
        return allowed;
    }

    /** The {@code reason} answered ({@code permission_denied}, {@code rate_limited}) or null. */
    public @Nullable String reason() {
        return reason;
    }

    /** The {@code request_id} answered, or null. */
    public @Nullable String requestId() {
        return requestId;
    }

    /** The fault mode applied to this check ({@code status}, {@code hang}, …), or null. */
    public @Nullable String fault() {
        return fault;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("received_at", Text.rfc3339(receivedAt));
        m.put("method", method);
        m.put("resource", resource);
        m.put("principal_type", principalType);
        m.put("token_sha256", tokenSha256);
        m.put("client_ip", clientIp);
        m.put("user_agent", userAgent);
        m.put("required_permissions", requiredPermissions);
        m.put("status", status);
        m.put("allowed", allowed);
        m.put("reason", reason);
        m.put("request_id", requestId);
        m.put("fault", fault);
        return m;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecordedCheck)) {
            return false;
        }
        RecordedCheck r = (RecordedCheck) o;
        return status == r.status && Objects.equals(receivedAt, r.receivedAt) && Objects.equals(method, r.method)
                && Objects.equals(resource, r.resource) && Objects.equals(principalType, r.principalType)
                && Objects.equals(tokenSha256, r.tokenSha256) && Objects.equals(clientIp, r.clientIp)
                && Objects.equals(userAgent, r.userAgent) && Objects.equals(requiredPermissions, r.requiredPermissions)
                && Objects.equals(allowed, r.allowed) && Objects.equals(reason, r.reason)
                && Objects.equals(requestId, r.requestId) && Objects.equals(fault, r.fault);
    }

    @Override
    public int hashCode() {
        return Objects.hash(receivedAt, method, resource, principalType, tokenSha256, clientIp, userAgent,
                requiredPermissions, status, allowed, reason, requestId, fault);
    }

    @Override
    public @Nullable String toString() {
        return "RecordedCheck" + toJson();
    }
}
