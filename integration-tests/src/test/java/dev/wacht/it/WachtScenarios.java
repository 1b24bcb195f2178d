package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.Fault;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.RateLimitRule;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every test application must do with Wacht, whatever protects its {@code api/whoami}
 * resource (the servlet filter or {@code @RequiresScope}): the answers of docs/wacht-wire.md, choice 7, and
 * the caller in the JAX-RS {@code SecurityContext}. {@code api/whoami} requires {@code files:read}.
 */
@ExtendWith(ArquillianExtension.class)
abstract class WachtScenarios {
    static final WachtEmulator WACHT = Wacht.EMULATOR;
    static final String PROTECTED = "api/whoami";

    @ArquillianResource
    private URL deployment;

    @BeforeEach
    void resetEmulator() {
        WACHT.reset();
    }

    /** What the test application's tokens are minted with; applications bound to a resource URI add it. */
    TokenRequest.Builder tokenRequest(String... scopes) {
        return TokenRequest.builder().scopes(scopes).userId("u-7");
    }

    /**
     * What {@code getAuthType()} and the JAX-RS {@code SecurityContext} call the scheme of an
     * authenticated request: the filter's {@code BEARER}, or the container's name when the container
     * logged the caller in.
     */
    String authenticationScheme() {
        return "BEARER";
    }

    /** An opaque access token for the test application with these scopes. */
    public String token(String... scopes) {
        return WACHT.mintToken(tokenRequest(scopes).build()).accessToken();
    }

    /** GET of a path of the deployment, with {@code Authorization: Bearer <token>} unless the token is null. */
    public HttpResponse<String> get(String path, String token) {
        return send(path, token == null ? null : "Bearer " + token);
    }

    /** GET of a path of the deployment with this {@code Authorization} value (none when null). */
    public HttpResponse<String> send(String path, String authorization) {
        return Wacht.get(base(), path, authorization);
    }

    /** The deployment's base URI, on loopback. */
    public URI base() {
        return Wacht.loopback(deployment);
    }

    static String challenge(HttpResponse<?> response) {
        return response.headers().firstValue("WWW-Authenticate").orElse("");
    }

    @Test
    void aValidTokenReachesTheResourceWithItsPrincipal() {
        HttpResponse<String> response = get(PROTECTED, token("files:read"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("name=u-7|scheme=" + authenticationScheme()
                + "|files:read=true|files:admin=false|verified-by=GATEWAY");
    }

    @Test
    void noCredentialIsChallenged() {
        HttpResponse<String> response = get(PROTECTED, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(challenge(response)).startsWith("Bearer realm=\"wacht\"").doesNotContain("error=");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(WACHT.checks()).isEmpty();
    }

    @Test
    void aMalformedCredentialIsABadRequestWithoutAGatewayCall() {
        HttpResponse<String> response = send(PROTECTED, "Bearer oat_{not-token68}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(challenge(response)).contains("error=\"invalid_request\"");
        assertThat(response.body()).contains("\"error\":\"invalid_request\"");
        assertThat(WACHT.checks()).isEmpty();
    }

    @Test
    void anUnknownTokenIsInvalid() {
        assertInvalidToken(get(PROTECTED, "oat_thisTokenWasNeverIssuedByTheEmulator0000000"));
    }

    @Test
    void anExpiredTokenIsInvalid() {
        String token = token("files:read");
        WACHT.expireToken(token);
        assertInvalidToken(get(PROTECTED, token));
    }

    @Test
    void aTokenOfARevokedGrantIsInvalid() {
        MintedToken token = WACHT.mintToken(tokenRequest("files:read").build());
        assertThat(get(PROTECTED, token.accessToken()).statusCode()).isEqualTo(200);
        WACHT.revokeGrant(token.grantId());
        assertInvalidToken(get(PROTECTED, token.accessToken()));
    }

    static void assertInvalidToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(challenge(response)).startsWith("Bearer realm=\"wacht\"").contains("error=\"invalid_token\"");
        assertThat(response.body()).contains("\"error\":\"invalid_token\"");
    }

    @Test
    void aTokenWithoutTheScopeIsForbiddenNamingIt() {
        HttpResponse<String> response = get(PROTECTED, token("profile"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(challenge(response)).contains("error=\"insufficient_scope\"").contains("scope=\"files:read\"");
        assertThat(response.body()).contains("\"error\":\"insufficient_scope\"");
    }

    @Test
    void aRateLimitedCallerIsToldWhenToComeBack() {
        WACHT.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofMinutes(1))));
        String token = token("files:read");
        assertThat(get(PROTECTED, token).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = get(PROTECTED, token);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
    }

    @Test
    void aFailingGatewayIsServiceUnavailableNeverAccess() {
        String token = token("files:read");
        WACHT.setFault(Fault.status(503));
        assertUnavailable(get(PROTECTED, token));
        WACHT.setFault(Fault.drop());
        assertUnavailable(get(PROTECTED, token));
        WACHT.clearFault();
        assertThat(get(PROTECTED, token).statusCode()).isEqualTo(200);
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).doesNotContain("name=");
    }

    @Test
    void aJwtAccessTokenIsVerifiedLocally() {
        MintedToken jwt = WACHT.mintJwt(TokenRequest.builder().scopes("files:read").userId("u-9").build());
        HttpResponse<String> response = get(PROTECTED, jwt.accessToken());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("name=u-9|scheme=" + authenticationScheme()
                + "|files:read=true|files:admin=false|verified-by=LOCAL_JWT");
        assertThat(WACHT.checks()).isEmpty();
        assertThat(get(PROTECTED, WACHT.mintJwt("profile").accessToken()).statusCode()).isEqualTo(403);
    }
}
