package dev.wacht.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The request JSON of {@code POST /v1/authz/check} (docs/wacht-wire.md, "Gateway request"), written
 * directly; the answer is read by {@link CheckAnswer}.
 */
final class GatewayWire {
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
}
