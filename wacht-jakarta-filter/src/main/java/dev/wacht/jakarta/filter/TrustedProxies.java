package dev.wacht.jakarta.filter;

import dev.wacht.core.WachtSetting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The proxies whose {@code X-Forwarded-For} the filter believes, and the client-IP policy built on
 * them: only when the connection's peer is trusted, walk the forwarded chain from the right and take
 * the first address that is not a trusted proxy. Addresses are parsed as literals only (never a DNS
 * lookup); a malformed entry ends the walk at the last trusted hop.
 */
final class TrustedProxies {
    private static final int MAX_ENTRIES = 64;
    private static final int MAX_HOPS = 32;

    private final List<String> entries;
    private final List<Range> ranges;

    private TrustedProxies(List<String> entries, List<Range> ranges) {
        this.entries = List.copyOf(entries);
        this.ranges = ranges;
    }

    /**
     * Parses IP addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}).
     *
     * @throws IllegalArgumentException naming {@code wacht.<setting>} for a malformed entry
     */
    static TrustedProxies parse(WachtSetting setting, List<String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw setting.invalid("at most " + MAX_ENTRIES + " entries");
        }
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            int bits = address == null ? -1 : address.getAddress().length * 8;
            int prefix = bits;
            if (address != null && slash >= 0) {
                String length = entry.substring(slash + 1);
                prefix = length.matches("\\d{1,3}") ? Integer.parseInt(length) : -1;
            }
            if (address == null || prefix < 0 || prefix > bits) {
                throw setting.invalid("'" + entry
                        + "' is not an IP address or CIDR range such as 10.0.0.0/8");
            }
            ranges.add(new Range(address.getAddress(), prefix));
        }
        return new TrustedProxies(entries, ranges);
    }

    /**
     * The client's IP address.
     *
     * @param peer the connection's peer address ({@code getRemoteAddr()})
     * @param forwardedFor every {@code X-Forwarded-For} header value, in order
     */
    @SuppressWarnings("StringSplitter") // split(",") drops trailing empty entries: "a.b.c.d," reads as "a.b.c.d"
    String clientIp(String peer, List<String> forwardedFor) {
        if (ranges.isEmpty() || !isTrusted(literal(peer))) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return client;
            }
            client = hop.getHostAddress();
            if (!isTrusted(hop)) {
                return client;
            }
        }
        return client;
    }

    List<String> entries() {
        return entries;
    }

    private boolean isTrusted(@Nullable InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Parses an IPv4 or IPv6 literal without any name lookup ({@link IpLiteral}); null when it is not one. */
    static @Nullable InetAddress literal(String s) {
        byte[] bytes = IpLiteral.parse(s);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // not reached: the length is 4 or 16
        }
    }

    private static final class Range {
        private final byte[] network;
        private final int prefix;

        Range(byte[] network, int prefix) {
            this.network = network;
            this.prefix = prefix;
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
