package dev.wacht.testkit.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A corpus of hostile {@code Authorization} headers (the resource {@code hostile-authorization.tsv}
 * next to this class), each with the answer a Wacht-protected endpoint documents for it: 401 with a
 * bare challenge, 400 {@code invalid_request} or 401 {@code invalid_token}. Adapter tests send every
 * case to a real server ({@link Case#send}) and compare the answer ({@link Case#mismatch}).
 */
public final class HostileAuthorization {
    private static final String RESOURCE = "hostile-authorization.tsv";
    private static final Pattern REPEAT = Pattern.compile("\\{(repeat|b64repeat):(.+?):(\\d+)\\}");
    private static final Pattern B64U = Pattern.compile("\\{b64u:(.*?)\\}(?=\\.|$)");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HostileAuthorization() {
    }

    /** Every case of the corpus, in file order, with the generation rules applied. */
    public static List<Case> corpus() {
        try (InputStream in = HostileAuthorization.class.getResourceAsStream(RESOURCE)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(
                    Objects.requireNonNull(in, RESOURCE), StandardCharsets.UTF_8));
            List<Case> cases = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    cases.add(Case.parse(line));
                }
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer as seen by the client. */
    public static final class Answer {
        private final int status;
        private final List<String> challenges;
        private final String body;

        Answer(int status, List<String> challenges, String body) {
            this.status = status;
            this.challenges = List.copyOf(challenges);
            this.body = body;
        }

        /** The status, or -1 when the server closed the connection without answering. */
        public int status() {
            return status;
        }

        /** The {@code WWW-Authenticate} values. */
        public List<String> challenges() {
            return challenges;
        }

        /** The body. */
        public String body() {
            return body;
        }

        @Override
        public String toString() {
            return status + " " + challenges + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
        }
    }

    /** One hostile request and its documented answer. */
    public static final class Case {
        private final String name;
        private final int status;
        private final @Nullable String error;
        private final boolean mayReachGateway;
        private final boolean raw;
        private final @Nullable String query;
        private final List<String> headers;

        private Case(String name, int status, @Nullable String error, boolean mayReachGateway, boolean raw,
                @Nullable String query, List<String> headers) {
            this.name = name;
            this.status = status;
            this.error = error;
            this.mayReachGateway = mayReachGateway;
            this.raw = raw;
            this.query = query;
            this.headers = headers;
        }

        static Case parse(String line) {
            String[] cols = line.split("\t", -1);
            if (cols.length < 4) {
                throw new IllegalArgumentException("corpus line has fewer than 4 columns: " + line);
            }
            String[] expected = cols[1].split(" ", -1);
            int status = Integer.parseInt(expected[0]);
            String error = expected.length > 1 ? expected[1] : null;
            boolean gateway = expected.length > 2 && expected[2].equals("gateway");
            List<String> headers = new ArrayList<>();
            for (int i = 4; i < cols.length; i++) {
                headers.add(unescape(cols[i]));
            }
            return new Case(cols[0], status, error, gateway, cols[2].equals("raw"),
                    cols[3].equals("-") ? null : cols[3], List.copyOf(headers));
        }

        /** The case's name, unique in the corpus. */
        public String name() {
            return name;
        }

        /** The documented status: 400 or 401. */
        public int expectedStatus() {
            return status;
        }

        /** The documented {@code error} of the challenge, or null for a bare challenge. */
        public @Nullable String expectedError() {
            return error;
        }

        /** True for the few syntactically valid credentials, which are checked with the gateway. */
        public boolean mayReachGateway() {
            return mayReachGateway;
        }

        /** True when the request must be sent as raw bytes (java.net.http would refuse it). */
        public boolean raw() {
            return raw;
        }

        /**
         * The {@code Authorization} values, placeholders replaced and rules applied.
         *
         * @param vars the placeholders' values: {@code valid} (a token the emulator accepts) and
         *     {@code kid} (the emulator's active signing key id)
         */
        public List<String> authorization(Map<String, String> vars) {
            List<String> out = new ArrayList<>();
            for (String h : headers) {
                out.add(expand(substitute(h, vars)));
            }
            return out;
        }

        /** The query string (without {@code ?}) with placeholders replaced, or null. */
        public @Nullable String query(Map<String, String> vars) {
            return query == null ? null : substitute(query, vars);
        }

        /** Sends the case as {@code GET} to {@code target} (an absolute URI without query). */
        public Answer send(URI target, Map<String, String> vars, Duration timeout)
                throws IOException, InterruptedException {
            String q = query(vars);
            URI uri = URI.create(target + (q == null ? "" : "?" + q));
            if (raw) {
                List<Map.Entry<String, String>> lines = new ArrayList<>();
                for (String h : authorization(vars)) {
                    lines.add(Map.entry("Authorization", h));
                }
                RawHttp.Response r = RawHttp.get(uri, uri.getRawPath() + (q == null ? "" : "?" + q), lines, timeout);
                return new Answer(r.status(), r.headers("WWW-Authenticate"), r.body());
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
            for (String h : authorization(vars)) {
                request.header("Authorization", h);
            }
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().allValues("WWW-Authenticate"), r.body());
        }

        /**
         * This case as seen through a server that rewrites the header before any application code
         * runs (e.g. trims a trailing control character), so that the documented answer is the one
         * for the rewritten value: {@code status} 200 (the credential became valid), or 400/401 with
         * {@code error} (null for a bare challenge).
         */
        public Case answeredAs(int status, @Nullable String error, boolean mayReachGateway) {
            return new Case(name, status, error, mayReachGateway, raw, query, headers);
        }

        /**
         * What is wrong with an answer, or null when it is the documented one. Nothing may ever be a
         * 5xx, and only the cases marked so may have been checked with the gateway. A case the test
         * declares refused by the container must get the container's own answer (a 400 without
         * challenge, or a closed connection); every other case must get exactly its documented answer.
         *
         * @param realm the realm the server's challenges carry
         * @param gatewayChecks how many checks the gateway received while the case was sent
         * @param refusedByContainer whether the container in front of the adapter refuses this case itself
         */
        public @Nullable String mismatch(Answer answer, String realm, int gatewayChecks, boolean refusedByContainer) {
            if (answer.status() >= 500) {
                return "server error " + answer;
            }
            if (gatewayChecks > (mayReachGateway ? 1 : 0)) {
                return "the gateway was asked " + gatewayChecks + " times";
            }
            if (refusedByContainer) {
                return isContainerRefusal(answer) ? null : "expected the container to refuse it itself, got " + answer;
            }
            if (answer.status() != status) {
                return "expected " + status + ", got " + answer;
            }
            if (status == 200) {
                return answer.challenges().isEmpty() ? null : "a challenge on a 200: " + answer;
            }
            if (answer.challenges().size() != 1) {
                return "expected one WWW-Authenticate, got " + answer.challenges();
            }
            String challenge = answer.challenges().get(0);
            if (!BearerChallenge.isWellFormed(challenge)) {
                return "malformed challenge: " + challenge;
            }
            String bare = "Bearer realm=\"" + realm + "\"";
            if (error == null ? !challenge.equals(bare) : !challenge.startsWith(bare + ", error=\"" + error + "\"")) {
                return "expected " + (error == null ? "a bare challenge" : "error " + error) + ", got " + challenge;
            }
            return null;
        }

        /** A container's own refusal, before any application code ran: a 400 without challenge, or no answer. */
        static boolean isContainerRefusal(Answer answer) {
            return answer.status() == -1 || (answer.status() == 400 && answer.challenges().isEmpty());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 't':
                    sb.append('\t');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 'n':
                    sb.append('\n');
                    break;
                case 'u':
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                    break;
                default:
                    sb.append(n);
            }
        }
        return sb.toString();
    }

    private static String substitute(String s, Map<String, String> vars) {
        String out = s;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            out = out.replace("{" + v.getKey() + "}", v.getValue());
        }
        return out;
    }

    static String expand(String s) {
        Matcher b = B64U.matcher(s);
        StringBuilder encoded = new StringBuilder();
        while (b.find()) {
            b.appendReplacement(encoded, Matcher.quoteReplacement(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(b.group(1).getBytes(StandardCharsets.UTF_8))));
        }
        b.appendTail(encoded);
        Matcher m = REPEAT.matcher(encoded);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String repeated = m.group(2).repeat(Integer.parseInt(m.group(3)));
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1).equals("repeat") ? repeated
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(
                            repeated.getBytes(StandardCharsets.UTF_8))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
