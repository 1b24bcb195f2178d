package dev.wacht.core;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a {@code POST /v1/authz/check} answer that {@link GatewayResponses} reads, taken from a
 * streaming JSON-P parser in one pass, without building a tree of the answer.
 *
 * <p>A member of the wrong JSON type is kept as its {@link GatewayWire.Malformed} error and thrown when
 * the decoder reads the member, so that a wrong type matters exactly where it did when the answer was
 * read as a tree (a wrong {@code retry_after} only in a rate-limited answer, for instance). A member
 * that is read here may appear only once in its object ({@link GatewayWire.Malformed} at once); unknown
 * members are skipped through the parser, so their syntax is still checked, nested at most
 * {@link #MAX_DEPTH} levels.
 */
final class CheckAnswer {
    /** The deepest nesting of arrays and objects inside a skipped member (Wacht's answers nest three levels). */
    static final int MAX_DEPTH = 64;

    private Object allowed;
    private Object requestId;
    private Object reason;
    private Object retryAfter;
    private Object identity;
    private Object permissions;
    private Object metadata;
    private Object rateLimits;
    private Object headers;
    private Object keyId;
    private Object keyName;
    private Object ownerUserId;
    private Object deploymentId;
    private Object appSlug;
    private Object organizationId;
    private Object workspaceId;
    private Object scopes;
    private Object oauthResource;
    private Object grantedResource;
    private Object expiresAt;

    private CheckAnswer() {
    }

    /**
     * Reads the members of the answer object whose {@link Event#START_OBJECT} the parser has just
     * returned, up to and including its {@link Event#END_OBJECT}.
     *
     * @throws GatewayWire.Malformed when a member read here appears twice, or a skipped one nests too deep
     */
    static CheckAnswer read(JsonParser p) {
        CheckAnswer a = new CheckAnswer();
        int seen = 0;
        while (p.next() != Event.END_OBJECT) {
            String name = p.getString();
            Event v = p.next();
            switch (name) {
                case "allowed":
                    seen = once(seen, 0, name);
                    a.allowed = bool(p, v, name);
                    break;
                case "request_id":
                    seen = once(seen, 1, name);
                    a.requestId = string(p, v, name);
                    break;
                case "reason":
                    seen = once(seen, 2, name);
                    a.reason = string(p, v, name);
                    break;
                case "retry_after":
                    seen = once(seen, 3, name);
                    a.retryAfter = integer(p, v, name);
                    break;
                case "identity":
                    seen = once(seen, 4, name);
                    a.identity = v == Event.START_OBJECT ? a.readIdentity(p) : wrongType(p, v, name, "an object");
                    break;
                case "permissions":
                    seen = once(seen, 5, name);
                    a.permissions = strings(p, v, name);
                    break;
                case "metadata":
                    seen = once(seen, 6, name);
                    a.metadata = v == Event.START_OBJECT ? a.readMetadata(p) : wrongType(p, v, name, "an object");
                    break;
                case "rate_limits":
                    seen = once(seen, 7, name);
                    a.rateLimits = rateLimits(p, v);
                    break;
                case "headers":
                    seen = once(seen, 8, name);
                    a.headers = headers(p, v);
                    break;
                default:
                    skip(p, v);
            }
        }
        return a;
    }

    private Boolean readIdentity(JsonParser p) {
        int seen = 0;
        while (p.next() != Event.END_OBJECT) {
            String name = p.getString();
            Event v = p.next();
            switch (name) {
                case "key_id":
                    seen = once(seen, 0, name);
                    keyId = string(p, v, name);
                    break;
                case "key_name":
                    seen = once(seen, 1, name);
                    keyName = string(p, v, name);
                    break;
                case "owner_user_id":
                    seen = once(seen, 2, name);
                    ownerUserId = string(p, v, name);
                    break;
                case "deployment_id":
                    seen = once(seen, 3, name);
                    deploymentId = string(p, v, name);
                    break;
                case "app_slug":
                    seen = once(seen, 4, name);
                    appSlug = string(p, v, name);
                    break;
                case "organization_id":
                    seen = once(seen, 5, name);
                    organizationId = string(p, v, name);
                    break;
                case "workspace_id":
                    seen = once(seen, 6, name);
                    workspaceId = string(p, v, name);
                    break;
                default:
                    skip(p, v);
            }
        }
        return Boolean.TRUE;
    }

    private Boolean readMetadata(JsonParser p) {
        int seen = 0;
        while (p.next() != Event.END_OBJECT) {
            String name = p.getString();
            Event v = p.next();
            switch (name) {
                case "scopes":
                    seen = once(seen, 0, name);
                    scopes = strings(p, v, name);
                    break;
                case "oauth_resource":
                    seen = once(seen, 1, name);
                    oauthResource = string(p, v, name);
                    break;
                case "granted_resource":
                    seen = once(seen, 2, name);
                    grantedResource = string(p, v, name);
                    break;
                case "expires_at":
                    seen = once(seen, 3, name);
                    expiresAt = string(p, v, name);
                    break;
                default:
                    skip(p, v);
            }
        }
        return Boolean.TRUE;
    }

    /** The rate-limit entries that name a rule, a remaining count and a limit; entries lacking one are left out. */
    private static Object rateLimits(JsonParser p, Event v) {
        if (v != Event.START_ARRAY) {
            return wrongType(p, v, "rate_limits", "an array");
        }
        List<RateLimitState> out = new ArrayList<>(2);
        GatewayWire.Malformed wrong = null;
        for (Event e = p.next(); e != Event.END_ARRAY; e = p.next()) {
            if (e != Event.START_OBJECT) {
                skip(p, e);
                wrong = new GatewayWire.Malformed("rate_limits holds a non-object");
                continue;
            }
            Object rule = null;
            Object remaining = null;
            Object limit = null;
            int seen = 0;
            while (p.next() != Event.END_OBJECT) {
                String name = p.getString();
                Event m = p.next();
                switch (name) {
                    case "rule":
                        seen = once(seen, 0, name);
                        rule = string(p, m, name);
                        break;
                    case "remaining":
                        seen = once(seen, 1, name);
                        remaining = integer(p, m, name);
                        break;
                    case "limit":
                        seen = once(seen, 2, name);
                        limit = integer(p, m, name);
                        break;
                    default:
                        skip(p, m);
                }
            }
            GatewayWire.Malformed first = rule instanceof GatewayWire.Malformed ? (GatewayWire.Malformed) rule
                    : remaining instanceof GatewayWire.Malformed ? (GatewayWire.Malformed) remaining
                    : limit instanceof GatewayWire.Malformed ? (GatewayWire.Malformed) limit : null;
            if (first != null) {
                wrong = wrong == null ? first : wrong;
            } else if (rule != null && remaining != null && limit != null) {
                out.add(new RateLimitState((String) rule, (Long) remaining, (Long) limit));
            }
        }
        return wrong == null ? out : wrong;
    }

    /** An object of strings, in the answer's order. */
    private static Object headers(JsonParser p, Event v) {
        if (v != Event.START_OBJECT) {
            return wrongType(p, v, "headers", "an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        GatewayWire.Malformed wrong = null;
        while (p.next() != Event.END_OBJECT) {
            String name = p.getString();
            Event e = p.next();
            if (e != Event.VALUE_STRING) {
                skip(p, e);
                wrong = wrong == null ? new GatewayWire.Malformed("headers." + name + " is not a string") : wrong;
            } else if (out.put(name, p.getString()) != null && wrong == null) {
                wrong = new GatewayWire.Malformed("headers." + name + " appears twice");
            }
        }
        return wrong == null ? out : wrong;
    }

    private static Object strings(JsonParser p, Event v, String name) {
        if (v != Event.START_ARRAY) {
            return wrongType(p, v, name, "an array");
        }
        List<String> out = new ArrayList<>();
        boolean wrong = false;
        for (Event e = p.next(); e != Event.END_ARRAY; e = p.next()) {
            if (e == Event.VALUE_STRING) {
                out.add(p.getString());
            } else {
                skip(p, e);
                wrong = true;
            }
        }
        return wrong ? new GatewayWire.Malformed(name + " holds a non-string") : out;
    }

    private static Object string(JsonParser p, Event v, String name) {
        return v == Event.VALUE_STRING ? p.getString() : wrongType(p, v, name, "a string");
    }

    private static Object bool(JsonParser p, Event v, String name) {
        if (v == Event.VALUE_TRUE || v == Event.VALUE_FALSE) {
            return Boolean.valueOf(v == Event.VALUE_TRUE);
        }
        return wrongType(p, v, name, "a boolean");
    }

    /** An integral number (a JSON number whose decimal scale is 0, like {@code JsonNumber.isIntegral}) in range of a long. */
    private static Object integer(JsonParser p, Event v, String name) {
        if (v != Event.VALUE_NUMBER) {
            return wrongType(p, v, name, "an integer");
        }
        BigDecimal n = p.getBigDecimal();
        if (n.scale() != 0) {
            return new GatewayWire.Malformed(name + " is not an integer");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            return new GatewayWire.Malformed(name + " is out of range");
        }
    }

    /**
     * Null for a JSON null; otherwise skips the value and returns the error "{@code name} is not {@code
     * type}" (the text is built only then: null members are common).
     */
    private static Object wrongType(JsonParser p, Event v, String name, String type) {
        if (v == Event.VALUE_NULL) {
            return null;
        }
        skip(p, v);
        return new GatewayWire.Malformed(name + " is not " + type);
    }

    /**
     * Consumes the value that begins with {@code v} through the parser (so that its syntax is checked);
     * a number is converted, as building a tree would, so that the provider's bounds on numbers apply.
     */
    private static void skip(JsonParser p, Event v) {
        if (v == Event.VALUE_NUMBER) {
            p.getBigDecimal();
            return;
        }
        if (v != Event.START_OBJECT && v != Event.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            Event e = p.next();
            if (e == Event.START_OBJECT || e == Event.START_ARRAY) {
                if (++depth > MAX_DEPTH) {
                    throw new GatewayWire.Malformed("a member nests deeper than " + MAX_DEPTH + " levels");
                }
            } else if (e == Event.END_OBJECT || e == Event.END_ARRAY) {
                depth--;
            } else if (e == Event.VALUE_NUMBER) {
                p.getBigDecimal();
            }
        }
    }

    private static int once(int seen, int bit, String name) {
        if ((seen & (1 << bit)) != 0) {
            throw new GatewayWire.Malformed(name + " appears twice");
        }
        return seen | (1 << bit);
    }

    private static Object value(Object member) {
        if (member instanceof GatewayWire.Malformed) {
            throw (GatewayWire.Malformed) member;
        }
        return member;
    }

    Boolean allowed() {
        return (Boolean) value(allowed);
    }

    String requestId() {
        return (String) value(requestId);
    }

    String reason() {
        return (String) value(reason);
    }

    Long retryAfter() {
        return (Long) value(retryAfter);
    }

    /** Whether {@code identity} is an object (false when absent or null). */
    boolean identity() {
        return value(identity) != null;
    }

    @SuppressWarnings("unchecked") // strings() builds it
    List<String> permissions() {
        return (List<String>) value(permissions);
    }

    /** Whether {@code metadata} is an object (false when absent or null). */
    boolean metadata() {
        return value(metadata) != null;
    }

    @SuppressWarnings("unchecked") // rateLimits() builds it
    List<RateLimitState> rateLimits() {
        List<RateLimitState> list = (List<RateLimitState>) value(rateLimits);
        return list == null ? List.of() : list;
    }

    @SuppressWarnings("unchecked") // headers() builds it
    Map<String, String> headers() {
        Map<String, String> map = (Map<String, String>) value(headers);
        return map == null ? Map.of() : map;
    }

    String keyId() {
        return (String) value(keyId);
    }

    String keyName() {
        return (String) value(keyName);
    }

    String ownerUserId() {
        return (String) value(ownerUserId);
    }

    String deploymentId() {
        return (String) value(deploymentId);
    }

    String appSlug() {
        return (String) value(appSlug);
    }

    String organizationId() {
        return (String) value(organizationId);
    }

    String workspaceId() {
        return (String) value(workspaceId);
    }

    @SuppressWarnings("unchecked") // strings() builds it
    List<String> scopes() {
        return (List<String>) value(scopes);
    }

    String oauthResource() {
        return (String) value(oauthResource);
    }

    String grantedResource() {
        return (String) value(grantedResource);
    }

    String expiresAt() {
        return (String) value(expiresAt);
    }
}
