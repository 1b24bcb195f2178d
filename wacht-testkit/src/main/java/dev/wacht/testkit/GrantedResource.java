package dev.wacht.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A granted resource URN, {@code urn:wacht:{user|organization|workspace}:<id>}. */
final class GrantedResource {
    private static final Pattern URN = Pattern.compile("urn:wacht:(user|organization|workspace):([^:\\s]+)");

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

    static GrantedResource user(String userId) {
        return parse("urn:wacht:user:" + userId);
    }
}
