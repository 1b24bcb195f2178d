package dev.wacht.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Extracts a bearer credential from {@code Authorization} header values per RFC 6750 §2.1:
 * {@code "Bearer" 1*SP token68}, the scheme matched case-insensitively, exactly one header, and a
 * length cap checked before anything else is done with the value. Each malformed case gets its own
 * description; none of them echoes the credential.
 */
public final class BearerCredentials {
    private static final String SCHEME = "Bearer";

    private BearerCredentials() {
    }

    /**
     * Parses the values of every {@code Authorization} header of a request.
     *
     * @param headerValues all values, in order (empty when the header is absent)
     * @param maxLength the largest credential accepted, in characters
     */
    public static Extraction extract(List<String> headerValues, int maxLength) {
        Objects.requireNonNull(headerValues, "headerValues");
        if (headerValues.isEmpty()) {
            return reject(DenialReason.MISSING_CREDENTIAL, "Bearer access token required");
        }
        if (headerValues.size() > 1) {
            return reject(DenialReason.INVALID_REQUEST, "More than one Authorization header");
        }
        String header = headerValues.get(0);
        if (header == null) {
            return reject(DenialReason.MISSING_CREDENTIAL, "Bearer access token required");
        }
        // Only optional whitespace around a field value is not part of it (RFC 9110 §5.5).
        int start = 0;
        int end = header.length();
        while (start < end && isOws(header.charAt(start))) {
            start++;
        }
        while (end > start && isOws(header.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return reject(DenialReason.INVALID_REQUEST, "Empty Authorization header");
        }
        int schemeEnd = start;
        while (schemeEnd < end && isTchar(header.charAt(schemeEnd))) {
            schemeEnd++;
        }
        if (schemeEnd == start) {
            return reject(DenialReason.INVALID_REQUEST, "Authorization header does not start with a scheme");
        }
        if (!header.regionMatches(true, start, SCHEME, 0, SCHEME.length()) || schemeEnd - start != SCHEME.length()) {
            if (schemeEnd < end && header.charAt(schemeEnd) != ' ') {
                return reject(DenialReason.INVALID_REQUEST, "Authorization scheme is not followed by a space");
            }
            return reject(DenialReason.MISSING_CREDENTIAL, "Bearer access token required");
        }
        if (schemeEnd == end) {
            return reject(DenialReason.INVALID_REQUEST, "Bearer scheme without a token");
        }
        if (header.charAt(schemeEnd) != ' ') {
            return reject(DenialReason.INVALID_REQUEST, "Bearer scheme must be followed by a space");
        }
        int tokenStart = schemeEnd;
        while (tokenStart < end && header.charAt(tokenStart) == ' ') {
            tokenStart++;
        }
        int length = end - tokenStart;
        if (length > maxLength) {
            return reject(DenialReason.INVALID_REQUEST, "Bearer token is longer than " + maxLength + " characters");
        }
        boolean padding = false;
        for (int i = tokenStart; i < end; i++) {
            char c = header.charAt(i);
            if (c == '=') {
                padding = true;
            } else if (padding && isToken68Char(c)) {
                return reject(DenialReason.INVALID_REQUEST, "Bearer token has '=' padding before its end");
            } else if (c == ' ' || c == '\t') {
                return reject(DenialReason.INVALID_REQUEST, "Bearer token contains whitespace");
            } else if (c < 0x20 || c == 0x7f) {
                return reject(DenialReason.INVALID_REQUEST,
                        "Bearer token contains a control character at position " + (i - tokenStart + 1));
            } else if (c > 0x7e) {
                return reject(DenialReason.INVALID_REQUEST,
                        "Bearer token contains a non-ASCII character at position " + (i - tokenStart + 1));
            } else if (!isToken68Char(c)) {
                return reject(DenialReason.INVALID_REQUEST,
                        "Bearer token contains a character outside token68 syntax at position " + (i - tokenStart + 1));
            }
        }
        if (header.charAt(tokenStart) == '=') {
            return reject(DenialReason.INVALID_REQUEST, "Bearer token consists of padding only");
        }
        return new Extraction(BearerCredential.of(header.substring(tokenStart, end)), null);
    }

    private static Extraction reject(DenialReason reason, String description) {
        return new Extraction(null, Outcome.denied(reason, description));
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** True when every character of {@code s} in [from, to) is of the base64url alphabet (no padding). */
    static boolean isBase64Url(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken68Char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** The result of {@link #extract}: a credential, or the denial to answer with. */
    public static final class Extraction {
        private final @Nullable BearerCredential credential;
        private final Outcome.@Nullable Denied rejection;

        private Extraction(@Nullable BearerCredential credential, Outcome.@Nullable Denied rejection) {
            this.credential = credential;
            this.rejection = rejection;
        }

        /** The credential, when the header held a well-formed bearer token. */
        public Optional<BearerCredential> credential() {
            return Optional.ofNullable(credential);
        }

        /**
         * Why there is no credential: {@link DenialReason#MISSING_CREDENTIAL} (absent or another
         * scheme) or {@link DenialReason#INVALID_REQUEST} (malformed).
         */
        public Optional<Outcome.Denied> rejection() {
            return Optional.ofNullable(rejection);
        }
    }
}
