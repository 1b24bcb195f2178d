package dev.wacht.core;

import dev.wacht.core.internal.StrictJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The members of a {@code POST /v1/authz/check} answer that {@link GatewayResponses} reads, taken in one
 * pass straight from the answer's UTF-8 bytes by a small strict JSON reader: member names are matched
 * as bytes against the names read here, only the string values that are read become {@code String}s,
 * numbers are read in place, and unknown members are skipped with their syntax checked, nested at most
 * {@link #MAX_DEPTH} levels.
 *
 * <p>It accepts exactly the JSON that the JSON-P parser (Parsson) accepted when the answer was read
 * as text (RFC 8259: no trailing commas, leading zeros, unescaped control characters or bad escapes,
 * only JSON's own whitespace around the object and nothing after it; numbers of at most
 * {@link #MAX_NUMBER_LENGTH} characters that {@link BigDecimal} can represent), and it reads bytes that
 * are not UTF-8 inside strings as U+FFFD, as decoding the answer to text did. A differential test holds
 * it to that parser-based reader ({@code CheckAnswerDifferentialTest}).
 *
 * <p>A member of the wrong JSON type is kept as its {@link StrictJson.Malformed} error and thrown when
 * the decoder reads the member, so that a wrong type matters only where the decoder reads (a wrong
 * {@code retry_after} only in a rate-limited answer, for instance). A member that is read here may
 * appear only once in its object ({@link StrictJson.Malformed} at once).
 */
final class CheckAnswer {
    /** The deepest nesting of arrays and objects inside a skipped member (Wacht's answers nest three levels). */
    static final int MAX_DEPTH = 64;
    /** The longest number, in characters (the bound of the JSON-P parser this reader replaced). */
    static final int MAX_NUMBER_LENGTH = 1100;

    /** How a member is read. */
    private enum Kind {
        STRING, BOOLEAN, INTEGER, STRINGS, IDENTITY, METADATA, RATE_LIMITS, HEADERS
    }

    /** The kind of JSON value that begins at a token. */
    private enum Token {
        STRING, NUMBER, TRUE, FALSE, NULL, OBJECT, ARRAY
    }

    /** The answer is not exactly one JSON object; {@link #read} answers null. Carries no stack trace. */
    private static final class NotJson extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotJson() {
            super("not a JSON object", null, false, false);
        }
    }

    private static final byte[] RUE = {'r', 'u', 'e'};
    private static final byte[] ALSE = {'a', 'l', 's', 'e'};
    private static final byte[] ULL = {'u', 'l', 'l'};

    /** The members of one object that are read, each with its kind; the index is the member's place in the values. */
    private static final class Members {
        final String[] names;
        final byte[][] bytes;
        final Kind[] kinds;

        Members(String[] names, Kind[] kinds) {
            this.names = names;
            this.kinds = kinds;
            this.bytes = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
            }
        }

        /** The index of the name whose bytes are {@code in[from, to)}, or -1. */
        int indexOf(byte[] in, int from, int to) {
            for (int i = 0; i < bytes.length; i++) {
                if (Arrays.equals(bytes[i], 0, bytes[i].length, in, from, to)) {
                    return i;
                }
            }
            return -1;
        }

        int indexOf(String name) {
            return Arrays.asList(names).indexOf(name);
        }
    }

    private static final Members ANSWER = new Members(
            new String[] {"allowed", "request_id", "reason", "retry_after", "identity", "permissions", "metadata",
                "rate_limits", "headers"},
            new Kind[] {Kind.BOOLEAN, Kind.STRING, Kind.STRING, Kind.INTEGER, Kind.IDENTITY, Kind.STRINGS,
                Kind.METADATA, Kind.RATE_LIMITS, Kind.HEADERS});
    private static final Members IDENTITY = new Members(
            new String[] {"key_id", "key_name", "owner_user_id", "deployment_id", "app_slug", "organization_id",
                "workspace_id"},
            new Kind[] {Kind.STRING, Kind.STRING, Kind.STRING, Kind.STRING, Kind.STRING, Kind.STRING, Kind.STRING});
    private static final Members METADATA = new Members(
            new String[] {"scopes", "oauth_resource", "granted_resource", "expires_at"},
            new Kind[] {Kind.STRINGS, Kind.STRING, Kind.STRING, Kind.STRING});
    private static final Members RATE_LIMIT = new Members(new String[] {"rule", "remaining", "limit"},
            new Kind[] {Kind.STRING, Kind.INTEGER, Kind.INTEGER});

    private final @Nullable Object[] answer = new Object[ANSWER.names.length];
    private final @Nullable Object[] identity = new Object[IDENTITY.names.length];
    private final @Nullable Object[] metadata = new Object[METADATA.names.length];

    private final byte[] in;
    private final int end;
    private int pos;
    /** The current string's bytes between its quotes, or the current number's. */
    private int tokenStart;
    private int tokenEnd;
    /** Whether the current string holds an escape. */
    private boolean escaped;
    /** Whether the current number has a fraction or an exponent. */
    private boolean fraction;

    private CheckAnswer(byte[] in, int pos, int end) {
        this.in = in;
        this.pos = pos;
        this.end = end;
    }

    /**
     * Reads an answer; null when the body is not exactly one JSON object (JSON's own whitespace, RFC 8259
     * §2, may surround it: not NUL or other control characters, and nothing after it).
     *
     * @throws StrictJson.Malformed when a member read here appears twice, or a skipped one nests too deep
     */
    static @Nullable CheckAnswer read(byte[] body) {
        int from = 0;
        int to = body.length;
        while (from < to && isWhitespace(body[from])) {
            from++;
        }
        while (to > from && isWhitespace(body[to - 1])) {
            to--;
        }
        if (from == to || body[from] != '{') {
            return null;
        }
        CheckAnswer a = new CheckAnswer(body, from + 1, to);
        try {
            a.readObject(ANSWER, a.answer);
        } catch (NotJson e) {
            return null;
        }
        return a.pos == to ? a : null;
    }

    private static boolean isWhitespace(int b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** Reads the members of an object (its brace already read) into {@code values}, by index. */
    private void readObject(Members members, @Nullable Object[] values) {
        int seen = 0;
        for (boolean more = member(true); more; more = member(false)) {
            int i = escaped ? members.indexOf(text()) : members.indexOf(in, tokenStart, tokenEnd);
            Token v = token(next());
            if (i < 0) {
                skip(v, 1);
                continue;
            }
            if ((seen & (1 << i)) != 0) {
                throw new StrictJson.Malformed(members.names[i] + " appears twice");
            }
            seen |= 1 << i;
            values[i] = value(v, members.names[i], members.kinds[i]);
        }
    }

    /** The member's value, null for a JSON null, or the error of a wrong type (the value then skipped). */
    private @Nullable Object value(Token v, String name, Kind kind) {
        switch (kind) {
            case STRING:
                return v == Token.STRING ? text() : wrongType(v, name, "a string");
            case BOOLEAN:
                return v == Token.TRUE || v == Token.FALSE ? Boolean.valueOf(v == Token.TRUE)
                        : wrongType(v, name, "a boolean");
            case INTEGER:
                return v == Token.NUMBER ? integer(name) : wrongType(v, name, "an integer");
            case STRINGS:
                return v == Token.ARRAY ? readStrings(name) : wrongType(v, name, "an array");
            case IDENTITY:
                return nested(v, name, IDENTITY, identity);
            case METADATA:
                return nested(v, name, METADATA, metadata);
            case RATE_LIMITS:
                return v == Token.ARRAY ? readRateLimits() : wrongType(v, name, "an array");
            case HEADERS:
                return v == Token.OBJECT ? readHeaders() : wrongType(v, name, "an object");
        }
        throw new AssertionError(kind);
    }

    /** {@code values} (a mark that the object is there) once the object's members are in them. */
    private @Nullable Object nested(Token v, String name, Members members, @Nullable Object[] values) {
        if (v != Token.OBJECT) {
            return wrongType(v, name, "an object");
        }
        readObject(members, values);
        return values;
    }

    /** The rate-limit entries that name a rule, a remaining count and a limit; entries lacking one are left out. */
    private Object readRateLimits() {
        List<RateLimitState> out = new ArrayList<>(2);
        StrictJson.Malformed wrong = null;
        for (Token e = element(true); e != null; e = element(false)) {
            if (e != Token.OBJECT) {
                skip(e, 1);
                wrong = new StrictJson.Malformed("rate_limits holds a non-object");
                continue;
            }
            @Nullable Object[] entry = new Object[RATE_LIMIT.names.length];
            readObject(RATE_LIMIT, entry);
            StrictJson.Malformed first = null;
            for (int i = entry.length - 1; i >= 0; i--) { // the first wrong member, in the order rule, remaining, limit
                first = entry[i] instanceof StrictJson.Malformed ? (StrictJson.Malformed) entry[i] : first;
            }
            if (first != null) {
                wrong = wrong == null ? first : wrong;
            } else if (entry[0] != null && entry[1] != null && entry[2] != null) {
                out.add(new RateLimitState((String) entry[0], (Long) entry[1], (Long) entry[2]));
            }
        }
        return wrong == null ? out : wrong;
    }

    /** An object of strings, in the answer's order. */
    private Object readHeaders() {
        Map<String, String> out = new LinkedHashMap<>();
        StrictJson.Malformed wrong = null;
        for (boolean more = member(true); more; more = member(false)) {
            String name = text();
            Token e = token(next());
            if (e != Token.STRING) {
                skip(e, 1);
                wrong = wrong == null ? new StrictJson.Malformed("headers." + name + " is not a string") : wrong;
            } else if (out.put(name, text()) != null && wrong == null) {
                wrong = new StrictJson.Malformed("headers." + name + " appears twice");
            }
        }
        return wrong == null ? out : wrong;
    }

    private Object readStrings(String name) {
        List<String> out = new ArrayList<>(4);
        boolean wrong = false;
        for (Token e = element(true); e != null; e = element(false)) {
            if (e == Token.STRING) {
                out.add(text());
            } else {
                skip(e, 1);
                wrong = true;
            }
        }
        return wrong ? new StrictJson.Malformed(name + " holds a non-string") : out;
    }

    /**
     * An integral number (decimal scale 0, like {@code JsonNumber.isIntegral}) in range of a long; up to
     * 18 characters without a fraction or an exponent are read in place.
     */
    private Object integer(String name) {
        checkNumber();
        int length = tokenEnd - tokenStart;
        if (!fraction && length <= 18) {
            boolean minus = in[tokenStart] == '-';
            long n = 0;
            for (int i = tokenStart + (minus ? 1 : 0); i < tokenEnd; i++) {
                n = n * 10 + (in[i] - '0');
            }
            return minus ? -n : n;
        }
        BigDecimal n = decimal();
        if (n.scale() != 0) {
            return new StrictJson.Malformed(name + " is not an integer");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            return new StrictJson.Malformed(name + " is out of range");
        }
    }

    /**
     * Null for a JSON null; otherwise skips the value and returns the error "{@code name} is not {@code
     * type}" (the text is built only then: null members are common).
     */
    private @Nullable Object wrongType(Token v, String name, String type) {
        if (v == Token.NULL) {
            return null;
        }
        skip(v, 1);
        return new StrictJson.Malformed(name + " is not " + type);
    }

    /**
     * Consumes the value that begins with {@code v}, checking its syntax; {@code depth} is how deep
     * {@code v} is inside the skipped member (1: the member's own value).
     */
    private void skip(Token v, int depth) {
        if (v == Token.NUMBER) {
            checkNumber();
        } else if (v == Token.OBJECT) {
            for (boolean more = member(true); more; more = member(false)) {
                skipNested(token(next()), depth);
            }
        } else if (v == Token.ARRAY) {
            for (Token e = element(true); e != null; e = element(false)) {
                skipNested(e, depth);
            }
        }
    }

    private void skipNested(Token v, int depth) {
        if ((v == Token.OBJECT || v == Token.ARRAY) && depth >= MAX_DEPTH) {
            throw new StrictJson.Malformed("a member nests deeper than " + MAX_DEPTH + " levels");
        }
        skip(v, depth + 1);
    }

    /**
     * Reads up to the next member of an object, through its name and colon: false at the object's end.
     * The name is then the current string.
     */
    private boolean member(boolean first) {
        int c = next();
        if (c == '}') {
            return false;
        }
        if (separated(c, first) != '"') {
            throw new NotJson();
        }
        string();
        if (next() != ':') {
            throw new NotJson();
        }
        return true;
    }

    /** Reads the first token of an array's next element; null at the array's end. */
    private @Nullable Token element(boolean first) {
        int c = next();
        if (c == ']') {
            return null;
        }
        return token(separated(c, first));
    }

    /** The first byte of the next member or element, given the byte {@code c} after the previous one. */
    private int separated(int c, boolean first) {
        if (first) {
            return c;
        }
        if (c != ',') {
            throw new NotJson();
        }
        return next();
    }

    /** The next byte that is not whitespace (0 to 255), consumed; -1 at the end. */
    private int next() {
        while (pos < end) {
            int b = in[pos++] & 0xff;
            if (!isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }

    /** The next byte (0 to 255), consumed; -1 at the end. */
    private int nextByte() {
        return pos < end ? in[pos++] & 0xff : -1;
    }

    /** Reads the token that begins with {@code c} (consumed): a whole string, number or literal, or a bracket. */
    private Token token(int c) {
        switch (c) {
            case '"':
                string();
                return Token.STRING;
            case '{':
                return Token.OBJECT;
            case '[':
                return Token.ARRAY;
            case 't':
                literal(RUE);
                return Token.TRUE;
            case 'f':
                literal(ALSE);
                return Token.FALSE;
            case 'n':
                literal(ULL);
                return Token.NULL;
            default:
                if (c == '-' || isDigit(c)) {
                    number(c);
                    return Token.NUMBER;
                }
                throw new NotJson();
        }
    }

    private void literal(byte[] rest) {
        if (end - pos < rest.length || !Arrays.equals(rest, 0, rest.length, in, pos, pos + rest.length)) {
            throw new NotJson();
        }
        pos += rest.length;
    }

    /** Reads a string whose opening quote is consumed: no control characters, only JSON's escapes. */
    private void string() {
        tokenStart = pos;
        escaped = false;
        while (true) {
            int b = nextByte();
            if (b == '"') {
                tokenEnd = pos - 1;
                return;
            }
            if (b == '\\') {
                escaped = true;
                escape();
            } else if (b < 0x20) { // and -1: the end
                throw new NotJson();
            }
        }
    }

    private void escape() {
        switch (nextByte()) {
            case 'b':
            case 't':
            case 'n':
            case 'f':
            case 'r':
            case '"':
            case '\\':
            case '/':
                return;
            case 'u':
                for (int i = 0; i < 4; i++) {
                    if (hex(nextByte()) < 0) {
                        throw new NotJson();
                    }
                }
                return;
            default:
                throw new NotJson();
        }
    }

    private static int hex(int b) {
        return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    }

    /** The current string as text; bytes that are not UTF-8 become U+FFFD. */
    private String text() {
        if (!escaped) {
            return new String(in, tokenStart, tokenEnd - tokenStart, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(tokenEnd - tokenStart);
        int run = tokenStart;
        for (int i = tokenStart; i < tokenEnd; i++) {
            if (in[i] != '\\') {
                continue;
            }
            // Runs end at ASCII bytes, which never belong to a UTF-8 sequence: each decodes as it did in the whole answer.
            out.append(new String(in, run, i - run, StandardCharsets.UTF_8));
            byte e = in[++i];
            if (e == 'u') {
                out.append((char) (hex(in[i + 1]) << 12 | hex(in[i + 2]) << 8 | hex(in[i + 3]) << 4 | hex(in[i + 4])));
                i += 4;
            } else {
                out.append(e == 'b' ? '\b' : e == 't' ? '\t' : e == 'n' ? '\n' : e == 'f' ? '\f' : e == 'r' ? '\r' : (char) e);
            }
            run = i + 1;
        }
        return out.append(new String(in, run, tokenEnd - run, StandardCharsets.UTF_8)).toString();
    }

    /** Reads a number (RFC 8259 §6) whose first character {@code c} is consumed. */
    private void number(int c) {
        tokenStart = pos - 1;
        fraction = false;
        if (c == '-') {
            c = nextByte();
            if (!isDigit(c)) {
                throw new NotJson();
            }
        }
        if (c == '0') {
            c = nextByte(); // a digit after it ends the number, and the next token is then wrong
        } else {
            do {
                c = nextByte();
            } while (isDigit(c));
        }
        if (c == '.') {
            fraction = true;
            c = nextByte();
            if (!isDigit(c)) {
                throw new NotJson();
            }
            do {
                c = nextByte();
            } while (isDigit(c));
        }
        if (c == 'e' || c == 'E') {
            fraction = true;
            c = nextByte();
            if (c == '+' || c == '-') {
                c = nextByte();
            }
            if (!isDigit(c)) {
                throw new NotJson();
            }
            do {
                c = nextByte();
            } while (isDigit(c));
        }
        if (c != -1) {
            pos--;
        }
        tokenEnd = pos;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Applies the bounds that converting the current number to a {@link BigDecimal} applied in the
     * JSON-P parser, to every number of the answer: at most {@link #MAX_NUMBER_LENGTH} characters, and
     * an exponent that {@link BigDecimal} can represent.
     */
    private void checkNumber() {
        if (tokenEnd - tokenStart > MAX_NUMBER_LENGTH) {
            throw new NotJson();
        }
        if (fraction) {
            decimal();
        }
    }

    private BigDecimal decimal() {
        char[] chars = new char[tokenEnd - tokenStart];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) in[tokenStart + i];
        }
        try {
            return new BigDecimal(chars);
        } catch (NumberFormatException e) {
            throw new NotJson();
        }
    }

    /** The member's value, or its error thrown. */
    private static @Nullable Object checked(@Nullable Object[] values, int index) {
        Object member = values[index];
        if (member instanceof StrictJson.Malformed) {
            throw (StrictJson.Malformed) member;
        }
        return member;
    }

    @Nullable Boolean allowed() {
        return (Boolean) checked(answer, 0);
    }

    @Nullable String requestId() {
        return (String) checked(answer, 1);
    }

    @Nullable String reason() {
        return (String) checked(answer, 2);
    }

    @Nullable Long retryAfter() {
        return (Long) checked(answer, 3);
    }

    /** Whether {@code identity} is an object (false when absent or null). */
    boolean identity() {
        return checked(answer, 4) != null;
    }

    @SuppressWarnings("unchecked") // readStrings() builds it
    @Nullable List<String> permissions() {
        return (List<String>) checked(answer, 5);
    }

    /** Whether {@code metadata} is an object (false when absent or null). */
    boolean metadata() {
        return checked(answer, 6) != null;
    }

    @SuppressWarnings("unchecked") // readRateLimits() builds it
    List<RateLimitState> rateLimits() {
        @Nullable List<RateLimitState> list = (List<RateLimitState>) checked(answer, 7);
        return list == null ? List.of() : list;
    }

    @SuppressWarnings("unchecked") // readHeaders() builds it
    Map<String, String> headers() {
        @Nullable Map<String, String> map = (Map<String, String>) checked(answer, 8);
        return map == null ? Map.of() : map;
    }

    @Nullable String keyId() {
        return (String) checked(identity, 0);
    }

    @Nullable String keyName() {
        return (String) checked(identity, 1);
    }

    @Nullable String ownerUserId() {
        return (String) checked(identity, 2);
    }

    @Nullable String deploymentId() {
        return (String) checked(identity, 3);
    }

    @Nullable String appSlug() {
        return (String) checked(identity, 4);
    }

    @Nullable String organizationId() {
        return (String) checked(identity, 5);
    }

    @Nullable String workspaceId() {
        return (String) checked(identity, 6);
    }

    @SuppressWarnings("unchecked") // readStrings() builds it
    @Nullable List<String> scopes() {
        return (List<String>) checked(metadata, 0);
    }

    @Nullable String oauthResource() {
        return (String) checked(metadata, 1);
    }

    @Nullable String grantedResource() {
        return (String) checked(metadata, 2);
    }

    @Nullable String expiresAt() {
        return (String) checked(metadata, 3);
    }
}
