package dev.wacht.jakarta.filter;

import dev.wacht.core.WachtSetting;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of path patterns, each either an exact path ({@code /health}) or a prefix ending in
 * {@code /*} ({@code /public/*}, which matches {@code /public} and everything below it). Paths are
 * compared as the container decoded and normalised them, within the application (no context path).
 */
final class PathPatterns {
    private static final int MAX_PATTERNS = 64;
    private static final int MAX_LENGTH = 512;

    private final List<String> patterns;
    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    private PathPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        for (String p : patterns) {
            if (p.endsWith("/*")) {
                prefixes.add(p.substring(0, p.length() - 2));
            } else {
                exact.add(p);
            }
        }
    }

    /**
     * Checks and compiles patterns.
     *
     * @throws IllegalArgumentException naming {@code wacht.<setting>} for a malformed pattern
     */
    static PathPatterns parse(WachtSetting setting, List<String> patterns) {
        if (patterns.size() > MAX_PATTERNS) {
            throw setting.invalid("at most " + MAX_PATTERNS + " patterns");
        }
        for (String p : patterns) {
            int star = p.indexOf('*');
            boolean wellFormed = p.startsWith("/") && p.length() <= MAX_LENGTH
                    && (star < 0 || (star == p.length() - 1 && p.endsWith("/*")));
            if (!wellFormed) {
                throw setting.invalid("'" + p
                        + "' is not an exact path (/health) or a prefix pattern (/public/*)");
            }
        }
        return new PathPatterns(patterns);
    }

    /** True when the path equals an exact pattern, or equals or lies below a prefix pattern. */
    boolean matches(String path) {
        if (exact.contains(path)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/") || prefix.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    List<String> patterns() {
        return patterns;
    }
}
