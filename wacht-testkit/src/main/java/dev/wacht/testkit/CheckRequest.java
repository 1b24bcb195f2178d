package dev.wacht.testkit;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code AuthzCheckRequest}. {@link #parse} validates like axum's {@code Json} extractor with
 * serde's {@code deny_unknown_fields}: 415 for a missing or non-JSON content type, 400 for malformed
 * JSON, 422 for unknown fields, wrong types and missing fields, each with a plain-text message.
 */
final class CheckRequest {
    static final String API_KEY = "api_key";
    static final String OAUTH_ACCESS_TOKEN = "oauth_access_token";

    private static final String TOP_EXPECTED =
            "expected one of `principal`, `resource`, `method`, `client_ip`, `user_agent`, `required_permissions`";

    final String principalType;
    final String principalValue;
    final String resource;
    final String method;
    final @Nullable String clientIp;
    final @Nullable String userAgent;
    final @Nullable List<String> requiredPermissions;

    private CheckRequest(String principalType, String principalValue, String resource, String method,
                         @Nullable String clientIp, @Nullable String userAgent,
                         @Nullable List<String> requiredPermissions) {
        this.principalType = principalType;
        this.principalValue = principalValue;
        this.resource = resource;
        this.method = method;
        this.clientIp = clientIp;
        this.userAgent = userAgent;
        this.requiredPermissions = requiredPermissions;
    }

    /** A request the extractor refused, with its HTTP status and plain-text message. */
    static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Rejection(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Whether axum's {@code Json} extractor accepts this content type. */
    static boolean isJsonContentType(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType;
        int semi = mime.indexOf(';');
        if (semi >= 0) {
            mime = mime.substring(0, semi);
        }
        mime = mime.trim().toLowerCase(Locale.ROOT);
        int slash = mime.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String type = mime.substring(0, slash);
        String subtype = mime.substring(slash + 1);
        return type.equals("application") && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    static CheckRequest parse(@Nullable String contentType, byte[] body) throws Rejection {
        if (!isJsonContentType(contentType)) {
            throw new Rejection(415, "Expected request with `Content-Type: application/json`");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Rejection(400, "Failed to parse the request body as JSON: invalid unicode code point");
        }
        JsonValue root;
        try {
            root = Json.parse(text);
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (Text.trim(text).isEmpty()) {
                detail = "EOF while parsing a value at line 1 column " + text.length();
            }
            throw new Rejection(400, "Failed to parse the request body as JSON: " + detail);
        }
        return fromJson(root);
    }

    private static Rejection dataError(@Nullable String path, String message) {
        return new Rejection(422, "Failed to deserialize the JSON body into the target type: "
                + (path == null ? "" : path + ": ") + message);
    }

    private static Rejection invalidType(@Nullable String path, JsonValue v, String expected) {
        return dataError(path, "invalid type: " + Json.describe(v) + ", expected " + expected);
    }

    static CheckRequest fromJson(JsonValue root) throws Rejection {
        if (root.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalidType(null, root, "struct AuthzCheckRequest");
        }
        String principalType = null;
        String principalValue = null;
        String resource = null;
        String method = null;
        String clientIp = null;
        String userAgent = null;
        List<String> required = null;
        for (Map.Entry<String, JsonValue> e : ((JsonObject) root).entrySet()) {
            String key = e.getKey();
            JsonValue v = e.getValue();
            switch (key) {
                case "principal":
                    String[] p = principal(v);
                    principalType = p[0];
                    principalValue = p[1];
                    break;
                case "resource":
                    resource = requiredString(key, v);
                    break;
                case "method":
                    method = requiredString(key, v);
                    break;
                case "client_ip":
                    clientIp = optionalString(key, v);
                    break;
                case "user_agent":
                    userAgent = optionalString(key, v);
                    break;
                case "required_permissions":
                    required = optionalStringList(key, v);
                    break;
                default:
                    throw dataError(null, "unknown field `" + key + "`, " + TOP_EXPECTED);
            }
        }
        if (principalType == null || principalValue == null) {
            throw dataError(null, "missing field `principal`");
        }
        if (resource == null) {
            throw dataError(null, "missing field `resource`");
        }
        if (method == null) {
            throw dataError(null, "missing field `method`");
        }
        return new CheckRequest(principalType, principalValue, resource, method, clientIp, userAgent, required);
    }

    private static String[] principal(JsonValue v) throws Rejection {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalidType("principal", v, "struct AuthzPrincipal");
        }
        String type = null;
        String value = null;
        for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entrySet()) {
            switch (e.getKey()) {
                case "type":
                    JsonValue t = e.getValue();
                    if (t.getValueType() != JsonValue.ValueType.STRING) {
                        throw invalidType("principal.type", t, "enum AuthzPrincipalType");
                    }
                    type = ((JsonString) t).getString();
                    if (!type.equals(API_KEY) && !type.equals(OAUTH_ACCESS_TOKEN)) {
                        throw dataError("principal.type",
                                "unknown variant `" + type + "`, expected `api_key` or `oauth_access_token`");
                    }
                    break;
                case "value":
                    value = requiredString("principal.value", e.getValue());
                    break;
                default:
                    throw dataError("principal", "unknown field `" + e.getKey() + "`, expected `type` or `value`");
            }
        }
        if (type == null) {
            throw dataError("principal", "missing field `type`");
        }
        if (value == null) {
            throw dataError("principal", "missing field `value`");
        }
        return new String[] {type, value};
    }

    private static String requiredString(String path, JsonValue v) throws Rejection {
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw invalidType(path, v, "a string");
        }
        return ((JsonString) v).getString();
    }

    private static @Nullable String optionalString(String path, JsonValue v) throws Rejection {
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return requiredString(path, v);
    }

    private static @Nullable List<String> optionalStringList(String path, JsonValue v) throws Rejection {
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw invalidType(path, v, "a sequence");
        }
        List<String> out = new ArrayList<>();
        JsonArray array = (JsonArray) v;
        for (int i = 0; i < array.size(); i++) {
            out.add(requiredString(path + "[" + i + "]", array.get(i)));
        }
        return Collections.unmodifiableList(out);
    }
}
