package dev.wacht.core;

import dev.wacht.core.internal.StrictJson;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The check-answer reader that wacht-core used before {@link CheckAnswer} read the bytes itself: the same
 * members taken from a streaming JSON-P parser (Parsson) in one pass. Kept here as the oracle of
 * {@code CheckAnswerDifferentialTest}: for every input, both must agree on accept or refuse, on every
 * member and on every error message.
 *
 * <p>A member of the wrong JSON type is kept as its {@link StrictJson.Malformed} error and thrown when
 * the decoder reads the member. A member that is read here may appear only once in its object
 * ({@link StrictJson.Malformed} at once); unknown members are skipped through the parser, so their
 * syntax is still checked, nested at most {@link #MAX_DEPTH} levels.
 */
final class JsonPCheckAnswer {
    /** The deepest nesting of arrays and objects inside a skipped member. */
    static final int MAX_DEPTH = 64;

    /** How a member is read. */
    private enum Kind {
        STRING, BOOLEAN, INTEGER, STRINGS, IDENTITY, METADATA, RATE_LIMITS, HEADERS
    }

    /** The members of one object that are read, each with its kind; the index is the member's place in the values. */
    private static final class Members {
        final String[] names;
        final Kind[] kinds;

        Members(String[] names, Kind[] kinds) {
            this.names = names;
            this.kinds = kinds;
        }

        int indexOf(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static final Members ANSWER = new Members(
            new String[] {"allowed", "request_id", "reason", "retry_after", "identity", "permissions", "metadata",
                "rate_limits", "headers"},
            new Kind[] {Kind.BOOLEAN, Kind.STRING, Kind.STRING, Kind.INTEGER, Kind.IDENTITY, Kind.STRINGS,
                Kind.METADATA, Kind.RATE_LIMITS, Kind.HEADERS});
    private static final Members IDENTITY = new Members(
            new String[] {"key_id", "key_name", "owner_user_id", "deployment_id", "app_slug", "organization_id",
                "workspace_id"},
            new Kind[] {Kind.STRING, Kind.STRING, Kind.STRING, Kind.STRING, Kind.STRING, Kind.STRING, Kind.STRING});
    private static final Members METADATA = new Members(
            new String[] {"scopes", "oauth_resource", "granted_resource", "expires_at"},
            new Kind[] {Kind.STRINGS, Kind.STRING, Kind.STRING, Kind.STRING});
    private static final Members RATE_LIMIT = new Members(new String[] {"rule", "remaining", "limit"},
            new Kind[] {Kind.STRING, Kind.INTEGER, Kind.INTEGER});

    private final Object[] answer = new Object[ANSWER.names.length];
    private final Object[] identity = new Object[IDENTITY.names.length];
    private final Object[] metadata = new Object[METADATA.names.length];

    private JsonPCheckAnswer() {
    }

    /**
     * Reads the members of the answer object whose {@link Event#START_OBJECT} the parser has just
     * returned, up to and including its {@link Event#END_OBJECT}.
     *
     * @throws StrictJson.Malformed when a member read here appears twice, or a skipped one nests too deep
     */
    static JsonPCheckAnswer read(JsonParser p) {
        JsonPCheckAnswer a = new JsonPCheckAnswer();
        a.readObject(p, ANSWER, a.answer);
        return a;
    }

    /** Reads the members of an object (its start already returned) into {@code values}, by index. */
    private void readObject(JsonParser p, Members members, Object[] values) {
        int seen = 0;
        while (p.next() != Event.END_OBJECT) {
            String name = p.getString();
            Event v = p.next();
            int i = members.indexOf(name);
            if (i < 0) {
                skip(p, v);
                continue;
            }
            if ((seen & (1 << i)) != 0) {
                throw new StrictJson.Malformed(name + " appears twice");
            }
            seen |= 1 << i;
            values[i] = value(p, v, name, members.kinds[i]);
        }
    }

    /** The member's value, null for a JSON null, or the error of a wrong type (the value then skipped). */
    private Object value(JsonParser p, Event v, String name, Kind kind) {
        switch (kind) {
            case STRING:
                return v == Event.VALUE_STRING ? p.getString() : wrongType(p, v, name, "a string");
            case BOOLEAN:
                return v == Event.VALUE_TRUE || v == Event.VALUE_FALSE ? Boolean.valueOf(v == Event.VALUE_TRUE)
                        : wrongType(p, v, name, "a boolean");
            case INTEGER:
                return v == Event.VALUE_NUMBER ? integer(p.getBigDecimal(), name) : wrongType(p, v, name, "an integer");
            case STRINGS:
                return v == Event.START_ARRAY ? strings(p, name) : wrongType(p, v, name, "an array");
            case IDENTITY:
                return nested(p, v, name, IDENTITY, identity);
            case METADATA:
                return nested(p, v, name, METADATA, metadata);
            case RATE_LIMITS:
                return v == Event.START_ARRAY ? rateLimits(p) : wrongType(p, v, name, "an array");
            case HEADERS:
                return v == Event.START_OBJECT ? headers(p) : wrongType(p, v, name, "an object");
        }
        throw new AssertionError(kind);
    }

    /** {@code values} (a mark that the object is there) once the object's members are in them. */
    private Object nested(JsonParser p, Event v, String name, Members members, Object[] values) {
        if (v != Event.START_OBJECT) {
            return wrongType(p, v, name, "an object");
        }
        readObject(p, members, values);
        return values;
    }

    /** The rate-limit entries that name a rule, a remaining count and a limit; entries lacking one are left out. */
    private Object rateLimits(JsonParser p) {
        List<RateLimitState> out = new ArrayList<>(2);
        StrictJson.Malformed wrong = null;
        for (Event e = p.next(); e != Event.END_ARRAY; e = p.next()) {
            if (e != Event.START_OBJECT) {
                skip(p, e);
                wrong = new StrictJson.Malformed("rate_limits holds a non-object");
                continue;
            }
            Object[] entry = new Object[RATE_LIMIT.names.length];
            readObject(p, RATE_LIMIT, entry);
            StrictJson.Malformed first = null;
            for (int i = entry.length - 1; i >= 0; i--) { // the first wrong member, in the order rule, remaining, limit
                first = entry[i] instanceof StrictJson.Malformed ? (StrictJson.Malformed) entry[i] : first;
            }
            if (first != null) {
                wrong = wrong == null ? first : wrong;
            } else if (entry[0] != null && entry[1] != null && entry[2] != null) {
                out.add(new RateLimitState((String) entry[0], (Long) entry[1], (Long) entry[2]));
            }
        }
        return wrong == null ? out : wrong;
    }

    /** An object of strings, in the answer's order. */
    private static Object headers(JsonParser p) {
        Map<String, String> out = new LinkedHashMap<>();
        StrictJson.Malformed wrong = null;
        while (p.next() != Event.END_OBJECT) {
            String name = p.getString();
            Event e = p.next();
            if (e != Event.VALUE_STRING) {
                skip(p, e);
                wrong = wrong == null ? new StrictJson.Malformed("headers." + name + " is not a string") : wrong;
            } else if (out.put(name, p.getString()) != null && wrong == null) {
                wrong = new StrictJson.Malformed("headers." + name + " appears twice");
            }
        }
        return wrong == null ? out : wrong;
    }

    private static Object strings(JsonParser p, String name) {
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
        return wrong ? new StrictJson.Malformed(name + " holds a non-string") : out;
    }

    /** An integral number (decimal scale 0, like {@code JsonNumber.isIntegral}) in range of a long. */
    private static Object integer(BigDecimal n, String name) {
        if (n.scale() != 0) {
            return new StrictJson.Malformed(name + " is not an integer");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            return new StrictJson.Malformed(name + " is out of range");
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
        return new StrictJson.Malformed(name + " is not " + type);
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
                    throw new StrictJson.Malformed("a member nests deeper than " + MAX_DEPTH + " levels");
                }
            } else if (e == Event.END_OBJECT || e == Event.END_ARRAY) {
                depth--;
            } else if (e == Event.VALUE_NUMBER) {
                p.getBigDecimal();
            }
        }
    }

    /** The member's value, or its error thrown. */
    private static Object checked(Object[] values, int index) {
        Object member = values[index];
        if (member instanceof StrictJson.Malformed) {
            throw (StrictJson.Malformed) member;
        }
        return member;
    }

    Boolean allowed() {
        return (Boolean) checked(answer, 0);
    }

    String requestId() {
        return (String) checked(answer, 1);
    }

    String reason() {
        return (String) checked(answer, 2);
    }

    Long retryAfter() {
        return (Long) checked(answer, 3);
    }

    /** Whether {@code identity} is an object (false when absent or null). */
    boolean identity() {
        return checked(answer, 4) != null;
    }

    @SuppressWarnings("unchecked") // strings() builds it
    List<String> permissions() {
        return (List<String>) checked(answer, 5);
    }

    /** Whether {@code metadata} is an object (false when absent or null). */
    boolean metadata() {
        return checked(answer, 6) != null;
    }

    @SuppressWarnings("unchecked") // rateLimits() builds it
    List<RateLimitState> rateLimits() {
        List<RateLimitState> list = (List<RateLimitState>) checked(answer, 7);
        return list == null ? List.of() : list;
    }

    @SuppressWarnings("unchecked") // headers() builds it
    Map<String, String> headers() {
        Map<String, String> map = (Map<String, String>) checked(answer, 8);
        return map == null ? Map.of() : map;
    }

    String keyId() {
        return (String) checked(identity, 0);
    }

    String keyName() {
        return (String) checked(identity, 1);
    }

    String ownerUserId() {
        return (String) checked(identity, 2);
    }

    String deploymentId() {
        return (String) checked(identity, 3);
    }

    String appSlug() {
        return (String) checked(identity, 4);
    }

    String organizationId() {
        return (String) checked(identity, 5);
    }

    String workspaceId() {
        return (String) checked(identity, 6);
    }

    @SuppressWarnings("unchecked") // strings() builds it
    List<String> scopes() {
        return (List<String>) checked(metadata, 0);
    }

    String oauthResource() {
        return (String) checked(metadata, 1);
    }

    String grantedResource() {
        return (String) checked(metadata, 2);
    }

    String expiresAt() {
        return (String) checked(metadata, 3);
    }
}
