package dev.wacht.core;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code POST /v1/authz/check} (docs/wacht-wire.md, "Gateway request" and "Gateway answer"), through JSON-B. Answers are
 * read as JSON objects and every field is type-checked here, so that a value of the wrong JSON
 * type is never coerced (a string {@code "true"} is not {@code true}).
 */
final class GatewayWire {
    private final Jsonb jsonb = JsonbBuilder.create();
    private final JsonParserFactory parsers = Json.createParserFactory(Map.of());

    /** The request body, with absent optional fields left out. */
    String encodeCheck(VerificationRequest v) {
        Map<String, Object> principal = new LinkedHashMap<>();
        principal.put("type", v.kind().wireName());
        principal.put("value", v.credential().value());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("principal", principal);
        body.put("resource", v.request().resource());
        body.put("method", v.request().method());
        v.request().clientIp().ifPresent(ip -> body.put("client_ip", ip));
        v.request().userAgent().ifPresent(ua -> body.put("user_agent", ua));
        if (!v.request().requiredPermissions().isEmpty()) {
            body.put("required_permissions", v.request().requiredPermissions());
        }
        return jsonb.toJson(body);
    }

    /**
     * Parses a JSON object; null when the text is not exactly one. Only JSON's own whitespace
     * (RFC 8259 §2) may surround it: not NUL or other control characters, and nothing after it.
     */
    JsonObject parseObject(String text) {
        String t = stripJsonWhitespace(text);
        if (!t.startsWith("{")) {
            return null;
        }
        try (JsonParser parser = parsers.createParser(new StringReader(t))) {
            parser.next();
            JsonObject object = parser.getObject();
            return parser.hasNext() ? null : object;
        } catch (RuntimeException e) { // JSON-P parsing exceptions of the provider
            return null;
        }
    }

    private static String stripJsonWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJsonWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJsonWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isJsonWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** A field that must be a string or null; {@link Malformed} when it is anything else. */
    static String string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new Malformed(name + " is not a string");
        }
        return ((JsonString) v).getString();
    }

    /** A field that must be a boolean or null. */
    static Boolean bool(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() == JsonValue.ValueType.TRUE) {
            return Boolean.TRUE;
        }
        if (v.getValueType() == JsonValue.ValueType.FALSE) {
            return Boolean.FALSE;
        }
        throw new Malformed(name + " is not a boolean");
    }

    /** A field that must be an integral number or null. */
    static Long integer(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
            throw new Malformed(name + " is not an integer");
        }
        try {
            return ((JsonNumber) v).longValueExact();
        } catch (ArithmeticException e) {
            throw new Malformed(name + " is out of range");
        }
    }

    /** A field that must be an object or null. */
    static JsonObject object(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Malformed(name + " is not an object");
        }
        return v.asJsonObject();
    }

    /** A field that must be an array of objects, or null. */
    static List<JsonObject> objects(JsonObject o, String name) {
        JsonArray a = array(o, name);
        if (a == null) {
            return null;
        }
        List<JsonObject> out = new ArrayList<>(a.size());
        for (JsonValue e : a) {
            if (e.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new Malformed(name + " holds a non-object");
            }
            out.add(e.asJsonObject());
        }
        return out;
    }

    /** A field that must be an array of strings, or null. */
    static List<String> strings(JsonObject o, String name) {
        JsonArray a = array(o, name);
        if (a == null) {
            return null;
        }
        List<String> out = new ArrayList<>(a.size());
        for (JsonValue e : a) {
            if (e.getValueType() != JsonValue.ValueType.STRING) {
                throw new Malformed(name + " holds a non-string");
            }
            out.add(((JsonString) e).getString());
        }
        return out;
    }

    /** A field that must be an object of strings, or null. */
    static Map<String, String> stringMap(JsonObject o, String name) {
        JsonObject m = object(o, name);
        if (m == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : m.entrySet()) {
            if (e.getValue().getValueType() != JsonValue.ValueType.STRING) {
                throw new Malformed(name + "." + e.getKey() + " is not a string");
            }
            out.put(e.getKey(), ((JsonString) e.getValue()).getString());
        }
        return out;
    }

    private static JsonArray array(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new Malformed(name + " is not an array");
        }
        return v.asJsonArray();
    }

    /** A field of the wrong JSON type. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
