package dev.wacht.testkit;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A strictly validated JSON object of an admin request; every problem is an {@link IllegalArgumentException}. */
final class JsonArgs {
    private final JsonObject object;

    private JsonArgs(JsonObject object) {
        this.object = object;
    }

    /** Parses a request body; an empty body is an empty object. Unknown keys are rejected. */
    static JsonArgs parse(String body, Set<String> allowed) {
        JsonValue v;
        if (Text.trim(body).isEmpty()) {
            v = JsonValue.EMPTY_JSON_OBJECT;
        } else {
            try {
                v = Json.parse(body);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
            }
        }
        return of(v, allowed, "request body");
    }

    static JsonArgs of(JsonValue v, Set<String> allowed, String what) {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        JsonObject o = (JsonObject) v;
        for (String key : o.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown field \"" + key + "\" in " + what);
            }
        }
        return new JsonArgs(o);
    }

    private @Nullable JsonValue raw(String key) {
        JsonValue v = object.get(key);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? null : v;
    }

    boolean has(String key) {
        return raw(key) != null;
    }

    @Nullable JsonValue value(String key) {
        return raw(key);
    }

    @Nullable String string(String key) {
        JsonValue v = raw(key);
        if (v == null) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return ((JsonString) v).getString();
    }

    /** A string, or a number given as an id (written as its digits). */
    @Nullable String id(String key) {
        JsonValue v = raw(key);
        if (v != null && v.getValueType() == JsonValue.ValueType.NUMBER && ((JsonNumber) v).isIntegral()) {
            return ((JsonNumber) v).bigIntegerValue().toString();
        }
        return string(key);
    }

    @Nullable Boolean bool(String key) {
        JsonValue v = raw(key);
        if (v == null) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.TRUE && v.getValueType() != JsonValue.ValueType.FALSE) {
            throw new IllegalArgumentException("\"" + key + "\" must be true or false");
        }
        return v.getValueType() == JsonValue.ValueType.TRUE;
    }

    @Nullable Long longValue(String key) {
        JsonValue v = raw(key);
        if (v == null) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
            throw new IllegalArgumentException("\"" + key + "\" must be an integer");
        }
        try {
            return ((JsonNumber) v).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("\"" + key + "\" is out of range");
        }
    }

    @Nullable Integer intValue(String key) {
        Long l = longValue(key);
        if (l == null) {
            return null;
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("\"" + key + "\" is out of range");
        }
        return l.intValue();
    }

    @Nullable Instant instant(String key) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + key + "\" must be an RFC 3339 UTC timestamp such as "
                    + "2026-05-20T11:00:00Z");
        }
    }

    @Nullable List<String> strings(String key) {
        JsonValue v = raw(key);
        if (v == null) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new IllegalArgumentException("\"" + key + "\" must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue e : (JsonArray) v) {
            if (e.getValueType() != JsonValue.ValueType.STRING) {
                throw new IllegalArgumentException("\"" + key + "\" must be an array of strings");
            }
            out.add(((JsonString) e).getString());
        }
        return out;
    }

    @Nullable List<JsonValue> array(String key) {
        JsonValue v = raw(key);
        if (v == null) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new IllegalArgumentException("\"" + key + "\" must be an array");
        }
        return (JsonArray) v;
    }

    @Nullable JsonObject objectValue(String key) {
        JsonValue v = raw(key);
        if (v == null) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("\"" + key + "\" must be an object");
        }
        return (JsonObject) v;
    }

    /** Metadata values: strings, numbers and booleans only. */
    static Object metadataValue(String key, JsonValue v) {
        switch (v.getValueType()) {
            case STRING:
            case NUMBER:
            case TRUE:
            case FALSE:
                return Objects.requireNonNull(Json.toJava(v), "a JSON scalar converts to a non-null value");
            default:
                throw new IllegalArgumentException("metadata value \"" + key + "\" must be a string, number or boolean");
        }
    }

    static Map<String, Object> metadata(JsonObject o) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            out.put(e.getKey(), metadataValue(e.getKey(), e.getValue()));
        }
        return out;
    }
}
