package dev.wacht.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an adapter knows about one incoming request, in plain terms: the HTTP method, the resource
 * being accessed, the permissions it requires, the {@code Authorization} header values, and the
 * client's IP address and User-Agent. Immutable; built with {@link #builder()}.
 */
public final class AccessRequest {
    static final int MAX_USER_AGENT = 512;
    static final int MAX_CLIENT_IP = 64;
    /** The methods Wacht's gateway accepts (docs/wacht-wire.md, "Gateway request"), in a fixed order. */
    static final List<String> GATEWAY_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private final String method;
    private final String resource;
    private final List<String> requiredPermissions;
    private final List<String> authorization;
    private final String clientIp;
    private final String userAgent;

    private AccessRequest(Builder b) {
        this.method = Objects.requireNonNull(b.method, "method").trim().toUpperCase(Locale.ROOT);
        if (b.resource == null || b.resource.isBlank()) {
            throw new IllegalArgumentException("resource must not be empty");
        }
        this.resource = b.resource;
        this.requiredPermissions = List.copyOf(b.requiredPermissions);
        this.authorization = List.copyOf(b.authorization);
        this.clientIp = truncate(b.clientIp, MAX_CLIENT_IP);
        this.userAgent = truncate(b.userAgent, MAX_USER_AGENT);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks one required permission name: non-empty, no whitespace, commas or parentheses (the
     * gateway would otherwise read it as an expression).
     *
     * @throws IllegalArgumentException if the name is not a plain permission name
     */
    public static String checkPermissionName(String permission) {
        if (permission == null || permission.isEmpty()) {
            throw new IllegalArgumentException("a required permission must not be empty");
        }
        for (int i = 0; i < permission.length(); i++) {
            char c = permission.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ',' || c == '(' || c == ')' || c == '"' || c == '\\') {
                throw new IllegalArgumentException("required permission '" + permission
                        + "' must be one plain name (printable ASCII, no spaces, commas, parentheses or quotes)");
            }
        }
        return permission;
    }

    private static String truncate(String s, int max) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** The HTTP method, upper-cased. */
    public String method() {
        return method;
    }

    /** The resource sent to the gateway (a fixed name such as {@code mcp}, or the request path). */
    public String resource() {
        return resource;
    }

    /** The permissions the request requires; all of them must be held. */
    public List<String> requiredPermissions() {
        return requiredPermissions;
    }

    /** Every {@code Authorization} header value of the request, in order. */
    public List<String> authorization() {
        return authorization;
    }

    /** The client's IP address, when known. */
    public Optional<String> clientIp() {
        return Optional.ofNullable(clientIp);
    }

    /** The client's User-Agent (at most 512 characters), when known. */
    public Optional<String> userAgent() {
        return Optional.ofNullable(userAgent);
    }

    @Override
    public String toString() {
        return "AccessRequest[" + method + " " + resource + ", requires " + requiredPermissions + "]";
    }

    /** Collects the parts of an {@link AccessRequest}. */
    public static final class Builder {
        private String method;
        private String resource;
        private List<String> requiredPermissions = new ArrayList<>();
        private List<String> authorization = new ArrayList<>();
        private String clientIp;
        private String userAgent;

        private Builder() {
        }

        /** The HTTP method. */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /** The resource name or path. */
        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        /** The permissions required, each one plain name (see {@link #checkPermissionName}). */
        public Builder requiredPermissions(List<String> permissions) {
            List<String> copy = new ArrayList<>();
            for (String p : permissions) {
                copy.add(checkPermissionName(p));
            }
            this.requiredPermissions = copy;
            return this;
        }

        /** The values of every {@code Authorization} header (none when absent). */
        public Builder authorization(List<String> headerValues) {
            this.authorization = new ArrayList<>(headerValues);
            return this;
        }

        /** A single {@code Authorization} header value; null means the header is absent. */
        public Builder authorization(String headerValue) {
            this.authorization = new ArrayList<>();
            if (headerValue != null) {
                this.authorization.add(headerValue);
            }
            return this;
        }

        /** The client's IP address. */
        public Builder clientIp(String clientIp) {
            this.clientIp = clientIp;
            return this;
        }

        /** The client's User-Agent. */
        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /** Builds the request. */
        public AccessRequest build() {
            return new AccessRequest(this);
        }
    }
}
