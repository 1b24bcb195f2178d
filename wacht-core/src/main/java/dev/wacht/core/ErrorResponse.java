package dev.wacht.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP answer to a request that was not allowed, the same for every adapter: status,
 * {@code WWW-Authenticate} (RFC 6750 §3, with RFC 9728 {@code resource_metadata}),
 * {@code Retry-After}, and a small JSON body {@code {"error":…,"error_description":…}}.
 */
public final class ErrorResponse {
    private final int status;
    private final Map<String, String> headers;
    private final String body;

    private ErrorResponse(int status, Map<String, String> headers, String body) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
    }

    /**
     * Renders the answer for a denied or unavailable outcome.
     *
     * @param realm the challenge realm
     * @param resourceMetadataUrl the RFC 9728 metadata URL to advertise, or null
     * @throws IllegalArgumentException for an allowed outcome
     */
    public static ErrorResponse of(Outcome outcome, String realm, @Nullable String resourceMetadataUrl) {
        return of(outcome, realm, resourceMetadataUrl, List.of());
    }

    /**
     * Renders the answer for a denied or unavailable outcome; a 401 challenge also names
     * {@code challengeScopes} in {@code scope} (RFC 6750 §3), telling a client which scopes to request
     * (the MCP authorization spec's advice for 401s). A 403 always names the outcome's required scopes.
     *
     * @param realm the challenge realm
     * @param resourceMetadataUrl the RFC 9728 metadata URL to advertise, or null
     * @param challengeScopes the scopes a 401 advertises; may be empty
     * @throws IllegalArgumentException for an allowed outcome
     */
    public static ErrorResponse of(Outcome outcome, String realm, @Nullable String resourceMetadataUrl,
            List<String> challengeScopes) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(challengeScopes, "challengeScopes");
        Objects.requireNonNull(realm, "realm");
        Map<String, String> headers = new LinkedHashMap<>();
        if (outcome instanceof Outcome.Denied) {
            Outcome.Denied denied = (Outcome.Denied) outcome;
            DenialReason reason = denied.reason();
            String error;
            if (reason == DenialReason.RATE_LIMITED) {
                error = "rate_limited";
                headers.put("Retry-After", seconds(denied.retryAfter().orElse(GatewayResponses.DEFAULT_RATE_LIMIT_RETRY)));
            } else {
                List<String> scopes = reason.httpStatus() == 401 ? challengeScopes : denied.requiredScopes();
                headers.put("WWW-Authenticate", challenge(realm, reason.bearerError(), denied.description(),
                        scopes, resourceMetadataUrl));
                error = reason.bearerError() == null ? "unauthorized" : reason.bearerError();
            }
            return finish(reason.httpStatus(), headers, error, denied.description());
        }
        if (outcome instanceof Outcome.Unavailable) {
            Outcome.Unavailable unavailable = (Outcome.Unavailable) outcome;
            int status = unavailable.cause().httpStatus();
            if (status == 503) {
                headers.put("Retry-After", seconds(unavailable.retryAfter()));
                return finish(status, headers, "temporarily_unavailable",
                        "The authorization service is unavailable; retry later");
            }
            return finish(status, headers, "server_error", "The server could not verify the credential");
        }
        throw new IllegalArgumentException("an allowed outcome has no error response");
    }

    private static ErrorResponse finish(int status, Map<String, String> headers, String error, String description) {
        headers.put("Cache-Control", "no-store");
        headers.put("Content-Type", "application/json");
        String body = "{\"error\":\"" + jsonEscape(error) + "\",\"error_description\":\"" + jsonEscape(description)
                + "\"}";
        return new ErrorResponse(status, headers, body);
    }

    /** Builds a {@code Bearer} challenge; every parameter value is a quoted-string. */
    static String challenge(String realm, @Nullable String error, String description, List<String> scopes,
            @Nullable String resourceMetadataUrl) {
        StringBuilder sb = new StringBuilder("Bearer realm=").append(quoted(realm));
        if (error != null) {
            sb.append(", error=").append(quoted(error));
            sb.append(", error_description=").append(quoted(descriptionChars(description)));
        }
        String scope = scopeList(scopes);
        if (!scope.isEmpty()) {
            sb.append(", scope=\"").append(scope).append('"');
        }
        if (resourceMetadataUrl != null) {
            sb.append(", resource_metadata=").append(quoted(resourceMetadataUrl));
        }
        return sb.toString();
    }

    /** A quoted-string (RFC 9110 §5.6.4): backslash-escapes {@code "} and {@code \}, drops control and non-ASCII characters. */
    static String quoted(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\t' || (c >= 0x20 && c <= 0x7e)) {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** RFC 6750 §3: error_description uses %x20-21 / %x23-5B / %x5D-7E only. */
    static String descriptionChars(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return sb.toString();
    }

    /**
     * RFC 6750 §3: scope tokens of %x21 / %x23-5B / %x5D-7E, separated by single spaces. Other
     * characters are dropped, and so is a scope that is left empty (or that held spaces, which
     * split it).
     */
    static String scopeList(List<String> scopes) {
        StringBuilder sb = new StringBuilder();
        for (String scope : scopes) {
            int start = sb.length();
            if (start > 0) {
                sb.append(' ');
            }
            int tokenStart = sb.length();
            for (int i = 0; i < scope.length(); i++) {
                char c = scope.charAt(i);
                if (c >= 0x21 && c <= 0x7e && c != '"' && c != '\\') {
                    sb.append(c);
                } else if (c == ' ' && sb.length() > tokenStart && sb.charAt(sb.length() - 1) != ' ') {
                    sb.append(' ');
                }
            }
            while (sb.length() > start && (sb.length() == tokenStart || sb.charAt(sb.length() - 1) == ' ')) {
                sb.setLength(sb.length() - 1);
            }
        }
        return sb.toString();
    }

    private static String seconds(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return Long.toString(Math.max(1, s));
    }

    static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The headers to set ({@code WWW-Authenticate}, {@code Retry-After}, {@code Cache-Control}, {@code Content-Type}). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body. */
    public String body() {
        return body;
    }

    @Override
    public String toString() {
        return "ErrorResponse[" + status + " " + headers + "]";
    }
}
