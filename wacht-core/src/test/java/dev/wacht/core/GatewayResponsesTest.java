package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoder against the example bodies of docs/wacht-wire.md ("Answer forms") and against broken ones. */
class GatewayResponsesTest {
    static final String ALLOWED = "{\"request_id\":\"req_7312\",\"allowed\":true,\"reason\":null,\"blocked_rule\":null,"
            + "\"identity\":{\"key_id\":\"9001\",\"deployment_id\":\"456\",\"app_slug\":\"oauth_777\",\"key_name\":\"oc_4Ptf\","
            + "\"owner_user_id\":\"777\",\"organization_id\":null,\"workspace_id\":null,"
            + "\"organization_membership_id\":null,\"workspace_membership_id\":null},"
            + "\"permissions\":[\"mcp:invoke\",\"workspace:read\"],"
            + "\"metadata\":{\"principal_type\":\"oauth_access_token\",\"scopes\":[\"mcp:invoke\"],\"oauth_resource\":null,"
            + "\"granted_resource\":\"urn:wacht:workspace:42\",\"expires_at\":\"2026-05-20T11:00:00Z\"},"
            + "\"rate_limits\":[{\"rule\":\"1000/60s\",\"remaining\":999,\"limit\":1000}],\"retry_after\":null,"
            + "\"headers\":{\"x-wacht-principal-type\":\"oauth_access_token\",\"x-wacht-deployment-id\":\"456\","
            + "\"x-wacht-app-slug\":\"oauth_777\",\"x-wacht-oauth-client-id\":\"oc_4Ptf\","
            + "\"x-wacht-oauth-issuer\":\"https://auth.example.com\",\"x-wacht-granted-resource\":\"urn:wacht:workspace:42\","
            + "\"x-wacht-oauth-audience\":\"urn:wacht:workspace:42\",\"x-wacht-scopes\":\"mcp:invoke\","
            + "\"x-wacht-permissions\":\"mcp:invoke,workspace:read\","
            + "\"x-ratelimit-60s-limit\":\"1000\",\"x-ratelimit-60s-remaining\":\"999\"}}";
    static final String ENVELOPE = "{\"request_id\":\"req_731\",\"allowed\":false,\"reason\":null,\"blocked_rule\":null,"
            + "\"identity\":null,\"permissions\":[],\"metadata\":null,\"rate_limits\":[],\"retry_after\":null,\"headers\":{}}";

    private final GatewayResponses decoder = new GatewayResponses(Duration.ofSeconds(5));

    private static VerificationRequest request(CredentialKind kind, String... required) {
        return new VerificationRequest(BearerCredential.of("oat_x"), kind, AccessRequest.builder().method("POST")
                .resource("mcp").requiredPermissions(List.of(required)).build());
    }

    private Outcome decode(int status, String contentType, String body) {
        return decoder.decode(request(CredentialKind.OAUTH_ACCESS_TOKEN, "mcp:invoke"), status, contentType,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void allowedOAuthExampleBecomesAPrincipal() {
        Outcome o = decode(200, "application/json", ALLOWED);
        WachtPrincipal p = ((Outcome.Allowed) o).principal();
        assertThat(p.kind()).isEqualTo(CredentialKind.OAUTH_ACCESS_TOKEN);
        assertThat(p.getName()).isEqualTo("777");
        assertThat(p.subject()).contains("777");
        assertThat(p.clientId()).isEqualTo("oc_4Ptf");
        assertThat(p.keyId()).contains("9001");
        assertThat(p.scopes()).containsExactly("mcp:invoke");
        assertThat(p.permissions()).containsExactly("mcp:invoke", "workspace:read");
        assertThat(p.grantedResource().map(GrantedResource::type)).contains(GrantedResource.Type.WORKSPACE);
        assertThat(p.workspaceId()).contains("42");
        assertThat(p.organizationId()).isEmpty();
        assertThat(p.oauthResource()).isEmpty();
        assertThat(p.expiresAt()).contains(Instant.parse("2026-05-20T11:00:00Z"));
        assertThat(p.deploymentId()).contains("456");
        assertThat(p.appSlug()).contains("oauth_777");
        assertThat(p.requestId()).contains("req_7312");
        assertThat(p.rateLimits()).containsExactly(new RateLimitState("1000/60s", 999, 1000));
        assertThat(p.headers()).containsEntry("x-wacht-oauth-client-id", "oc_4Ptf").hasSize(11);
        assertThat(o.requestId()).contains("req_7312");
    }

    @Test
    void principalTypeIsTheOneWeSentNotTheMetadatasClaim() {
        String apiKeyBody = ALLOWED.replace("\"key_name\":\"oc_4Ptf\"", "\"key_name\":\"ci-key\"");
        Outcome o = decoder.decode(request(CredentialKind.API_KEY), 200, "application/json",
                apiKeyBody.getBytes(StandardCharsets.UTF_8));
        WachtPrincipal p = o.principalOrThrow();
        assertThat(p.kind()).isEqualTo(CredentialKind.API_KEY);
        assertThat(p.clientId()).isEqualTo("9001");
        assertThat(p.keyName()).contains("ci-key");
        assertThat(p.scopes()).isEmpty();
    }

    @Test
    void permissionDeniedIsInsufficientScopeWithTheRequiredScopes() {
        String body = ALLOWED.replace("\"allowed\":true,\"reason\":null,\"blocked_rule\":null",
                "\"allowed\":false,\"reason\":\"permission_denied\",\"blocked_rule\":\"permission_denied\"");
        Outcome.Denied d = (Outcome.Denied) decode(200, "application/json", body);
        assertThat(d.reason()).isEqualTo(DenialReason.INSUFFICIENT_SCOPE);
        assertThat(d.requiredScopes()).containsExactly("mcp:invoke");
        assertThat(d.principal().map(WachtPrincipal::clientId)).contains("oc_4Ptf");
        assertThat(d.requestId()).contains("req_7312");
    }

    @Test
    void rateLimitedConvertsMillisecondsToWholeSecondsRoundedUp() {
        String body = ALLOWED.replace("\"allowed\":true,\"reason\":null,\"blocked_rule\":null",
                "\"allowed\":false,\"reason\":\"rate_limited\",\"blocked_rule\":\"1000/60s\"");
        Outcome.Denied d = (Outcome.Denied) decode(200, "application/json",
                body.replace("\"retry_after\":null", "\"retry_after\":60000"));
        assertThat(d.reason()).isEqualTo(DenialReason.RATE_LIMITED);
        assertThat(d.retryAfter()).contains(Duration.ofSeconds(60));
        Outcome.Denied small = (Outcome.Denied) decode(200, "application/json",
                body.replace("\"retry_after\":null", "\"retry_after\":250"));
        assertThat(small.retryAfter()).contains(Duration.ofSeconds(1));
        Outcome.Denied missing = (Outcome.Denied) decode(200, "application/json", body);
        assertThat(missing.retryAfter()).contains(Duration.ofSeconds(60));
    }

    @Test
    void unauthorizedEnvelopeAndPlainTextAreInvalidToken() {
        Outcome.Denied json = (Outcome.Denied) decode(401, "application/json", ENVELOPE);
        assertThat(json.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(json.requestId()).contains("req_731");
        Outcome.Denied text = (Outcome.Denied) decoder.decode(request(CredentialKind.API_KEY), 401,
                "text/plain; charset=utf-8", "Invalid API key".getBytes(StandardCharsets.UTF_8));
        assertThat(text.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(text.description()).isEqualTo("The API key is invalid, expired or revoked");
        assertThat(text.requestId()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 415, 422})
    void rejectedRequestsAreConfigurationErrors(int status) {
        Outcome.Unavailable u = (Outcome.Unavailable) decode(status, "text/plain", "Failed to deserialize");
        assertThat(u.cause()).isEqualTo(UnavailableCause.REQUEST_REJECTED);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 404, 302, 429, 201})
    void otherStatusesAreGatewayErrors(int status) {
        Outcome.Unavailable u = (Outcome.Unavailable) decode(status, "application/json", ALLOWED);
        assertThat(u.cause()).isEqualTo(UnavailableCause.GATEWAY_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{", "{\"allowed\":true}", "{\"request_id\":\"r\",\"allowed\":\"yes\"}",
        "{\"request_id\":\"r\",\"allowed\":true,\"identity\":null,\"permissions\":[]}",
        "{\"request_id\":\"r\",\"allowed\":true,\"identity\":{\"key_name\":\"oc\"}}",
        "{\"request_id\":\"r\",\"allowed\":true,\"identity\":{},\"permissions\":[]}",
        "{\"request_id\":\"r\",\"allowed\":true,\"identity\":[],\"permissions\":[]}",
        "{\"request_id\":\"r\",\"allowed\":true,\"reason\":\"permission_denied\",\"identity\":{\"key_name\":\"oc\"},\"permissions\":[]}",
        "{\"request_id\":\"r\",\"allowed\":false,\"reason\":\"something_else\"}",
        "{\"request_id\":\"r\",\"allowed\":false,\"reason\":null}",
        "{\"request_id\":\"r\",\"allowed\":true,\"identity\":{\"key_name\":\"oc\"},\"permissions\":\"all\"}"})
    void malformedBodiesNeverAllow(String body) {
        Outcome o = decode(200, "application/json", body);
        assertThat(o).isInstanceOf(Outcome.Unavailable.class);
        assertThat(((Outcome.Unavailable) o).cause()).isEqualTo(UnavailableCause.INVALID_RESPONSE);
    }

    @Test
    void truncatedAndWrongContentTypeBodiesNeverAllow() {
        assertThat(decode(200, "application/json", ALLOWED.substring(0, ALLOWED.length() / 2)))
                .isInstanceOf(Outcome.Unavailable.class);
        assertThat(decode(200, "text/html", ALLOWED)).isInstanceOf(Outcome.Unavailable.class);
        assertThat(decode(200, null, ALLOWED)).isInstanceOf(Outcome.Unavailable.class);
        assertThat(decode(200, "application/json; charset=utf-8", ALLOWED)).isInstanceOf(Outcome.Allowed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u000b", "\u001f", "\u00a0"})
    void controlCharactersAroundAnAllowedAnswerMakeItUnreadable(String junk) {
        // Found by GatewayResponsesFuzzTest: String.trim() dropped NULs, so "\0{…allowed…}" was allowed.
        assertThat(decode(200, "application/json", junk + ALLOWED)).isInstanceOf(Outcome.Unavailable.class);
        assertThat(decode(200, "application/json", ALLOWED + junk)).isInstanceOf(Outcome.Unavailable.class);
        assertThat(decode(200, "application/json", " \t\r\n" + ALLOWED + "\n")).isInstanceOf(Outcome.Allowed.class);
    }

    @Test
    void expiryTimesReadLikeInstantParse() {
        java.util.Random random = new java.util.Random(17);
        List<String> times = new java.util.ArrayList<>(List.of("2026-02-28T23:59:59Z", "2028-02-29T00:00:00Z",
                "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2000-02-29T12:00:00Z", "2026-13-01T00:00:00Z",
                "2026-00-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
                "2026-12-31T23:59:60Z", "2026-01-01t00:00:00z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00,5Z",
                "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00+01:00", "+12026-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2026-1-01T00:00:00Z",
                "2026-01-01T00:00:0xZ", "2026-01-01 00:00:00Z", ""));
        for (int i = 0; i < 2000; i++) {
            Instant t = Instant.ofEpochSecond(-62_000_000_000L + (long) (random.nextDouble() * 315_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            times.add(t.toString());
        }
        for (String s : times) {
            Instant expected;
            try {
                expected = Instant.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                expected = null;
            }
            assertThat(GatewayResponses.instantOf(s)).as(s).isEqualTo(expected);
        }
    }
    private String malformedDescription(String body) {
        Outcome o = decode(200, "application/json", body);
        assertThat(o).as(body).isInstanceOf(Outcome.Unavailable.class);
        assertThat(((Outcome.Unavailable) o).cause()).isEqualTo(UnavailableCause.INVALID_RESPONSE);
        return ((Outcome.Unavailable) o).description();
    }

    @Test
    void unknownMembersAnywhereAreSkippedWhateverTheyHold() {
        String noise = "\"extra\":{\"a\":[1,2.5e3,{\"allowed\":false,\"key_name\":\"other\"}],\"b\":null,\"c\":\"x\"},"
                + "\"more\":[[[\"allowed\"]]],";
        String body = ALLOWED.replace("{\"request_id\"", "{" + noise + "\"request_id\"")
                .replace("\"identity\":{", "\"identity\":{" + noise)
                .replace("\"metadata\":{", "\"metadata\":{" + noise)
                .replace("{\"rule\"", "{" + noise + "\"rule\"");
        WachtPrincipal p = decode(200, "application/json", body).principalOrThrow();
        assertThat(p.clientId()).isEqualTo("oc_4Ptf");
        assertThat(p.scopes()).containsExactly("mcp:invoke");
        assertThat(p.rateLimits()).containsExactly(new RateLimitState("1000/60s", 999, 1000));
        assertThat(p.headers()).hasSize(11);
    }

    @Test
    void wrongTypesCountOnlyWhereTheDecoderReadsTheMember() {
        // A wrong retry_after matters only in a rate-limited answer, an organization id only for API keys.
        String soon = ALLOWED.replace("\"retry_after\":null", "\"retry_after\":\"soon\"");
        assertThat(decode(200, "application/json", soon).isAllowed()).isTrue();
        assertThat(decode(200, "application/json", ALLOWED.replace("\"organization_id\":null", "\"organization_id\":7"))
                .isAllowed()).isTrue();
        assertThat(malformedDescription(soon.replace("\"allowed\":true,\"reason\":null",
                "\"allowed\":false,\"reason\":\"rate_limited\""))).isEqualTo(
                "answer 200 is malformed: retry_after is not an integer");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"key_name\":\"oc_4Ptf\" | \"key_name\":[\"oc_4Ptf\"] | key_name is not a string",
        "\"remaining\":999 | \"remaining\":999.5 | remaining is not an integer",
        "\"limit\":1000 | \"limit\":99999999999999999999 | limit is out of range",
        "\"scopes\":[\"mcp:invoke\"] | \"scopes\":[\"mcp:invoke\",1] | scopes holds a non-string",
        "\"x-wacht-scopes\":\"mcp:invoke\" | \"x-wacht-scopes\":{} | headers.x-wacht-scopes is not a string",
        "\"rate_limits\":[ | \"rate_limits\":[7, | rate_limits holds a non-object",
        "\"metadata\":{ | \"metadata\":\"m\",\"was_metadata\":{ | metadata is not an object"})
    void aWrongTypeWhereTheDecoderReadsIsMalformed(String member, String replacement, String problem) {
        assertThat(malformedDescription(ALLOWED.replace(member, replacement)))
                .isEqualTo("answer 200 is malformed: " + problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"allowed\":true", "\"request_id\":\"req_7312\"", "\"key_name\":\"oc_4Ptf\"",
        "\"scopes\":[\"mcp:invoke\"]", "\"rule\":\"1000/60s\"", "\"x-wacht-scopes\":\"mcp:invoke\""})
    void aMemberTheDecoderReadsMustNotAppearTwice(String member) {
        // Which copy would count is up to the JSON library; the answer is refused instead.
        assertThat(malformedDescription(ALLOWED.replace(member, member + "," + member)))
                .endsWith(member.substring(1, member.indexOf('"', 1)) + " appears twice");
    }

    @Test
    void aDeniedCopyBeforeAnAllowedOneIsRefused() {
        assertThat(malformedDescription(ALLOWED.replace("\"allowed\":true", "\"allowed\":false,\"allowed\":true")))
                .isEqualTo("answer 200 is malformed: allowed appears twice");
        assertThat(decode(401, "application/json", ENVELOPE.replace("\"request_id\":\"req_731\"",
                "\"request_id\":\"req_731\",\"request_id\":\"req_732\"")).requestId()).isEmpty();
    }

    @Test
    void skippedMembersAreBoundedInDepthAndStillParsed() {
        int depth = CheckAnswer.MAX_DEPTH;
        String deepest = "[".repeat(depth) + "]".repeat(depth);
        assertThat(decode(200, "application/json", ALLOWED.replace("\"blocked_rule\":null",
                "\"blocked_rule\":" + deepest)).isAllowed()).isTrue();
        assertThat(malformedDescription(ALLOWED.replace("\"blocked_rule\":null",
                "\"blocked_rule\":[" + deepest + "]")))
                .isEqualTo("answer 200 is malformed: a member nests deeper than " + depth + " levels");
        for (String broken : List.of("{\"a\" 1}", "[1,]", "{\"a\":tru}", "[01]", "\"\\x\"", "{\"a\":1,}")) {
            assertThat(malformedDescription(ALLOWED.replace("\"blocked_rule\":null", "\"blocked_rule\":" + broken)))
                    .as(broken).isEqualTo("answer 200 is not a JSON object");
        }
    }
}
