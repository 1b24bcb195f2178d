package dev.wacht.core;

/**
 * The one escaper for values that reach a log line: every ISO control character (U+0000–U+001F,
 * U+007F–U+009F, which includes CR, LF and NEL U+0085), the Unicode line and paragraph separators
 * (U+2028, U+2029) and the backslash are written as {@code \\uXXXX} (the backslash as {@code \\\\}),
 * so no value taken from a request can split a log line or forge another one. Used by the audit
 * line, the adapters' DEBUG trail and the verifiers' log lines.
 */
public final class LogText {
    private LogText() {
    }

    /** True when {@code c} must not appear raw in a log line. */
    public static boolean isUnsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    /**
     * The value's text with unsafe characters escaped; {@code null} becomes {@code "null"}. The
     * argument's {@code toString()} is escaped as a whole, so an object that embeds request values
     * (an outcome, a principal) is safe too.
     */
    public static String escape(Object value) {
        String s = String.valueOf(value);
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            appendEscaped(sb, s.charAt(i));
        }
        return sb.toString();
    }

    /** Appends one character, escaped when it is unsafe or a backslash. */
    public static void appendEscaped(StringBuilder sb, char c) {
        if (c == '\\') {
            sb.append("\\\\");
        } else if (isUnsafe(c)) {
            sb.append(String.format("\\u%04x", (int) c));
        } else {
            sb.append(c);
        }
    }

    private static boolean needsEscape(char c) {
        return c == '\\' || isUnsafe(c);
    }
}
