package dev.wacht.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which scopes one parsed JSON-RPC body needs: the base scopes, plus those declared for the tool of a
 * {@code tools/call}, the prompt of a {@code prompts/get}, and every declared resource whose URI or
 * template matches the {@code uri} of a {@code resources/read}, {@code resources/subscribe} or
 * {@code resources/unsubscribe}. A batch needs the union over its messages. The method is matched
 * wherever it appears, whether the message is a request or a notification. A body the check cannot
 * read the same way the SDK would is refused ({@link IllegalArgumentException}), never passed with
 * fewer scopes.
 */
final class ScopeRules {
    private static final String METHOD = "method";
    private static final String PARAMS = "params";

    private final List<String> base;
    private final Map<String, List<String>> tools;
    private final Map<String, List<String>> prompts;
    private final Map<String, List<String>> resources;
    private final List<Map.Entry<Pattern, List<String>>> templates = new ArrayList<>();

    ScopeRules(List<String> base, Map<String, List<String>> tools, Map<String, List<String>> prompts,
            Map<String, List<String>> resources) {
        this.base = List.copyOf(base);
        this.tools = Map.copyOf(tools);
        this.prompts = Map.copyOf(prompts);
        this.resources = Map.copyOf(resources);
        resources.forEach((uri, scopes) -> {
            if (uri.indexOf('{') >= 0) {
                templates.add(Map.entry(templatePattern(uri), scopes));
            }
        });
    }

    /**
     * A URI template as a pattern in which every {@code {…}} expression matches anything, so that a
     * template covers at least every URI the SDK could match it to (over-matching asks for more scopes,
     * never fewer).
     */
    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            regex.append(Pattern.quote(template.substring(i, open))).append(".*");
            i = close + 1;
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Every scope declared anywhere, base first, without duplicates. */
    List<String> allScopes() {
        Set<String> all = new LinkedHashSet<>(base);
        tools.values().forEach(all::addAll);
        prompts.values().forEach(all::addAll);
        resources.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** The base scopes every MCP request needs. */
    List<String> base() {
        return base;
    }

    /** A JSON-RPC body as the transport will read it: the scopes it needs, and its re-encoding. */
    static final class Body {
        private final List<String> required;
        private final byte[] canonical;

        Body(List<String> required, byte[] canonical) {
            this.required = required;
            this.canonical = canonical;
        }

        /** The scopes the body needs, base first. */
        List<String> required() {
            return required;
        }

        /** The body re-encoded by the transport's mapper, UTF-8 (not copied: the caller owns it). */
        byte[] canonical() {
            return canonical;
        }
    }

    /**
     * Reads a body with the transport's own JSON mapper, finds the scopes it needs, and re-encodes what
     * was read (UTF-8), so that the transport dispatches exactly what was checked.
     *
     * @throws IOException when the body is not a JSON value (or cannot be re-encoded)
     * @throws IllegalArgumentException as {@link #required(Object)}
     */
    Body check(byte[] body, McpJsonMapper json) throws IOException {
        Object message;
        try {
            message = json.readValue(body, Object.class);
        } catch (RuntimeException e) {
            throw new IOException("not JSON", e);
        }
        List<String> required = required(message);
        try {
            return new Body(required, json.writeValueAsBytes(message));
        } catch (RuntimeException e) {
            throw new IOException("cannot be re-encoded", e);
        }
    }

    /**
     * The scopes a parsed body needs, base first.
     *
     * @throws IllegalArgumentException when a message names its method, tool, prompt or resource in a
     *     way that is not a plain JSON string
     */
    List<String> required(Object body) {
        Set<String> required = new LinkedHashSet<>(base);
        if (body instanceof List<?> batch) {
            for (Object message : batch) {
                addRequired(message, required);
            }
        } else {
            addRequired(body, required);
        }
        return List.copyOf(required);
    }

    private void addRequired(Object message, Set<String> required) {
        if (!(message instanceof Map<?, ?> map)) {
            return;
        }
        if (!map.containsKey(METHOD)) {
            return; // a response: it runs nothing
        }
        String method = text(map.get(METHOD), METHOD);
        switch (method) {
            case "tools/call" ->
                    required.addAll(tools.getOrDefault(text(param(map, "name"), "params.name"), List.of()));
            case "prompts/get" ->
                    required.addAll(prompts.getOrDefault(text(param(map, "name"), "params.name"), List.of()));
            case "resources/read", "resources/subscribe", "resources/unsubscribe" ->
                    addResourceScopes(text(param(map, "uri"), "params.uri"), required);
            default -> {
                // other methods need the base scopes only
            }
        }
    }

    private void addResourceScopes(String uri, Set<String> required) {
        required.addAll(resources.getOrDefault(uri, List.of()));
        for (Map.Entry<Pattern, List<String>> template : templates) {
            if (template.getKey().matcher(uri).matches()) {
                required.addAll(template.getValue());
            }
        }
    }

    private static @Nullable Object param(Map<?, ?> message, String name) {
        Object params = message.get(PARAMS);
        if (!(params instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("params must be an object");
        }
        return map.get(name);
    }

    /** A JSON string that survives re-encoding unchanged (no unpaired surrogate), else refused. */
    private static String text(@Nullable Object value, String field) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field + " holds an unpaired surrogate");
            }
        }
        return s;
    }

    /** Declared scopes by name, for {@link WachtMcpOptions#toString()}. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("base", base);
        d.put("tools", tools);
        d.put("prompts", prompts);
        d.put("resources", resources);
        return d;
    }
}
