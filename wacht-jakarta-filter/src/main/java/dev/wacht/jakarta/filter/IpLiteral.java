package dev.wacht.jakarta.filter;

import org.jspecify.annotations.Nullable;

/**
 * A strict parser of IP address literals that never consults a resolver: dotted-quad IPv4
 * ({@code 192.0.2.1}) and RFC 4291 IPv6 text ({@code 2001:db8::1}, {@code ::ffff:192.0.2.1}),
 * without zone ids or brackets. An IPv4-mapped IPv6 address is the IPv4 address.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    /** The 4 or 16 address bytes, or null when {@code s} is not an IP literal. */
    static byte @Nullable [] parse(@Nullable String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        byte[] bytes = s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
        if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
            return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte @Nullable [] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte @Nullable [] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap < 0 ? s : s.substring(0, gap);
        String tail = gap < 0 ? "" : s.substring(gap + 2);
        int[] h = groups(head, gap < 0);
        int[] t = groups(tail, true);
        if (h == null || t == null) {
            return null;
        }
        int count = h.length + t.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int at = 8 - t.length + i;
            out[2 * at] = (byte) (t[i] >> 8);
            out[2 * at + 1] = (byte) t[i];
        }
        return out;
    }

    /** 16-bit groups of a colon-separated run; a final dotted quad counts as two groups when allowed. */
    private static int @Nullable [] groups(String run, boolean quadAllowedLast) {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        int last = parts.length - 1;
        boolean quad = quadAllowedLast && parts[last].indexOf('.') >= 0;
        int[] out = new int[parts.length + (quad ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == last && quad) {
                byte[] v4 = ipv4(p);
                if (v4 == null) {
                    return null;
                }
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0 || p.charAt(k) > 'f') {
                    return null;
                }
                v = (v << 4) | d;
            }
            out[i] = v;
        }
        return out;
    }
}
