package dev.wacht.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The request JSON of {@code POST /v1/authz/check} (docs/wacht-wire.md, "Gateway request"), written
 * directly as UTF-8 into a byte array of the exact size (no text step, no copies); the answer is read
 * by {@link CheckAnswer}.
 */
final class GatewayWire {
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] TYPE = ascii("{\"principal\":{\"type\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] RESOURCE = ascii("},\"resource\":");
    private static final byte[] METHOD = ascii(",\"method\":");
    private static final byte[] CLIENT_IP = ascii(",\"client_ip\":");
    private static final byte[] USER_AGENT = ascii(",\"user_agent\":");
    private static final byte[] REQUIRED = ascii(",\"required_permissions\":[");
    private static final byte[] UNICODE_ESCAPE = ascii("\\u00");
    /** U+FFFD in UTF-8. */
    private static final byte[] REPLACEMENT = {(byte) 0xef, (byte) 0xbf, (byte) 0xbd};

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The request body (UTF-8), with absent optional fields left out. */
    byte[] encodeCheck(VerificationRequest v) {
        Utf8 size = new Utf8(null);
        write(v, size);
        Utf8 out = new Utf8(new byte[size.length]);
        write(v, out);
        return out.bytes();
    }

    private static void write(VerificationRequest v, Utf8 out) {
        AccessRequest r = v.request();
        out.raw(TYPE).quoted(v.kind().wireName()).raw(VALUE).quoted(v.credential().value())
                .raw(RESOURCE).quoted(r.resource()).raw(METHOD).quoted(r.method());
        if (r.clientIp().isPresent()) {
            out.raw(CLIENT_IP).quoted(r.clientIp().get());
        }
        if (r.userAgent().isPresent()) {
            out.raw(USER_AGENT).quoted(r.userAgent().get());
        }
        List<String> required = r.requiredPermissions();
        if (!required.isEmpty()) {
            out.raw(REQUIRED);
            for (int i = 0; i < required.size(); i++) {
                if (i > 0) {
                    out.put(',');
                }
                out.quoted(required.get(i));
            }
            out.put(']');
        }
        out.put('}');
    }

    /** Writes UTF-8 into {@code bytes}, or only counts the bytes when there is no array. */
    private static final class Utf8 {
        private final byte @Nullable [] bytes;
        int length;

        Utf8(byte @Nullable [] bytes) {
            this.bytes = bytes;
        }

        byte[] bytes() {
            if (bytes == null || length != bytes.length) {
                throw new IllegalStateException("the request body was not written to its counted size");
            }
            return bytes;
        }

        void put(int b) {
            if (bytes != null) {
                bytes[length] = (byte) b;
            }
            length++;
        }

        Utf8 raw(byte[] ascii) {
            if (bytes != null) {
                System.arraycopy(ascii, 0, bytes, length, ascii.length);
            }
            length += ascii.length;
            return this;
        }

        /**
         * Writes {@code s} as a JSON string (RFC 8259 §7): quotes, backslashes and control characters
         * escaped; a lone surrogate, which UTF-8 cannot carry, becomes U+FFFD.
         */
        Utf8 quoted(String s) {
            put('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    put('\\');
                    put(c);
                } else if (c < 0x20) {
                    raw(UNICODE_ESCAPE);
                    put(HEX[c >> 4]);
                    put(HEX[c & 0xf]);
                } else if (c < 0x80) {
                    put(c);
                } else if (c < 0x800) {
                    put(0xc0 | c >> 6);
                    put(0x80 | (c & 0x3f));
                } else if (!Character.isSurrogate(c)) {
                    put(0xe0 | c >> 12);
                    put(0x80 | (c >> 6 & 0x3f));
                    put(0x80 | (c & 0x3f));
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    put(0xf0 | cp >> 18);
                    put(0x80 | (cp >> 12 & 0x3f));
                    put(0x80 | (cp >> 6 & 0x3f));
                    put(0x80 | (cp & 0x3f));
                } else {
                    raw(REPLACEMENT);
                }
            }
            put('"');
            return this;
        }
    }
}
