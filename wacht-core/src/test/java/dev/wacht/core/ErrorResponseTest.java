package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrorResponseTest {
    /** RFC 9110 challenge with auth-params whose values are all quoted-strings. */
    static final Pattern CHALLENGE = Pattern.compile(
            "Bearer [a-z_]+=\"(?:[\\t\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t\\x20-\\x7e])*\""
                    + "(?:, [a-z_]+=\"(?:[\\t\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t\\x20-\\x7e])*\")*");
    private static final String META = "https://api.example.com/.well-known/oauth-protected-resource/mcp";

    @Test
    void missingCredentialIsABareChallenge() {
        ErrorResponse r = ErrorResponse.of(Outcome.denied(DenialReason.MISSING_CREDENTIAL, "Bearer access token required"),
                "wacht", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"wacht\"")
                .containsEntry("Cache-Control", "no-store").containsEntry("Content-Type", "application/json");
        assertThat(r.body()).isEqualTo(
                "{\"error\":\"unauthorized\",\"error_description\":\"Bearer access token required\"}");
    }

    @Test
    void missingCredentialAdvertisesResourceMetadata() {
        ErrorResponse r = ErrorResponse.of(Outcome.denied(DenialReason.MISSING_CREDENTIAL, "x"), "api", META);
        assertThat(r.headers().get("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"api\", resource_metadata=\"" + META + "\"").matches(CHALLENGE);
    }

    @Test
    void invalidRequestAndInvalidToken() {
        ErrorResponse bad = ErrorResponse.of(Outcome.denied(DenialReason.INVALID_REQUEST, "More than one Authorization header"),
                "wacht", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.headers().get("WWW-Authenticate")).isEqualTo(
                "Bearer realm=\"wacht\", error=\"invalid_request\", error_description=\"More than one Authorization header\"");
        ErrorResponse invalid = ErrorResponse.of(Outcome.invalidToken("The access token is invalid, expired or revoked",
                "req_1"), "wacht", META);
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.headers().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"wacht\", error=\"invalid_token\", "
                + "error_description=\"The access token is invalid, expired or revoked\", resource_metadata=\"" + META + "\"")
                .matches(CHALLENGE);
        assertThat(invalid.body()).contains("\"error\":\"invalid_token\"");
    }

    @Test
    void challengeScopesAppearOn401sOnly() {
        List<String> advertised = List.of("mcp:invoke");
        ErrorResponse missing = ErrorResponse.of(Outcome.denied(DenialReason.MISSING_CREDENTIAL, "x"), "wacht", META,
                advertised);
        assertThat(missing.headers().get("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"wacht\", scope=\"mcp:invoke\", resource_metadata=\"" + META + "\"")
                .matches(CHALLENGE);
        ErrorResponse invalid = ErrorResponse.of(Outcome.invalidToken("revoked", null), "wacht", META, advertised);
        assertThat(invalid.headers().get("WWW-Authenticate"))
                .contains("error=\"invalid_token\"", ", scope=\"mcp:invoke\", resource_metadata=").matches(CHALLENGE);
        ErrorResponse forbidden = ErrorResponse.of(Outcome.insufficientScope(List.of("mcp:invoke", "reports:read"),
                null, null), "wacht", META, advertised);
        assertThat(forbidden.headers().get("WWW-Authenticate")).contains("scope=\"mcp:invoke reports:read\"");
        ErrorResponse bad = ErrorResponse.of(Outcome.denied(DenialReason.INVALID_REQUEST, "two headers"), "wacht", null,
                advertised);
        assertThat(bad.headers().get("WWW-Authenticate")).doesNotContain("scope=");
    }

    @Test
    void insufficientScopeListsTheRequiredScopes() {
        ErrorResponse r = ErrorResponse.of(Outcome.insufficientScope(List.of("mcp:invoke", "files:read"), null, "req_2"),
                "wacht", null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers().get("WWW-Authenticate")).endsWith(", scope=\"mcp:invoke files:read\"")
                .contains("error=\"insufficient_scope\"").matches(CHALLENGE);
    }

    @Test
    void aLocalScopeCheckFailureIsAnsweredLikeTheGatewaysDenial() {
        WachtPrincipal principal = WachtPrincipal.builder(VerificationSource.GATEWAY, CredentialKind.OAUTH_ACCESS_TOKEN,
                "oc_1").requestId("req_9").build();
        AccessRequest request = AccessRequest.builder().method("GET").resource("/files").build();
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(WachtConfig.builder().build())) {
            Outcome.Denied denied = authenticator.denyScope(principal, List.of("files:write", "files:admin"), request);
            assertThat(denied.reason()).isEqualTo(DenialReason.INSUFFICIENT_SCOPE);
            assertThat(denied.principal()).contains(principal);
            assertThat(denied.requestId()).contains("req_9");
            ErrorResponse r = ErrorResponse.of(denied, "wacht", null);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.headers().get("WWW-Authenticate")).endsWith(", scope=\"files:write files:admin\"")
                    .matches(CHALLENGE);
            assertThatThrownBy(() -> authenticator.denyScope(principal, List.of(), request))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> authenticator.denyScope(principal, List.of("a b"), request))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rateLimitedHasRetryAfterAndNoChallenge() {
        ErrorResponse r = ErrorResponse.of(Outcome.rateLimited(Duration.ofSeconds(60), null, "req_3"), "wacht", null);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.headers()).containsEntry("Retry-After", "60").doesNotContainKey("WWW-Authenticate");
        assertThat(r.body()).contains("\"error\":\"rate_limited\"");
    }

    @Test
    void unavailableIs503WithRetryAfterAndRejectedRequestIs500() {
        ErrorResponse down = ErrorResponse.of(Outcome.unavailable(UnavailableCause.GATEWAY_TIMEOUT,
                "gateway did not answer", Duration.ofMillis(2500)), "wacht", null);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.headers()).containsEntry("Retry-After", "3");
        assertThat(down.body()).contains("temporarily_unavailable").doesNotContain("gateway did not answer");
        ErrorResponse rejected = ErrorResponse.of(Outcome.unavailable(UnavailableCause.REQUEST_REJECTED, "422",
                Duration.ofSeconds(5)), "wacht", null);
        assertThat(rejected.status()).isEqualTo(500);
        assertThat(rejected.headers()).doesNotContainKey("Retry-After");
        assertThat(rejected.body()).contains("server_error");
    }

    @Test
    void quotedStringsAreEscaped() {
        assertThat(ErrorResponse.quoted("a\"b\\c\r\nd\u00e9")).isEqualTo("\"a\\\"b\\\\cd\"");
        String challenge = ErrorResponse.challenge("re\"alm", "invalid_token", "bad \"thing\" \\ here\n", List.of(),
                "https://x/\"y");
        assertThat(challenge).matches(CHALLENGE);
        assertThat(challenge).contains("error_description=\"bad ?thing? ? here?\"");
    }

    @Test
    void allowedHasNoErrorResponse() {
        WachtPrincipal p = WachtPrincipal.builder(VerificationSource.GATEWAY, CredentialKind.OAUTH_ACCESS_TOKEN, "oc_1")
                .build();
        assertThatThrownBy(() -> ErrorResponse.of(Outcome.allowed(p), "wacht", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopesThatAreEmptyOrNotPrintableAreLeftOutOfTheChallenge() {
        // Found by ErrorResponseFuzzTest: a scope of " !" rendered scope=" !", outside RFC 6750's grammar.
        assertThat(ErrorResponse.challenge("r", "insufficient_scope", "d", List.of(" !", "", "\u00e9", "a b"), null))
                .isEqualTo("Bearer realm=\"r\", error=\"insufficient_scope\", error_description=\"d\", scope=\"! a b\"");
        assertThat(ErrorResponse.challenge("r", "insufficient_scope", "d", List.of(" "), null))
                .isEqualTo("Bearer realm=\"r\", error=\"insufficient_scope\", error_description=\"d\"");
    }
}
