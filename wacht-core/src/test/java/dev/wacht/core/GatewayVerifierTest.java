package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.internal.ClosedPort;
import dev.wacht.testkit.Fault;
import dev.wacht.testkit.MintedApiKey;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.RateLimitRule;
import dev.wacht.testkit.RecordedCheck;
import dev.wacht.testkit.ScopeDefinition;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway path end to end against the emulator: every answer form of docs/wacht-wire.md ("Gateway answer", "Answer forms"). */
@ExtendWith(WachtEmulatorExtension.class)
class GatewayVerifierTest {
    private final WachtEmulator wacht;
    private WachtAuthenticator authenticator;

    GatewayVerifierTest(WachtEmulator wacht) {
        this.wacht = wacht;
    }

    @BeforeEach
    void setUp() {
        wacht.reset();
        authenticator = WachtAuthenticator.create(config().build());
    }

    private WachtConfig.Builder config() {
        // The raw gateway path; the circuit breaker has its own test.
        return WachtConfig.builder().gatewayUrl(wacht.baseUrl()).requestTimeout(Duration.ofSeconds(30))
                .accept(CredentialKind.OAUTH_ACCESS_TOKEN, CredentialKind.API_KEY).circuitBreakerThreshold(0);
    }

    static AccessRequest request(String credential, String... required) {
        return AccessRequest.builder().method("POST").resource("mcp").requiredPermissions(List.of(required))
                .authorization("Bearer " + credential).clientIp("198.51.100.7").userAgent("mcp-client/1.0").build();
    }

    @Test
    void allowedTokenBecomesAFullPrincipalAndTheCheckIsSentAsTheContractSays() {
        wacht.defineScope(ScopeDefinition.workspace("mcp:invoke", "workspace:read"));
        Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        MintedToken token = wacht.mintToken(TokenRequest.builder().scopes("mcp:invoke").userId("777")
                .grantedResource("urn:wacht:workspace:42").oauthResource("https://api.example.com/mcp")
                .expiresAt(expiry).build());

        WachtPrincipal p = authenticator.authenticate(request(token.accessToken(), "mcp:invoke")).principalOrThrow();
        assertThat(p.verifiedBy()).isEqualTo(VerificationSource.GATEWAY);

        assertThat(p.kind()).isEqualTo(CredentialKind.OAUTH_ACCESS_TOKEN);
        assertThat(p.getName()).isEqualTo("777");
        assertThat(p.clientId()).isEqualTo(token.clientId()).startsWith("oc_");
        assertThat(p.keyId()).contains(token.clientRecordId());
        assertThat(p.scopes()).containsExactly("mcp:invoke");
        assertThat(p.permissions()).containsExactly("mcp:invoke", "workspace:read");
        assertThat(p.hasAuthority("workspace:read")).isTrue();
        assertThat(p.authorities()).containsExactly("mcp:invoke", "workspace:read");
        assertThat(p.workspaceId()).contains("42");
        assertThat(p.grantedResource().map(GrantedResource::urn)).contains("urn:wacht:workspace:42");
        assertThat(p.oauthResource()).contains("https://api.example.com/mcp");
        assertThat(p.expiresAt()).contains(expiry);
        assertThat(p.deploymentId()).contains(wacht.deploymentId());
        assertThat(p.appSlug()).contains("oauth_777");
        assertThat(p.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(p.rateLimits()).containsExactly(new RateLimitState("1000/60s", 999, 1000));
        assertThat(p.headers()).containsEntry("x-wacht-oauth-client-id", token.clientId())
                .containsEntry("x-wacht-scopes", "mcp:invoke");

        RecordedCheck check = wacht.checks().get(0);
        assertThat(check.method()).isEqualTo("POST");
        assertThat(check.resource()).isEqualTo("/mcp");
        assertThat(check.principalType()).isEqualTo("oauth_access_token");
        assertThat(check.tokenSha256()).isEqualTo(BearerCredential.of(token.accessToken()).sha256Hex());
        assertThat(check.clientIp()).isEqualTo("198.51.100.7");
        assertThat(check.userAgent()).isEqualTo("mcp-client/1.0");
        assertThat(check.requiredPermissions()).containsExactly("mcp:invoke");
        assertThat(check.requestId()).isEqualTo(p.requestId().get());
    }

    @Test
    void missingPermissionIsInsufficientScope() {
        MintedToken token = wacht.mintToken("profile");
        Outcome.Denied d = (Outcome.Denied) authenticator.authenticate(request(token.accessToken(), "mcp:invoke"));
        assertThat(d.reason()).isEqualTo(DenialReason.INSUFFICIENT_SCOPE);
        assertThat(d.requiredScopes()).containsExactly("mcp:invoke");
        assertThat(d.principal().map(WachtPrincipal::clientId)).contains(token.clientId());
        assertThat(authenticator.errorResponse(d).headers().get("WWW-Authenticate")).contains("scope=\"mcp:invoke\"");
    }

    @Test
    void rateLimitedCarriesTheWindowAsRetryAfter() {
        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofSeconds(30))));
        MintedToken token = wacht.mintToken("mcp:invoke");
        assertThat(authenticator.authenticate(request(token.accessToken())).isAllowed()).isTrue();
        Outcome.Denied d = (Outcome.Denied) authenticator.authenticate(request(token.accessToken()));
        assertThat(d.reason()).isEqualTo(DenialReason.RATE_LIMITED);
        assertThat(d.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(authenticator.errorResponse(d).headers()).containsEntry("Retry-After", "30");
    }

    @Test
    void unknownExpiredAndRevokedTokensAreInvalid() {
        MintedToken expired = wacht.mintToken("mcp:invoke");
        MintedToken revoked = wacht.mintToken("mcp:invoke");
        assertThat(authenticator.authenticate(request(revoked.accessToken())).isAllowed()).isTrue();
        wacht.expireToken(expired.accessToken());
        wacht.revokeGrant(revoked.grantId());
        for (String token : List.of("oat_" + "x".repeat(43), expired.accessToken(), revoked.accessToken())) {
            Outcome.Denied d = (Outcome.Denied) authenticator.authenticate(request(token));
            assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
            assertThat(d.description()).isEqualTo("The access token is invalid, expired or revoked");
            assertThat(d.requestId()).isPresent();
        }
    }

    @Test
    void apiKeysAreVerifiedWithTheirOwnIdentity() {
        MintedApiKey key = wacht.mintApiKey("reports:read");
        WachtPrincipal p = authenticator.authenticate(request(key.apiKey(), "reports:read")).principalOrThrow();
        assertThat(p.kind()).isEqualTo(CredentialKind.API_KEY);
        assertThat(p.clientId()).isEqualTo(key.keyId());
        assertThat(p.keyName()).contains(key.keyName());
        assertThat(p.permissions()).containsExactly("reports:read");
        assertThat(p.scopes()).isEmpty();
        assertThat(wacht.checks().get(0).principalType()).isEqualTo("api_key");

        wacht.revokeApiKey(key.apiKey()); // the gateway answers a plain-text "Invalid API key"
        Outcome.Denied d = (Outcome.Denied) authenticator.authenticate(request(key.apiKey(), "reports:read"));
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(d.description()).isEqualTo("The API key is invalid, expired or revoked");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorsFailClosed(int status) {
        wacht.setFault(Fault.status(status));
        assertUnavailable(UnavailableCause.GATEWAY_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 415, 422})
    void rejectedRequestsAreServerErrors(int status) {
        wacht.setFault(Fault.status(status));
        Outcome.Unavailable u = assertUnavailable(UnavailableCause.REQUEST_REJECTED);
        assertThat(authenticator.errorResponse(u).status()).isEqualTo(500);
    }

    @Test
    void brokenAnswersFailClosed() {
        for (Fault fault : List.of(Fault.garbage(), Fault.truncate(), Fault.oversize(), Fault.contentType(),
                Fault.wrongShape(), Fault.wrongShape("[1,2,3]"),
                Fault.wrongShape("{\"request_id\":\"r\",\"allowed\":\"true\",\"identity\":{\"key_name\":\"oc\"},"
                        + "\"permissions\":[]}"))) {
            wacht.setFault(fault);
            assertUnavailable(UnavailableCause.INVALID_RESPONSE);
        }
    }

    @Test
    void aDroppedConnectionIsUnreachable() {
        wacht.setFault(Fault.drop());
        assertUnavailable(UnavailableCause.GATEWAY_UNREACHABLE);
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsSentOnceMore() {
        String token = wacht.mintToken("mcp:invoke").accessToken();
        wacht.setFault(Fault.drop().times(1)); // the gateway (or a proxy) closed the kept-alive connection
        assertThat(authenticator.authenticate(request(token))).isInstanceOf(Outcome.Allowed.class);
        assertThat(wacht.checks()).hasSize(2);

        wacht.clearChecks();
        wacht.setFault(Fault.drop().times(1));
        assertThat(authenticator.authenticateAsync(request(token)).join()).isInstanceOf(Outcome.Allowed.class);
        assertThat(wacht.checks()).hasSize(2);
    }

    @Test
    void aCheckIsSentAtMostTwiceAndAFailingResendFailsClosed() {
        String token = wacht.mintToken("mcp:invoke").accessToken();
        wacht.setFault(Fault.drop().times(2));
        Outcome o = authenticator.authenticate(request(token));
        assertThat(((Outcome.Unavailable) o).cause()).isEqualTo(UnavailableCause.GATEWAY_UNREACHABLE);
        assertThat(wacht.checks()).hasSize(2);

        wacht.clearChecks();
        wacht.setFault(Fault.drop().times(2));
        o = authenticator.authenticateAsync(request(token)).join();
        assertThat(((Outcome.Unavailable) o).cause()).isEqualTo(UnavailableCause.GATEWAY_UNREACHABLE);
        assertThat(wacht.checks()).hasSize(2);
    }

    @Test
    void anErrorStatusIsNotSentAgain() {
        String token = wacht.mintToken("mcp:invoke").accessToken();
        wacht.setFault(Fault.status(502).times(1));
        assertThat(authenticator.authenticate(request(token))).isInstanceOf(Outcome.Unavailable.class);
        assertThat(wacht.checks()).hasSize(1);
    }

    @Test
    void aClosedPortIsUnreachable() {
        try (ClosedPort closed = ClosedPort.reserve()) {
            WachtAuthenticator down = WachtAuthenticator.create(config().gatewayUrl("http://127.0.0.1:" + closed.port())
                    .build());
            Outcome o = down.authenticate(request(wacht.mintToken("mcp:invoke").accessToken()));
            assertThat(((Outcome.Unavailable) o).cause()).isEqualTo(UnavailableCause.GATEWAY_UNREACHABLE);
            assertThat(down.errorResponse(o).status()).isEqualTo(503);
        }
    }

    @Test
    void slowOrSilentGatewaysDoNotHoldTheCallerPastTheTimeout() {
        // The timeout is ample for a loopback answer on a loaded machine; the slow gateway is ten times slower.
        Duration timeout = Duration.ofSeconds(2);
        Duration delay = timeout.multipliedBy(10);
        WachtAuthenticator impatient = WachtAuthenticator.create(config().requestTimeout(timeout).build());
        String token = wacht.mintToken("mcp:invoke").accessToken();
        for (Fault fault : List.of(Fault.delay(delay), Fault.hang())) {
            wacht.setFault(fault);
            long start = System.nanoTime();
            Outcome o = impatient.authenticate(request(token));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(((Outcome.Unavailable) o).cause()).isEqualTo(UnavailableCause.GATEWAY_TIMEOUT);
            // Behaviour, not performance: the caller is released long before the gateway would answer.
            assertThat(waited).isLessThan(delay.dividedBy(2));
        }
        wacht.clearFault();
        assertThat(impatient.authenticate(request(token)).isAllowed()).isTrue();
    }

    @Test
    void theVerifierRecoversWhenTheFaultIsGone() {
        wacht.setFault(Fault.status(503).times(2));
        String token = wacht.mintToken("mcp:invoke").accessToken();
        assertThat(authenticator.authenticate(request(token))).isInstanceOf(Outcome.Unavailable.class);
        assertThat(authenticator.authenticate(request(token))).isInstanceOf(Outcome.Unavailable.class);
        assertThat(authenticator.authenticate(request(token)).isAllowed()).isTrue();
    }

    private Outcome.Unavailable assertUnavailable(UnavailableCause cause) {
        Outcome o = authenticator.authenticate(request(wacht.mintToken("mcp:invoke").accessToken()));
        assertThat(o).isInstanceOf(Outcome.Unavailable.class);
        assertThat(((Outcome.Unavailable) o).cause()).isEqualTo(cause);
        return (Outcome.Unavailable) o;
    }
}
