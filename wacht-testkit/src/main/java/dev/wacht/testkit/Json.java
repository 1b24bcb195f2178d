package dev.wacht.testkit;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON-P helpers: parsing into {@link JsonValue}s and writing plain Java trees (nulls are written, never skipped). */
final class Json {
    static final JsonProvider PROVIDER = JsonProvider.provider();

    private Json() {
    }

    /** Parses one JSON value; throws {@link jakarta.json.JsonException} (or a runtime exception) when malformed. */
    static JsonValue parse(String text) {
        try (JsonParser parser = PROVIDER.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new JsonParsingException("EOF while parsing a value", parser.getLocation());
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new JsonParsingException("trailing characters", parser.getLocation());
            }
            return value;
        }
    }

    /**
     * Writes a tree of {@link Map} (string keys, insertion order kept), {@link List}, {@link String},
     * {@link Number}, {@link Boolean}, {@link JsonValue} and {@code null}.
     */
    static String write(@Nullable Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = PROVIDER.createGenerator(out)) {
            writeValue(gen, null, value);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator gen, @Nullable String name, @Nullable Object value) {
        if (value == null) {
            if (name == null) {
                gen.writeNull();
            } else {
                gen.writeNull(name);
            }
        } else if (value instanceof JsonValue) {
            if (name == null) {
                gen.write((JsonValue) value);
            } else {
                gen.write(name, (JsonValue) value);
            }
        } else if (value instanceof String) {
            if (name == null) {
                gen.write((String) value);
            } else {
                gen.write(name, (String) value);
            }
        } else if (value instanceof Boolean) {
            if (name == null) {
                gen.write((Boolean) value);
            } else {
                gen.write(name, (Boolean) value);
            }
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long l = ((Number) value).longValue();
            if (name == null) {
                gen.write(l);
            } else {
                gen.write(name, l);
            }
        } else if (value instanceof BigInteger) {
            if (name == null) {
                gen.write((BigInteger) value);
            } else {
                gen.write(name, (BigInteger) value);
            }
        } else if (value instanceof Number) {
            BigDecimal d = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
            if (name == null) {
                gen.write(d);
            } else {
                gen.write(name, d);
            }
        } else if (value instanceof Map) {
            if (name == null) {
                gen.writeStartObject();
            } else {
                gen.writeStartObject(name);
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                writeValue(gen, String.valueOf(e.getKey()), e.getValue());
            }
            gen.writeEnd();
        } else if (value instanceof Iterable) {
            if (name == null) {
                gen.writeStartArray();
            } else {
                gen.writeStartArray(name);
            }
            for (Object o : (Iterable<?>) value) {
                writeValue(gen, null, o);
            }
            gen.writeEnd();
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** Converts a JSON value into plain Java objects (Map, List, String, Long/BigDecimal, Boolean, null). */
    static @Nullable Object toJava(JsonValue value) {
        switch (value.getValueType()) {
            case NULL:
                return null;
            case TRUE:
                return true;
            case FALSE:
                return false;
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                JsonNumber n = (JsonNumber) value;
                if (n.isIntegral()) {
                    try {
                        return n.longValueExact();
                    } catch (ArithmeticException e) {
                        return n.bigDecimalValue();
                    }
                }
                return n.bigDecimalValue();
            case ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonValue v : (JsonArray) value) {
                    list.add(toJava(v));
                }
                return Collections.unmodifiableList(list);
            case OBJECT:
            default:
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
                    map.put(e.getKey(), toJava(e.getValue()));
                }
                return Collections.unmodifiableMap(map);
        }
    }

    /** A short description of a JSON value's type, worded like serde's "invalid type" messages. */
    static String describe(JsonValue value) {
        switch (value.getValueType()) {
            case NULL:
                return "null";
            case TRUE:
                return "boolean `true`";
            case FALSE:
                return "boolean `false`";
            case STRING:
                return "string \"" + ((JsonString) value).getString() + "\"";
            case NUMBER:
                JsonNumber n = (JsonNumber) value;
                if (n.isIntegral()) {
                    return "integer `" + n + "`";
                }
                return "floating point `" + n + "`";
            case ARRAY:
                return "sequence";
            case OBJECT:
            default:
                return "map";
        }
    }
}
