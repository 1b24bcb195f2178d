package dev.wacht.core;

import dev.wacht.core.internal.StrictJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes every answer form of {@code POST /v1/authz/check} (docs/wacht-wire.md, "Gateway answer", "Answer forms") into an
 * {@link Outcome}. Pure: no I/O, no logging, so it can be tested and fuzzed on its own. Anything
 * unexpected becomes {@link Outcome.Unavailable}: the decoder never allows by default.
 */
final class GatewayResponses {
    /** Used when a rate-limited answer carries no {@code retry_after} (as Wacht's own services do). */
    static final Duration DEFAULT_RATE_LIMIT_RETRY = Duration.ofSeconds(60);

    private final Duration unavailableRetryAfter;

    GatewayResponses(Duration unavailableRetryAfter) {
        this.unavailableRetryAfter = unavailableRetryAfter;
    }

    Outcome decode(VerificationRequest request, int status, @Nullable String contentType, byte[] body) {
        if (status == 200) {
            if (!isJson(contentType)) {
                return invalid("answer 200 is not application/json");
            }
            try {
                CheckAnswer r = CheckAnswer.read(body);
                return r == null ? invalid("answer 200 is not a JSON object") : decodeDecision(request, r);
            } catch (StrictJson.Malformed e) {
                return invalid("answer 200 is malformed: " + e.getMessage());
            }
        }
        if (status == 401) {
            String description = request.kind() == CredentialKind.API_KEY
                    ? "The API key is invalid, expired or revoked"
                    : "The access token is invalid, expired or revoked";
            return Outcome.invalidToken(description, isJson(contentType) ? requestIdOf(body) : null);
        }
        if (status == 400 || status == 415 || status == 422) {
            return Outcome.unavailable(UnavailableCause.REQUEST_REJECTED,
                    "gateway rejected the check request with status " + status, unavailableRetryAfter);
        }
        return Outcome.unavailable(UnavailableCause.GATEWAY_ERROR, "gateway answered status " + status,
                unavailableRetryAfter);
    }

    /**
     * The outcome of an HTTP 429 from the gateway: 503 with the gateway's {@code Retry-After} (whole
     * seconds, or an HTTP date, kept within 1 s … 1 h), else the configured unavailable retry.
     */
    Outcome throttled(@Nullable String retryAfterHeader, Instant now) {
        Duration retry = parseRetryAfter(retryAfterHeader, now);
        return Outcome.unavailable(UnavailableCause.GATEWAY_THROTTLED, "gateway answered 429 (throttling)",
                retry == null ? unavailableRetryAfter : retry);
    }

    static @Nullable Duration parseRetryAfter(@Nullable String header, Instant now) {
        if (header == null || header.isBlank() || header.length() > 64) {
            return null;
        }
        String v = header.trim();
        Duration d;
        if (v.matches("\\d{1,9}")) {
            d = Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                d = Duration.between(now, ZonedDateTime.parse(v,
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofHours(1);
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    private Outcome decodeDecision(VerificationRequest request, CheckAnswer r) {
        Boolean allowed = r.allowed();
        String requestId = r.requestId();
        String reason = r.reason();
        if (allowed == null || requestId == null) {
            return invalid("authz response lacks allowed or request_id");
        }
        if (allowed) {
            if (reason != null) {
                return invalid("allowed authz response carries a denial reason");
            }
            WachtPrincipal principal = principal(request, r, requestId);
            return principal == null ? invalid("allowed authz response lacks a usable identity")
                    : Outcome.allowed(principal);
        }
        if ("permission_denied".equals(reason)) {
            return Outcome.insufficientScope(request.request().requiredPermissions(),
                    principal(request, r, requestId), requestId);
        }
        if ("rate_limited".equals(reason)) {
            Long retryAfter = r.retryAfter();
            Duration retry = retryAfter == null || retryAfter < 0 ? DEFAULT_RATE_LIMIT_RETRY
                    : Duration.ofSeconds(Math.max(1, retryAfter / 1000 + (retryAfter % 1000 == 0 ? 0 : 1)));
            return Outcome.rateLimited(retry, principal(request, r, requestId), requestId);
        }
        return invalid("denied authz response has an unknown reason");
    }

    /** Builds the principal; null when the identity is missing or unusable. */
    private static @Nullable WachtPrincipal principal(VerificationRequest request, CheckAnswer r, String requestId) {
        boolean identity = r.identity();
        List<String> permissions = r.permissions();
        if (!identity || permissions == null) {
            return null;
        }
        boolean oauth = request.kind() == CredentialKind.OAUTH_ACCESS_TOKEN;
        String keyId = r.keyId();
        String keyName = r.keyName();
        String clientId = oauth ? keyName : keyId;
        if (clientId == null || clientId.isEmpty()) {
            return null;
        }
        Map<String, String> headers = r.headers();
        List<RateLimitState> rateLimits = r.rateLimits();
        WachtPrincipal.Builder b = WachtPrincipal.builder(VerificationSource.GATEWAY, request.kind(), clientId)
                .subject(r.ownerUserId())
                .keyId(keyId)
                .keyName(keyName)
                .deploymentId(r.deploymentId())
                .appSlug(r.appSlug())
                .permissions(permissions)
                .requestId(requestId)
                .rateLimits(rateLimits)
                .headers(headers);
        if (oauth) {
            // docs/wacht-wire.md, choice 4: OAuth context comes from the granted-resource URN, never from identity.
            if (r.metadata()) {
                List<String> scopes = r.scopes();
                b.scopes(scopes == null ? List.of() : scopes)
                        .oauthResource(r.oauthResource())
                        .grantedResource(GrantedResource.parse(r.grantedResource()).orElse(null))
                        .expiresAt(instantOf(r.expiresAt()));
            }
        } else {
            b.organizationId(r.organizationId())
                    .workspaceId(r.workspaceId());
        }
        return b.build();
    }

    /** An RFC 3339 time in UTC; null when it is not one. */
    static @Nullable Instant instantOf(@Nullable String s) {
        if (s == null) {
            return null;
        }
        Instant plain = plainUtc(s);
        if (plain != null) {
            return plain;
        }
        try {
            return Instant.parse(s); // what the fast path leaves out: lower-case letters, leap seconds, big years
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The common form {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} read without the JDK's general formatter (which
     * was a measurable share of a gateway check's CPU); null for anything else.
     */
    private static @Nullable Instant plainUtc(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return null;
            }
            nanos = digits(s, 20, n - 1);
            for (int i = n - 1; i < 29; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code s[from, to)}; -1 when a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int lengthOfMonth(int year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    private @Nullable String requestIdOf(byte[] body) {
        try {
            CheckAnswer r = CheckAnswer.read(body);
            return r == null ? null : r.requestId();
        } catch (StrictJson.Malformed e) {
            return null;
        }
    }

    private Outcome invalid(String description) {
        return Outcome.unavailable(UnavailableCause.INVALID_RESPONSE, description, unavailableRetryAfter);
    }

    static boolean isJson(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().equals("application/json");
    }
}
