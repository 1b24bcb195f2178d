package dev.wacht.management.internal;

import dev.wacht.core.internal.StrictJson;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the management API (docs/wacht-wire.md, "Management API"), read with {@link StrictJson}'s
 * field readers: a value of the wrong JSON type, a missing required field or a bad timestamp is
 * {@link StrictJson.Malformed}, never coerced. Unsupported (see the package).
 */
public final class ManagementWire {
    private static final int MAX_MESSAGE = 500;

    private final StrictJson json = new StrictJson();

    /** A reader of management answers; thread-safe. */
    public ManagementWire() {
    }

    /** The answer's object, unwrapping a {@code data} wrapper (which the SDKs tolerate); null when not an object. */
    public @Nullable JsonObject answer(byte[] body) {
        JsonObject o = json.parseObject(new String(body, StandardCharsets.UTF_8));
        if (o != null && o.size() == 1 && StrictJson.object(o, "data") != null) {
            return StrictJson.object(o, "data");
        }
        return o;
    }

    /** The message of Wacht's error envelope {@code {"errors":[{"message","code"}]}}; null when the body is not one. */
    public @Nullable String errorMessage(byte[] body) {
        try {
            JsonObject o = json.parseObject(new String(body, StandardCharsets.UTF_8));
            List<JsonObject> errors = o == null ? null : StrictJson.objects(o, "errors");
            if (errors == null || errors.isEmpty()) {
                return null;
            }
            String message = StrictJson.string(errors.get(0), "message");
            if (message == null) {
                return null;
            }
            String clean = message.replaceAll("\\p{Cntrl}", " ");
            return clean.length() <= MAX_MESSAGE ? clean : clean.substring(0, MAX_MESSAGE) + "…";
        } catch (StrictJson.Malformed e) {
            return null;
        }
    }

    /** A JSON object of these fields. */
    public static String encode(Map<String, Object> fields) {
        return Json.createObjectBuilder(fields).build().toString();
    }

    /** The array of objects {@code name}, which must be there. */
    public static List<JsonObject> list(JsonObject answer, String name) {
        List<JsonObject> list = StrictJson.objects(answer, name);
        if (list == null) {
            throw new StrictJson.Malformed(name + " is missing");
        }
        return list;
    }

    /** The string field {@code name}, which must be there. */
    public static String requiredString(JsonObject o, String name) {
        String s = StrictJson.string(o, name);
        if (s == null) {
            throw new StrictJson.Malformed(name + " is missing");
        }
        return s;
    }

    /** The boolean field {@code name}, which must be there. */
    public static boolean requiredBool(JsonObject o, String name) {
        Boolean b = StrictJson.bool(o, name);
        if (b == null) {
            throw new StrictJson.Malformed(name + " is missing");
        }
        return b;
    }

    /** The array of strings {@code name}; empty when absent. */
    public static List<String> strings(JsonObject o, String name) {
        List<String> list = StrictJson.strings(o, name);
        return list == null ? List.of() : List.copyOf(list);
    }

    /** An RFC 3339 timestamp, or null. */
    public static @Nullable Instant instant(JsonObject o, String name) {
        String s = StrictJson.string(o, name);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new StrictJson.Malformed(name + " is not an RFC 3339 timestamp");
        }
    }
}
