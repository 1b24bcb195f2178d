package dev.wacht.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An {@code application/x-www-form-urlencoded} body or query string, parsed the way serde_urlencoded
 * reads it into a struct of optional strings: unknown names are kept but unused, and a name given twice
 * is a parser failure when it is read with {@link #single}.
 */
final class FormBody {
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    /** The body could not be decoded, or a field was repeated. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, List<String>> values;

    private FormBody(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses a raw (still percent-encoded) form or query; null is empty. */
    static FormBody parse(@Nullable String raw) throws Malformed {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                m.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new FormBody(m);
    }

    /** Whether {@code contentType} is a form (parameters such as a charset are allowed). */
    static boolean isForm(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String essence = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return essence.toLowerCase(Locale.ROOT).equals(CONTENT_TYPE);
    }

    private static String decode(String s) throws Malformed {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Malformed("malformed percent-encoding");
        }
    }

    /** The one value of a field, or null when absent. */
    @Nullable String single(String name) throws Malformed {
        List<String> v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.size() > 1) {
            throw new Malformed("duplicate field `" + name + "`");
        }
        return v.get(0);
    }

    /** Every value of a field (for the emulator's own consent form, whose scope boxes repeat). */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return values.containsKey(name);
    }
}
