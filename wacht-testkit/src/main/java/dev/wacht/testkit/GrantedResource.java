package dev.wacht.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A granted resource URN, {@code urn:wacht:{user|organization|workspace}:<id>}. */
final class GrantedResource {
    private static final Pattern URN = Pattern.compile("urn:wacht:(user|organization|workspace):([^:\\s]+)");

    static final String NOT_CANONICAL =
            "granted_resource must be a canonical Wacht URN (e.g. urn:wacht:workspace:123)";

    final String urn;
    final String type;
    final String id;

    private GrantedResource(String urn, String type, String id) {
        this.urn = urn;
        this.type = type;
        this.id = id;
    }

    static GrantedResource parse(String urn) {
        Matcher m = URN.matcher(urn);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "granted_resource must look like urn:wacht:user|organization|workspace:<id>, not " + urn);
        }
        return new GrantedResource(urn, m.group(1), m.group(2));
    }

    /**
     * Parses a canonical URN as Wacht's consent submission requires it: a known type and a positive
     * decimal id.
     *
     * @throws IllegalArgumentException with Wacht's message otherwise
     */
    static GrantedResource parseCanonical(String urn) {
        Matcher m = URN.matcher(urn);
        if (!m.matches() || !m.group(2).matches("[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException(NOT_CANONICAL);
        }
        return new GrantedResource(urn, m.group(1), m.group(2));
    }

    /** The category of scope definitions that fits this resource: {@code personal} for a user URN. */
    String scopeCategory() {
        return type.equals("user") ? "personal" : type;
    }

    static GrantedResource user(String userId) {
        return parse("urn:wacht:user:" + userId);
    }
}
