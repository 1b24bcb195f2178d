package dev.wacht.mcp;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.WachtSetting;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WachtMcpFilter} enforces: the servlet filter's options (core configuration with
 * {@code wacht.resource-uri} set to the MCP endpoint's canonical URI, the resource name, the base
 * scopes every MCP request needs, the RFC 9728 metadata), the scopes each tool, prompt and resource
 * needs on top, the browser origins allowed, the largest JSON-RPC body read, and how many MCP sessions
 * are remembered. Immutable; every value is checked by {@link Builder#build()}.
 */
public final class WachtMcpOptions {
    /** The default largest JSON-RPC body read: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
    /** The default number of MCP sessions whose owner is remembered: 10 000. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    private static final int MAX_DECLARATIONS = 10_000;
    private static final int MAX_NAME = 1024;

    private final WachtFilterOptions filter;
    private final ScopeRules rules;
    private final AllowedOrigins origins;
    private final int maxBodySize;
    private final int maxSessions;
    private final @Nullable McpJsonMapper jsonMapper;

    private WachtMcpOptions(Builder b) {
        if (b.maxBodySize < 1) {
            throw new IllegalArgumentException("maxBodySize: must be at least 1 byte, got " + b.maxBodySize);
        }
        if (b.maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions: must be at least 1, got " + b.maxSessions);
        }
        WachtFilterOptions plain = b.filter.build();
        if (!plain.excludedPaths().isEmpty()) {
            throw WachtSetting.EXCLUDE.invalid("not supported on an MCP endpoint, where every request needs a "
                    + "caller; map WachtMcpFilter to the MCP endpoint only");
        }
        this.rules = new ScopeRules(plain.requiredPermissions(), b.tools, b.prompts, b.resources);
        if (plain.metadata().isPresent()) {
            b.filter.scopesSupported(rules.allScopes());
        }
        if (plain.challengeScopes().isEmpty()) {
            b.filter.challengeScopes(plain.requiredPermissions());
        }
        this.filter = b.filter.build();
        List<String> allowed = b.allowedOrigins;
        if (allowed.isEmpty()) {
            allowed = filter.config().resourceUri().map(uri -> List.of(origin(uri))).orElse(List.of());
        }
        this.origins = AllowedOrigins.of(allowed);
        this.maxBodySize = b.maxBodySize;
        this.maxSessions = b.maxSessions;
        this.jsonMapper = b.jsonMapper;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** A builder with every default in place. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options of the servlet filter that authenticates every MCP request. Its
     * {@code scopes_supported} are every declared scope, and its 401 challenges name the base scopes
     * unless other challenge scopes were set.
     */
    public WachtFilterOptions filterOptions() {
        return filter;
    }

    /** The browser origins accepted, normalised to {@code scheme://host:port}. */
    public List<String> allowedOrigins() {
        return List.copyOf(origins.origins());
    }

    /** The largest JSON-RPC body read, in bytes; a larger one is answered 413. */
    public int maxBodySize() {
        return maxBodySize;
    }

    /** How many MCP sessions' owners are remembered; the least recently used session beyond is forgotten. */
    public int maxSessions() {
        return maxSessions;
    }

    /** The JSON mapper bodies are read and rewritten with, when one was set (else the SDK's default). */
    public Optional<McpJsonMapper> jsonMapper() {
        return Optional.ofNullable(jsonMapper);
    }

    ScopeRules rules() {
        return rules;
    }

    AllowedOrigins origins() {
        return origins;
    }

    @Override
    public String toString() {
        return "WachtMcpOptions[scopes=" + rules.describe() + ", origins=" + origins.origins() + ", maxBodySize="
                + maxBodySize + ", " + filter + "]";
    }

    /** Collects option values; not thread-safe. {@link #build()} checks them all. */
    public static final class Builder {
        private WachtFilterOptions.Builder filter = WachtFilterOptions.builder();
        private final Map<String, List<String>> tools = new LinkedHashMap<>();
        private final Map<String, List<String>> prompts = new LinkedHashMap<>();
        private final Map<String, List<String>> resources = new LinkedHashMap<>();
        private List<String> allowedOrigins = List.of();
        private int maxBodySize = DEFAULT_MAX_BODY_SIZE;
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private @Nullable McpJsonMapper jsonMapper;

        private Builder() {
        }

        /**
         * The servlet filter's options: the core configuration (set {@code resourceUri} to the MCP
         * endpoint's canonical URI), the resource name sent to Wacht, the base scopes every MCP request
         * needs ({@code requiredPermissions}, such as {@code mcp:invoke}), and the authorization servers
         * of the RFC 9728 metadata. {@link #build()} completes this builder with the declared scopes.
         */
        public Builder filter(WachtFilterOptions.Builder options) {
            this.filter = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The scopes a {@code tools/call} of this tool needs, on top of the base scopes. */
        public Builder toolScopes(String tool, String... scopes) {
            return declare(tools, "toolScopes", tool, scopes);
        }

        /** The scopes a {@code prompts/get} of this prompt needs, on top of the base scopes. */
        public Builder promptScopes(String prompt, String... scopes) {
            return declare(prompts, "promptScopes", prompt, scopes);
        }

        /**
         * The scopes reading (or subscribing to) this resource needs, on top of the base scopes. The URI
         * may be a template such as {@code file:///reports/{name}}: each {@code {…}} then matches anything.
         */
        public Builder resourceScopes(String uriOrTemplate, String... scopes) {
            return declare(resources, "resourceScopes", uriOrTemplate, scopes);
        }

        private Builder declare(Map<String, List<String>> into, String what, String name, String... scopes) {
            if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
                throw new IllegalArgumentException(what + ": the name must have 1 to " + MAX_NAME + " characters");
            }
            if (into.size() >= MAX_DECLARATIONS && !into.containsKey(name)) {
                throw new IllegalArgumentException(what + ": at most " + MAX_DECLARATIONS + " declarations");
            }
            List<String> checked = new ArrayList<>();
            for (String scope : scopes) {
                try {
                    checked.add(AccessRequest.checkPermissionName(scope));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + "('" + name + "'): " + e.getMessage(), e);
                }
            }
            into.put(name, List.copyOf(checked));
            return this;
        }

        /**
         * The browser origins ({@code https://app.example.com}) whose requests are accepted. Default: the
         * origin of {@code wacht.resource-uri}, or none when it is not set. Requests without
         * {@code Origin} are always accepted (they do not come from a browser page).
         */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = List.copyOf(origins);
            return this;
        }

        /** The browser origins whose requests are accepted. */
        public Builder allowedOrigins(String... origins) {
            return allowedOrigins(Arrays.asList(origins));
        }

        /** The largest JSON-RPC body read, in bytes (default {@value #DEFAULT_MAX_BODY_SIZE}). */
        public Builder maxBodySize(int bytes) {
            this.maxBodySize = bytes;
            return this;
        }

        /** How many MCP sessions' owners are remembered (default {@value #DEFAULT_MAX_SESSIONS}). */
        public Builder maxSessions(int sessions) {
            this.maxSessions = sessions;
            return this;
        }

        /**
         * The JSON mapper of the MCP transport, when it was given one; bodies are read and handed on with
         * it, so the check reads them exactly as the transport will (default: the SDK's default mapper).
         */
        public Builder jsonMapper(McpJsonMapper mapper) {
            this.jsonMapper = mapper;
            return this;
        }

        /**
         * Checks every value and builds the options.
         *
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public WachtMcpOptions build() {
            return new WachtMcpOptions(this);
        }
    }
}
