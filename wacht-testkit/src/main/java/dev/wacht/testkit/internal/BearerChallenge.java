package dev.wacht.testkit.internal;

import java.util.regex.Pattern;

/**
 * The syntax of a {@code WWW-Authenticate: Bearer} challenge, strictly: RFC 6750 §3 for
 * {@code realm}, {@code error}, {@code error_description} and {@code scope}, RFC 9728 §5.1 for
 * {@code resource_metadata}, every value a quoted-string (RFC 9110 §5.6.4) without obs-text, and
 * the attributes separated by {@code ", "}. For asserting that every challenge a server sends can
 * be read by a client.
 */
public final class BearerChallenge {
    private static final String QUOTED = "\"(?:[\\t\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t\\x20-\\x7e])*\"";
    /** error and error_description: NQSCHAR only, so no quoted-pair is needed (RFC 6750 §3). */
    private static final String NQS = "[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]";
    private static final String SCOPE_TOKEN = "[\\x21\\x23-\\x5b\\x5d-\\x7e]+";
    private static final String PARAM = "(?:realm=" + QUOTED
            + "|error=\"" + NQS + "+\""
            + "|error_description=\"" + NQS + "*\""
            + "|error_uri=\"[\\x21\\x23-\\x5b\\x5d-\\x7e]*\""
            + "|scope=\"" + SCOPE_TOKEN + "(?: " + SCOPE_TOKEN + ")*\""
            + "|resource_metadata=" + QUOTED + ")";

    /** The whole challenge: {@code Bearer}, optionally followed by one space and comma-separated parameters. */
    public static final Pattern SYNTAX = Pattern.compile("Bearer(?: " + PARAM + "(?:, " + PARAM + ")*)?");

    private BearerChallenge() {
    }

    /** True when {@code challenge} is a well-formed Bearer challenge. */
    public static boolean isWellFormed(String challenge) {
        return challenge != null && SYNTAX.matcher(challenge).matches();
    }
}
