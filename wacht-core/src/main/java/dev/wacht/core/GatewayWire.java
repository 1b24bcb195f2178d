package dev.wacht.core;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON of {@code POST /v1/authz/check} (docs/wacht-wire.md, "Gateway request" and "Gateway
 * answer"): requests written directly, answers read with the streaming parser into a {@link CheckAnswer}
 * (the management API's answers as JSON objects), and every field is type-checked, so that a value of
 * the wrong JSON type is never coerced (a string {@code "true"} is not {@code true}).
 */
final class GatewayWire {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final JsonParserFactory parsers = Json.createParserFactory(Map.of());

    /** The request body (UTF-8), with absent optional fields left out. */
    byte[] encodeCheck(VerificationRequest v) {
        AccessRequest r = v.request();
        StringBuilder json = new StringBuilder(160 + v.credential().value().length() + r.resource().length());
        json.append("{\"principal\":{\"type\":");
        quote(json, v.kind().wireName()).append(",\"value\":");
        quote(json, v.credential().value()).append("},\"resource\":");
        quote(json, r.resource()).append(",\"method\":");
        quote(json, r.method());
        if (r.clientIp().isPresent()) {
            quote(json.append(",\"client_ip\":"), r.clientIp().get());
        }
        if (r.userAgent().isPresent()) {
            quote(json.append(",\"user_agent\":"), r.userAgent().get());
        }
        List<String> required = r.requiredPermissions();
        if (!required.isEmpty()) {
            json.append(",\"required_permissions\":[");
            for (int i = 0; i < required.size(); i++) {
                quote(i == 0 ? json : json.append(','), required.get(i));
            }
            json.append(']');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends {@code s} as a JSON string (RFC 8259 §7): quotes, backslashes and control characters
     * escaped; a lone surrogate, which UTF-8 cannot carry, becomes U+FFFD.
     */
    static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (paired) {
                    out.append(c).append(s.charAt(++i));
                } else {
                    out.append('\uFFFD');
                }
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }

    /**
     * Parses a JSON object; null when the text is not exactly one. Only JSON's own whitespace
     * (RFC 8259 §2) may surround it: not NUL or other control characters, and nothing after it.
     */
    JsonObject parseObject(String text) {
        return parse(text, JsonParser::getObject);
    }

    /**
     * Reads a check answer with the streaming parser, without building a tree; null when the text is not
     * exactly one JSON object, under the same rules as {@link #parseObject}.
     *
     * @throws Malformed when a member that {@link CheckAnswer} reads appears twice in its object, or an
     *     unknown member nests deeper than {@link CheckAnswer#MAX_DEPTH}
     */
    CheckAnswer readCheckAnswer(String text) {
        return parse(text, CheckAnswer::read);
    }

    /** Reads one JSON object with {@code read}, called at its start; null when the text is not exactly one. */
    private <T> T parse(String text, Function<JsonParser, T> read) {
        String t = stripJsonWhitespace(text);
        if (!t.startsWith("{")) {
            return null;
        }
        try (JsonParser parser = parsers.createParser(new StringReader(t))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                return null;
            }
            T value = read.apply(parser);
            return parser.hasNext() ? null : value;
        } catch (Malformed e) {
            throw e;
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
