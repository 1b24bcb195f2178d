package dev.wacht.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the gateway's required-permission expression (docs/wacht-wire.md, "Gateway request"): without {@code " AND "} or
 * {@code " OR "} the string is split on commas and every part is required; otherwise it is a boolean
 * expression over permission names with AND, OR (binding looser) and parentheses. A malformed
 * expression is never satisfied.
 */
final class PermissionExpression {
    private final List<String> tokens;
    private final Set<String> held;
    private int pos;

    private PermissionExpression(List<String> tokens, Set<String> held) {
        this.tokens = tokens;
        this.held = held;
    }

    /** Joins the list the way the gateway does: elements trimmed, empties dropped, joined with " AND ". */
    static String join(@Nullable List<String> required) {
        if (required == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String r : required) {
            String t = Text.trim(r);
            if (t.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(" AND ");
            }
            sb.append(t);
        }
        return sb.toString();
    }

    /** Whether {@code held} satisfies {@code expression}; an empty expression is always satisfied. */
    static boolean satisfied(String expression, Set<String> held) {
        if (Text.trim(expression).isEmpty()) {
            return true;
        }
        if (!expression.contains(" AND ") && !expression.contains(" OR ")) {
            for (String part : expression.split(",", -1)) {
                String p = Text.trim(part);
                if (!p.isEmpty() && !held.contains(p)) {
                    return false;
                }
            }
            return true;
        }
        PermissionExpression parser = new PermissionExpression(tokenize(expression), held);
        try {
            boolean result = parser.or();
            if (parser.pos != parser.tokens.size()) {
                return false;
            }
            return result;
        } catch (IllegalStateException malformed) {
            return false;
        }
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == ')' || Text.isRustWhitespace(c)) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                if (c == '(' || c == ')') {
                    out.add(String.valueOf(c));
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    private @Nullable String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean or() {
        boolean value = and();
        while ("OR".equals(peek())) {
            pos++;
            boolean rhs = and();
            value = value || rhs;
        }
        return value;
    }

    private boolean and() {
        boolean value = primary();
        while ("AND".equals(peek())) {
            pos++;
            boolean rhs = primary();
            value = value && rhs;
        }
        return value;
    }

    private boolean primary() {
        String t = peek();
        if (t == null || t.equals(")") || t.equals("AND") || t.equals("OR")) {
            throw new IllegalStateException("operand expected");
        }
        pos++;
        if (t.equals("(")) {
            boolean inner = or();
            if (!")".equals(peek())) {
                throw new IllegalStateException("')' expected");
            }
            pos++;
            return inner;
        }
        return held.contains(t);
    }
}
