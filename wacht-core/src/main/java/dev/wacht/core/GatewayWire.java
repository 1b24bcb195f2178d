package dev.wacht.core;

import dev.wacht.core.internal.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of {@code POST /v1/authz/check} (docs/wacht-wire.md, "Gateway request" and "Gateway
 * answer"): requests written directly, answers read as JSON objects with {@link StrictJson}'s
 * readers, which type-check every field, so that a value of the wrong JSON type is never coerced
 * (a string {@code "true"} is not {@code true}).
 */
final class GatewayWire extends StrictJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

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
     * Reads a check answer with the streaming parser, without building a tree; null when the text is not
     * exactly one JSON object, under the same rules as {@link #parseObject}.
     *
     * @throws StrictJson.Malformed when a member that {@link CheckAnswer} reads appears twice in its
     *     object, or an unknown member nests deeper than {@link CheckAnswer#MAX_DEPTH}
     */
    @Nullable CheckAnswer readCheckAnswer(String text) {
        return parse(text, CheckAnswer::read);
    }
}
