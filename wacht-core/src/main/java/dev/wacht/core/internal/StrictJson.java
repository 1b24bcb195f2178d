package dev.wacht.core.internal;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Strict reading of Wacht's JSON answers: one JSON object parsed whole, and field readers that
 * type-check every value, so that a value of the wrong JSON type is {@link Malformed}, never coerced
 * (a string {@code "true"} is not {@code true}). Shared by the gateway and management answers.
 * Unsupported (see the package).
 */
public class StrictJson {
    private final JsonParserFactory parsers = Json.createParserFactory(Map.of());

    /** A reader with its own JSON-P parser factory; thread-safe. */
    public StrictJson() {
    }

    /**
     * Parses a JSON object; null when the text is not exactly one. Only JSON's own whitespace
     * (RFC 8259 §2) may surround it: not NUL or other control characters, and nothing after it.
     */
    public @Nullable JsonObject parseObject(String text) {
        return parse(text, JsonParser::getObject);
    }

    /**
     * Reads one JSON object with {@code read}, called when the parser has returned its start; null
     * when the text is not exactly one object, under the same rules as {@link #parseObject}. A
     * {@link Malformed} thrown by {@code read} passes through.
     */
    public <T> @Nullable T parse(String text, Function<JsonParser, T> read) {
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
    public static @Nullable String string(JsonObject o, String name) {
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
    public static @Nullable Boolean bool(JsonObject o, String name) {
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
    public static @Nullable Long integer(JsonObject o, String name) {
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
    public static @Nullable JsonObject object(JsonObject o, String name) {
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
    public static @Nullable List<JsonObject> objects(JsonObject o, String name) {
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
    public static @Nullable List<String> strings(JsonObject o, String name) {
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
    public static @Nullable Map<String, String> stringMap(JsonObject o, String name) {
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

    private static @Nullable JsonArray array(JsonObject o, String name) {
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
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A malformed field, described by {@code message} (which names the field, never its value). */
        public Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
