package dev.wacht.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

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
    private final @Nullable String clientIp;
    private final @Nullable String userAgent;
    private final boolean accessTokenInQuery;
    private final @Nullable BooleanSupplier accessTokenInForm;

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
        this.accessTokenInQuery = hasAccessTokenParameter(b.rawQuery);
        this.accessTokenInForm = b.accessTokenInForm;
    }

    /** True when a raw query string has a parameter named {@code access_token} (RFC 6750 §2.3). */
    static boolean hasAccessTokenParameter(@Nullable String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.length() <= 40 && name.replace("%5F", "_").replace("%5f", "_").equalsIgnoreCase("access_token")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The request attribute (servlet) or property (JAX-RS) where an adapter in front publishes the client
     * IP it resolved (trusted proxies applied), for the layers behind it.
     */
    public static final String CLIENT_IP_ATTRIBUTE = "dev.wacht.client-ip";

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

    private static @Nullable String truncate(@Nullable String s, int max) {
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

    /**
     * True when the client sent an {@code access_token} in the query string or (asked only when the
     * request has no {@code Authorization} header, since reading a form consumes the body) in a
     * form body: answered 400, as only the header is accepted.
     */
    boolean accessTokenOutsideHeader(boolean askForm) {
        return accessTokenInQuery || (askForm && accessTokenInForm != null && accessTokenInForm.getAsBoolean());
    }

    @Override
    public String toString() {
        return "AccessRequest[" + method + " " + resource + ", requires " + requiredPermissions + "]";
    }

    /** Collects the parts of an {@link AccessRequest}. */
    public static final class Builder {
        private @Nullable String method;
        private @Nullable String resource;
        private List<String> requiredPermissions = new ArrayList<>();
        private List<String> authorization = new ArrayList<>();
        private @Nullable String clientIp;
        private @Nullable String userAgent;
        private @Nullable String rawQuery;
        private @Nullable BooleanSupplier accessTokenInForm;

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
        public Builder authorization(@Nullable String headerValue) {
            this.authorization = new ArrayList<>();
            if (headerValue != null) {
                this.authorization.add(headerValue);
            }
            return this;
        }

        /** The client's IP address; null when unknown. */
        public Builder clientIp(@Nullable String clientIp) {
            this.clientIp = clientIp;
            return this;
        }

        /** The client's User-Agent; null when the request has none. */
        public Builder userAgent(@Nullable String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /**
         * The raw query string of the request URI, checked for an {@code access_token} parameter
         * (refused with 400: only the {@code Authorization} header is accepted); null when the URI has none.
         */
        public Builder queryString(@Nullable String rawQuery) {
            this.rawQuery = rawQuery;
            return this;
        }

        /**
         * How to tell whether a form body carries an {@code access_token} parameter. Called at most
         * once, and only when the request has no {@code Authorization} header (so that a request
         * with a credential keeps its body unread).
         */
        public Builder accessTokenInForm(BooleanSupplier probe) {
            this.accessTokenInForm = probe;
            return this;
        }

        /** Builds the request. */
        public AccessRequest build() {
            return new AccessRequest(this);
        }
    }
}
