package dev.wacht.core;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the management API (docs/wacht-wire.md, "Management API"), read with {@link GatewayWire}'s strict field
 * readers: a value of the wrong JSON type, a missing required field or a bad timestamp is
 * {@link GatewayWire.Malformed}, never coerced.
 */
final class ManagementWire {
    private static final int MAX_MESSAGE = 500;

    private final GatewayWire json = new GatewayWire();

    /** The answer's object, unwrapping a {@code data} wrapper (which the SDKs tolerate); null when not an object. */
    JsonObject answer(byte[] body) {
        JsonObject o = json.parseObject(new String(body, StandardCharsets.UTF_8));
        if (o != null && o.size() == 1 && GatewayWire.object(o, "data") != null) {
            return GatewayWire.object(o, "data");
        }
        return o;
    }

    /** The message of Wacht's error envelope {@code {"errors":[{"message","code"}]}}; null when the body is not one. */
    String errorMessage(byte[] body) {
        try {
            JsonObject o = json.parseObject(new String(body, StandardCharsets.UTF_8));
            List<JsonObject> errors = o == null ? null : GatewayWire.objects(o, "errors");
            if (errors == null || errors.isEmpty()) {
                return null;
            }
            String message = GatewayWire.string(errors.get(0), "message");
            if (message == null) {
                return null;
            }
            String clean = message.replaceAll("\\p{Cntrl}", " ");
            return clean.length() <= MAX_MESSAGE ? clean : clean.substring(0, MAX_MESSAGE) + "…";
        } catch (GatewayWire.Malformed e) {
            return null;
        }
    }

    /** A JSON object of these fields. */
    static String encode(Map<String, Object> fields) {
        return Json.createObjectBuilder(fields).build().toString();
    }

    static List<JsonObject> list(JsonObject answer, String name) {
        List<JsonObject> list = GatewayWire.objects(answer, name);
        if (list == null) {
            throw new GatewayWire.Malformed(name + " is missing");
        }
        return list;
    }

    static String requiredString(JsonObject o, String name) {
        String s = GatewayWire.string(o, name);
        if (s == null) {
            throw new GatewayWire.Malformed(name + " is missing");
        }
        return s;
    }

    static boolean requiredBool(JsonObject o, String name) {
        Boolean b = GatewayWire.bool(o, name);
        if (b == null) {
            throw new GatewayWire.Malformed(name + " is missing");
        }
        return b;
    }

    static List<String> strings(JsonObject o, String name) {
        List<String> list = GatewayWire.strings(o, name);
        return list == null ? List.of() : List.copyOf(list);
    }

    /** An RFC 3339 timestamp, or null. */
    static Instant instant(JsonObject o, String name) {
        String s = GatewayWire.string(o, name);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new GatewayWire.Malformed(name + " is not an RFC 3339 timestamp");
        }
    }

    static Instant requiredInstant(JsonObject o, String name) {
        Instant i = instant(o, name);
        if (i == null) {
            throw new GatewayWire.Malformed(name + " is missing");
        }
        return i;
    }
}
