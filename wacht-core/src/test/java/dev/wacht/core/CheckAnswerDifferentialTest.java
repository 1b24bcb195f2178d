package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.internal.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link CheckAnswer} (the byte reader) against {@link JsonPCheckAnswer} (the JSON-P reader it replaced,
 * kept as the oracle): for the example answers, hand-made hostile and edge cases, and a few thousand
 * random mutations of them (fixed seed), both readers must agree on whether the body is a JSON object
 * at all, on the error thrown while reading it, and, member by member, on every value the decoder reads
 * or the error reading it throws.
 */
class CheckAnswerDifferentialTest {
    /** Every reading method of both readers: what {@link GatewayResponses} can ask of an answer. */
    private static final List<String> MEMBERS = List.of("allowed", "requestId", "reason", "retryAfter", "identity",
            "permissions", "metadata", "rateLimits", "headers", "keyId", "keyName", "ownerUserId", "deploymentId",
            "appSlug", "organizationId", "workspaceId", "scopes", "oauthResource", "grantedResource", "expiresAt");
    private static final StrictJson JSON_P = new StrictJson();
    private static final String ALLOWED = GatewayResponsesTest.ALLOWED;
    /** Bytes that mutations insert: JSON's structure, digits and signs, escapes, whitespace, controls, non-UTF-8. */
    private static final byte[] NOISE = "{}[]:,\"\\-+.eE0123456789tfnulx /bu \t\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What a reader makes of {@code body}: not an object, the error thrown, or each member's value or error. */
    private static List<Object> view(Function<byte[], Object> reader, byte[] body) {
        Object answer;
        try {
            answer = reader.apply(body);
        } catch (StrictJson.Malformed e) {
            return List.of("malformed: " + e.getMessage());
        }
        if (answer == null) {
            return List.of("not a JSON object");
        }
        List<Object> members = new ArrayList<>();
        for (String name : MEMBERS) {
            try {
                Method m = answer.getClass().getDeclaredMethod(name);
                Object v = m.invoke(answer);
                members.add(name + "=" + (v == null ? "null" : v));
            } catch (InvocationTargetException e) {
                members.add(name + ": " + e.getCause().getMessage());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return members;
    }

    static List<Object> byteReader(byte[] body) {
        return view(CheckAnswer::read, body);
    }

    static List<Object> jsonP(byte[] body) {
        return view(b -> JSON_P.parse(new String(b, StandardCharsets.UTF_8), JsonPCheckAnswer::read), body);
    }

    private static void agree(byte[] body) {
        assertThat(byteReader(body)).as("body %s", printable(body)).isEqualTo(jsonP(body));
    }

    private static String printable(byte[] body) {
        StringBuilder out = new StringBuilder();
        for (byte b : body) {
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return out.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The example answers of docs/wacht-wire.md and variants of them: every member read, in every answer form. */
    static List<byte[]> examples() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String s : List.of(ALLOWED, GatewayResponsesTest.ENVELOPE,
                ALLOWED.replace("\"allowed\":true,\"reason\":null", "\"allowed\":false,\"reason\":\"permission_denied\""),
                ALLOWED.replace("\"allowed\":true,\"reason\":null", "\"allowed\":false,\"reason\":\"rate_limited\"")
                        .replace("\"retry_after\":null", "\"retry_after\":60000"),
                ALLOWED.replace("\"organization_id\":null,\"workspace_id\":null",
                        "\"organization_id\":\"org_1\",\"workspace_id\":\"ws_\\u00e9\\ud83d\\ude00\""),
                ALLOWED.replace("\"oauth_resource\":null", "\"oauth_resource\":\"https://api.example.com/mcp\""),
                "{}", "{\"allowed\":true,\"request_id\":\"r\",\"identity\":{\"key_name\":\"oc\"},\"permissions\":[]}")) {
            out.add(utf8(s));
        }
        String seeds = "/dev/wacht/core/GatewayResponsesFuzzTestInputs/neverAllowsWhatIsNotAWellFormedAllowedAnswer/";
        for (String seed : List.of("seed-allowed-oauth", "seed-allowed-api-key", "seed-rate-limited",
                "allowed-answer-behind-nul-bytes")) {
            try (InputStream in = CheckAnswerDifferentialTest.class.getResourceAsStream(seeds + seed)) {
                if (in != null) {
                    byte[] fuzzed = in.readAllBytes(); // Jazzer's data: the body is what follows the first few picks
                    for (int skip = 0; skip <= Math.min(4, fuzzed.length); skip++) {
                        out.add(Arrays.copyOfRange(fuzzed, skip, fuzzed.length));
                    }
                }
            }
        }
        return out;
    }

    /** Hostile and edge cases, each put where the decoder reads (a member's value) and where it skips. */
    static List<byte[]> edgeCases() {
        List<String> values = new ArrayList<>(List.of(
                // numbers
                "0", "-0", "01", "-01", "00", "-", "1.", "1.e5", ".5", "+1", "1e", "1e+", "1E-", "1e5", "1E+2", "1.0",
                "1.5e1", "10e-1", "0e5", "2.50", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "-9223372036854775809", "999999999999999999", "-99999999999999999", "1e2147483647", "1e2147483648",
                "1e-2147483648", "1e99999999999", "1.5e-2147483647", "0.0000000000000000000001",
                "1" + "0".repeat(1099), "1" + "0".repeat(1100), "-" + "1".repeat(1099), "-" + "1".repeat(1100),
                "0." + "1".repeat(1098), "1e" + "1".repeat(1098), "0x10", "1_000", "NaN", "Infinity", "1 2",
                // literals
                "true", "false", "null", "tru", "nul", "fals", "truex", "True", "NULL", "t", "nulll",
                // strings
                "\"\"", "\"x\"", "\"\\u0041\\u00e9\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\ud83d\\ude00\"",
                "\"\\u12\"", "\"\\u12G4\"", "\"\\u123x\"", "\"\\x\"", "\"\\'\"", "\"\\b\\f\\n\\r\\t\\/\\\\\\\"\"", "\"a\u0000b\"",
                "\"a\tb\"", "\"a\u001fb\"", "\"a\u007fb\"", "\"\u2028\"", "\"\\u0000\"", "\"unterminated",
                "\"a\\\"", "\"\\uD834\\uDD1E\"", "\"\\uFFFF\"", "\"\\", "'single'",
                // containers
                "[]", "{}", "[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{,\"a\":1}", "{\"a\" 1}", "{\"a\":}", "{\"a\"}",
                "{1:2}", "{\"a\":1 \"b\":2}", "[\"a\",[\"b\",{\"c\":[]}]]", "[[[]]]", "{\"a\":{\"b\":{}}}", "[}", "{]",
                "[" + "[".repeat(62) + "]".repeat(62) + "]", "[".repeat(64) + "]".repeat(64),
                "[".repeat(65) + "]".repeat(65), "{\"a\":".repeat(64) + "1" + "}".repeat(64),
                "{\"a\":".repeat(65) + "1" + "}".repeat(65), "[".repeat(70), "[\"allowed\",\"allowed\"]",
                "{\"allowed\":true,\"allowed\":false}", "[1e99999999999]", "[01]", "{\"a\":\"\\x\"}"));
        List<byte[]> out = new ArrayList<>();
        String[] readMembers = {"\"allowed\":true", "\"request_id\":\"req_7312\"", "\"reason\":null",
            "\"retry_after\":null", "\"key_name\":\"oc_4Ptf\"", "\"permissions\":[", "\"scopes\":[\"mcp:invoke\"]",
            "\"expires_at\":\"2026-05-20T11:00:00Z\"", "\"remaining\":999", "\"limit\":1000", "\"rule\":\"1000/60s\"",
            "\"x-wacht-scopes\":\"mcp:invoke\"", "\"blocked_rule\":null", "\"principal_type\":\"oauth_access_token\""};
        for (String member : readMembers) {
            String name = member.substring(0, member.indexOf(':') + 1);
            String original = member.endsWith("[") ? "\"permissions\":[\"mcp:invoke\",\"workspace:read\"]" : member;
            for (String v : values) {
                out.add(utf8(ALLOWED.replace(original, name + v)));
            }
            // the same member twice; once under an escaped spelling of its name
            out.add(utf8(ALLOWED.replace(original, original + "," + original)));
            String escapedName = "\"\\u00" + Integer.toHexString(name.charAt(1)) + name.substring(2);
            out.add(utf8(ALLOWED.replace(original, original + "," + escapedName + original.substring(name.length()))));
            out.add(utf8(ALLOWED.replace(original, escapedName + original.substring(name.length()))));
        }
        for (String v : values) {
            out.add(utf8(v));
            out.add(utf8("{\"unknown\":" + v + "}"));
            out.add(utf8("{\"rate_limits\":[" + v + "]}"));
            out.add(utf8("{\"headers\":{\"h\":" + v + "}}"));
        }
        // around and after the object
        for (String around : List.of("", " ", "\t\r\n", "\u0000", "\u000b", "\u00a0", "\ufeff", "x", "{}", "}", ",",
                "//", "/**/", " \u0000 ")) {
            out.add(utf8(around + ALLOWED));
            out.add(utf8(ALLOWED + around));
        }
        // bytes that are not UTF-8, inside strings and outside them
        byte[][] notUtf8 = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf0, (byte) 0x9f,
            (byte) 0x98}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x28, (byte) 0xa1},
            {(byte) 0xc3, (byte) 0xa9}};
        for (byte[] bad : notUtf8) {
            for (String at : List.of("\"oc_4Ptf", "\"req_7312", "\"x-wacht-scopes", "\"1000/60s", "oc_4Ptf\"",
                    "\"mcp:invoke", "{\"request_id\"", "\"allowed\":", "\"blocked_rule\":null")) {
                int i = ALLOWED.indexOf(at) + at.length();
                byte[] head = utf8(ALLOWED.substring(0, i));
                byte[] tail = utf8(ALLOWED.substring(i));
                byte[] body = Arrays.copyOf(head, head.length + bad.length + tail.length);
                System.arraycopy(bad, 0, body, head.length, bad.length);
                System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
                out.add(body);
            }
        }
        return out;
    }

    /** One to three random edits of {@code body}: bytes deleted, inserted, replaced, a slice copied elsewhere, the end cut. */
    static byte[] mutate(byte[] body, Random random) {
        byte[] b = body;
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(b.length + 1);
            switch (random.nextInt(6)) {
                case 0: // delete
                    if (at < b.length) {
                        b = splice(b, at, 1, new byte[0]);
                    }
                    break;
                case 1: // insert structure
                    b = splice(b, at, 0, new byte[] {NOISE[random.nextInt(NOISE.length)]});
                    break;
                case 2: // replace with any byte
                    if (at < b.length) {
                        b = splice(b, at, 1, new byte[] {(byte) random.nextInt(256)});
                    }
                    break;
                case 3: // copy a slice elsewhere (duplicate members, nesting)
                    int from = random.nextInt(b.length + 1);
                    int length = Math.min(b.length - from, random.nextInt(80));
                    b = splice(b, at, 0, Arrays.copyOfRange(b, from, from + length));
                    break;
                case 4: // cut the end
                    b = Arrays.copyOf(b, at);
                    break;
                default: // a digit, sign or exponent next to a number or a quote
                    b = splice(b, at, 0, new byte[] {"0-e.9\"".getBytes(StandardCharsets.US_ASCII)[random.nextInt(6)]});
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    @Test
    void examplesReadTheSameAndAreObjects() throws IOException {
        for (byte[] body : examples()) {
            agree(body);
        }
        assertThat(byteReader(utf8(ALLOWED))).contains("keyName=oc_4Ptf", "allowed=true",
                "rateLimits=" + List.of(new RateLimitState("1000/60s", 999, 1000)));
    }

    @Test
    void hostileAndEdgeCasesReadTheSame() {
        List<byte[]> cases = edgeCases();
        for (byte[] body : cases) {
            agree(body);
        }
        assertThat(cases).hasSizeGreaterThan(1000);
    }

    @Test
    void randomMutationsReadTheSame() throws IOException {
        Random random = new Random(20261130);
        List<byte[]> bases = new ArrayList<>(examples());
        bases.addAll(edgeCases().subList(0, 200));
        int objects = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] body = mutate(bases.get(random.nextInt(bases.size())), random);
            agree(body);
            objects += byteReader(body).size() > 1 ? 1 : 0;
        }
        assertThat(objects).as("mutations that are still objects").isGreaterThan(100);
    }
}
