package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decision engine's own rules, over a recording verifier standing in for the gateway. */
class WachtAuthenticatorTest {
    static final String API_KEY = "wk_live_" + "A".repeat(43);

    private final List<VerificationRequest> seen = new CopyOnWriteArrayList<>();

    private WachtAuthenticator authenticator(WachtConfig config, Function<VerificationRequest, Outcome> answer) {
        return WachtAuthenticator.create(config, request -> {
            seen.add(request);
            return CompletableFuture.completedFuture(answer.apply(request));
        });
    }

    private static Outcome allow(VerificationRequest r) {
        return Outcome.allowed(WachtPrincipal.builder(VerificationSource.GATEWAY, r.kind(), "oc_1")
                .oauthResource("https://api.example.com/mcp").build());
    }

    private static AccessRequest request(String authorization) {
        return AccessRequest.builder().method("post").resource("mcp").requiredPermissions(List.of("mcp:invoke"))
                .authorization(authorization).clientIp("203.0.113.9").userAgent("test").build();
    }

    @Test
    void opaqueTokensGoToTheVerifierAsOAuthTokens() {
        Outcome o = authenticator(WachtConfig.builder().build(), WachtAuthenticatorTest::allow)
                .authenticate(request("Bearer oat_abc"));
        assertThat(o.isAllowed()).isTrue();
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(CredentialKind.OAUTH_ACCESS_TOKEN);
            assertThat(r.credential().value()).isEqualTo("oat_abc");
            assertThat(r.request().method()).isEqualTo("POST");
            assertThat(r.request().clientIp()).contains("203.0.113.9");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer a b", "Basic abc"})
    void malformedOrMissingCredentialsNeverReachTheVerifier(String header) {
        Outcome o = authenticator(WachtConfig.builder().build(), WachtAuthenticatorTest::allow)
                .authenticate(request(header));
        assertThat(o).isInstanceOf(Outcome.Denied.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void unknownShapesAreInvalidTokenWithoutAGatewayCall() {
        Outcome.Denied d = (Outcome.Denied) authenticator(WachtConfig.builder().build(), WachtAuthenticatorTest::allow)
                .authenticate(request("Bearer " + API_KEY));
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(d.description()).isEqualTo("The credential is not a Wacht OAuth access token");
        assertThat(seen).isEmpty();
    }

    @Test
    void apiKeysGoToTheVerifierOnlyWhenAcceptedAndWellFormed() {
        WachtConfig both = WachtConfig.builder().accept(CredentialKind.OAUTH_ACCESS_TOKEN, CredentialKind.API_KEY).build();
        WachtAuthenticator a = authenticator(both, WachtAuthenticatorTest::allow);
        assertThat(a.authenticate(request("Bearer " + API_KEY)).isAllowed()).isTrue();
        assertThat(seen).singleElement().extracting(VerificationRequest::kind).isEqualTo(CredentialKind.API_KEY);
        Outcome.Denied shortKey = (Outcome.Denied) a.authenticate(request("Bearer wk_short"));
        assertThat(shortKey.description()).isEqualTo("The credential is not a well-formed Wacht API key");
        assertThat(seen).hasSize(1);
    }

    @Test
    void oauthTokensAreRefusedWhereOnlyApiKeysAreAccepted() {
        WachtConfig keys = WachtConfig.builder().accept(CredentialKind.API_KEY).build();
        Outcome.Denied d = (Outcome.Denied) authenticator(keys, WachtAuthenticatorTest::allow)
                .authenticate(request("Bearer oat_abc"));
        assertThat(d.description()).isEqualTo("OAuth access tokens are not accepted here");
        assertThat(seen).isEmpty();
    }

    @Test
    void jwtsAreRefusedWithoutAnIssuer() {
        Outcome.Denied d = (Outcome.Denied) authenticator(WachtConfig.builder().build(), WachtAuthenticatorTest::allow)
                .authenticate(request("Bearer aaa.bbb.ccc"));
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(d.description()).contains("no OAuth issuer is configured");
        assertThat(seen).isEmpty();
    }

    @Test
    void jwtsGoToTheJwtVerifierAndNeverToTheGatewayWhenAnIssuerIsConfigured() {
        List<VerificationRequest> jwts = new CopyOnWriteArrayList<>();
        WachtConfig c = WachtConfig.builder().oauthIssuer("https://auth.example.com")
                .resourceUri(URI.create("https://api.example.com/mcp")).acceptUnboundJwt(true).build();
        WachtAuthenticator a = WachtAuthenticator.create(c, r -> {
            seen.add(r);
            return CompletableFuture.completedFuture(allow(r));
        }, r -> {
            jwts.add(r);
            return CompletableFuture.completedFuture(Outcome.allowed(
                    WachtPrincipal.builder(VerificationSource.LOCAL_JWT, r.kind(), "oc_1").build()));
        });
        // Wacht's JWTs name no resource; accept-unbound-jwt accepts them anyway.
        assertThat(a.authenticate(request("Bearer aaa.bbb.ccc")).isAllowed()).isTrue();
        assertThat(jwts).singleElement().extracting(VerificationRequest::kind)
                .isEqualTo(CredentialKind.OAUTH_ACCESS_TOKEN);
        assertThat(seen).isEmpty();
        assertThat(a.authenticate(request("Bearer oat_abc")).isAllowed()).isTrue();
        assertThat(seen).hasSize(1);
        assertThat(jwts).hasSize(1);

        Outcome.Denied d = (Outcome.Denied) WachtAuthenticator.create(c.toBuilder().acceptUnboundJwt(false).build())
                .authenticate(request("Bearer aaa.bbb.ccc"));
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(d.description()).doesNotContain("no OAuth issuer");
    }

    @Test
    void methodsTheGatewayRefusesAreInvalidRequests() {
        AccessRequest trace = AccessRequest.builder().method("TRACE").resource("/x").authorization("Bearer oat_a").build();
        Outcome.Denied d = (Outcome.Denied) authenticator(WachtConfig.builder().build(), WachtAuthenticatorTest::allow)
                .authenticate(trace);
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_REQUEST);
        assertThat(seen).isEmpty();
    }

    @Test
    void aThrowingVerifierFailsClosed() {
        WachtAuthenticator a = WachtAuthenticator.create(WachtConfig.builder().build(), r -> {
            throw new IllegalStateException("boom");
        });
        Outcome o = a.authenticate(request("Bearer oat_abc"));
        assertThat(o).isInstanceOf(Outcome.Unavailable.class);
        WachtAuthenticator failing = WachtAuthenticator.create(WachtConfig.builder().build(),
                r -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        assertThat(failing.authenticate(request("Bearer oat_abc"))).isInstanceOf(Outcome.Unavailable.class);
        WachtAuthenticator nulls = WachtAuthenticator.create(WachtConfig.builder().build(),
                r -> CompletableFuture.completedFuture(null));
        assertThat(nulls.authenticate(request("Bearer oat_abc"))).isInstanceOf(Outcome.Unavailable.class);
    }

    @Test
    void resourceBindingRejectsTokensForOtherResources() {
        WachtConfig bound = WachtConfig.builder().resourceUri(URI.create("https://api.example.com/mcp")).build();
        assertThat(authenticator(bound, WachtAuthenticatorTest::allow).authenticate(request("Bearer oat_a")).isAllowed())
                .isTrue();
        WachtConfig other = WachtConfig.builder().resourceUri(URI.create("https://other.example.com/")).build();
        Outcome.Denied d = (Outcome.Denied) authenticator(other, WachtAuthenticatorTest::allow)
                .authenticate(request("Bearer oat_a"));
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(d.description()).isEqualTo("The access token was not issued for this resource");
        Outcome.Denied unbound = (Outcome.Denied) authenticator(bound, r -> Outcome.allowed(
                WachtPrincipal.builder(VerificationSource.GATEWAY, r.kind(), "oc_1").build()))
                .authenticate(request("Bearer oat_a"));
        assertThat(unbound.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
    }

    @Test
    void errorResponsesAdvertiseTheMetadataOfTheConfiguredResource() {
        WachtConfig bound = WachtConfig.builder().resourceUri(URI.create("https://api.example.com/mcp")).realm("api").build();
        WachtAuthenticator a = authenticator(bound, WachtAuthenticatorTest::allow);
        assertThat(a.resourceMetadataUrl()).contains("https://api.example.com/.well-known/oauth-protected-resource/mcp");
        ErrorResponse r = a.errorResponse(a.authenticate(request(null)));
        assertThat(r.headers().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\", resource_metadata="
                + "\"https://api.example.com/.well-known/oauth-protected-resource/mcp\"");
        assertThat(WachtAuthenticator.metadataUrlOf(URI.create("https://api.example.com")))
                .isEqualTo("https://api.example.com/.well-known/oauth-protected-resource");
        assertThat(WachtAuthenticator.metadataUrlOf(URI.create("https://api.example.com:8443/")))
                .isEqualTo("https://api.example.com:8443/.well-known/oauth-protected-resource");
    }

    @Test
    void requiredPermissionsMustBePlainNames() {
        for (String bad : List.of("", "a b", "a,b", "(a)", "a OR b")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> AccessRequest.builder().requiredPermissions(List.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
    @Test
    void aStoredPrincipalIsHeldToThisAuthenticatorsOwnRequirementWithoutAGatewayCall() {
        WachtPrincipal readOnly = WachtPrincipal.builder(VerificationSource.GATEWAY, CredentialKind.OAUTH_ACCESS_TOKEN,
                "oc_1").scopes(Set.of("read")).permissions(Set.of("read")).build();
        WachtAuthenticator admin = authenticator(WachtConfig.builder().build(), WachtAuthenticatorTest::allow);
        AccessRequest needsAdmin = AccessRequest.builder().method("GET").resource("/admin/panel")
                .requiredPermissions(List.of("admin")).authorization("Bearer oat_abc").build();
        Outcome.Denied d = (Outcome.Denied) admin.authorize(readOnly, needsAdmin);
        assertThat(d.reason()).isEqualTo(DenialReason.INSUFFICIENT_SCOPE);
        assertThat(d.requiredScopes()).containsExactly("admin");
        AccessRequest needsRead = AccessRequest.builder().method("GET").resource("/admin/panel")
                .requiredPermissions(List.of("read")).authorization("Bearer oat_abc").build();
        assertThat(admin.authorize(readOnly, needsRead).principalOrThrow()).isSameAs(readOnly);
        assertThat(seen).isEmpty();

        WachtPrincipal apiKey = WachtPrincipal.builder(VerificationSource.GATEWAY, CredentialKind.API_KEY, "key_1")
                .permissions(Set.of("read")).build();
        Outcome.Denied kind = (Outcome.Denied) admin.authorize(apiKey, needsRead);
        assertThat(kind.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(kind.description()).isEqualTo("API keys are not accepted here");

        WachtAuthenticator bound = authenticator(WachtConfig.builder()
                .resourceUri(URI.create("https://api.example.com/mcp")).build(), WachtAuthenticatorTest::allow);
        WachtPrincipal elsewhere = WachtPrincipal.builder(VerificationSource.GATEWAY,
                CredentialKind.OAUTH_ACCESS_TOKEN, "oc_1").permissions(Set.of("read"))
                .oauthResource("https://other.example.com/mcp").build();
        assertThat(((Outcome.Denied) bound.authorize(elsewhere, needsRead)).reason())
                .isEqualTo(DenialReason.INVALID_TOKEN);
        WachtPrincipal jwt = WachtPrincipal.builder(VerificationSource.LOCAL_JWT, CredentialKind.OAUTH_ACCESS_TOKEN,
                "oc_1").permissions(Set.of("read")).build();
        assertThat(((Outcome.Denied) admin.authorize(jwt, needsRead)).description())
                .contains("no OAuth issuer is configured");
        assertThat(seen).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_token=oat_abc", "a=1&access_token=x", "ACCESS_TOKEN=x", "access%5Ftoken=x",
        "access_token", "x=1&access_token="})
    void anAccessTokenInTheQueryIsAnInvalidRequestEvenWithAHeader(String query) {
        WachtAuthenticator a = authenticator(WachtConfig.builder().build(), WachtAuthenticatorTest::allow);
        for (String header : new String[] {"Bearer oat_abc", null}) {
            Outcome.Denied d = (Outcome.Denied) a.authenticate(AccessRequest.builder().method("GET").resource("/x")
                    .authorization(header).queryString(query).build());
            assertThat(d.reason()).isEqualTo(DenialReason.INVALID_REQUEST);
            assertThat(d.description()).contains("only in the Authorization header");
        }
        assertThat(seen).isEmpty();
        assertThat(a.authenticate(AccessRequest.builder().method("GET").resource("/x").authorization("Bearer oat_a")
                .queryString("my_access_token=1&access_tokens=2").build()).isAllowed()).isTrue();
    }

    @Test
    void aFormIsAskedForAnAccessTokenOnlyWhenTheHeaderIsMissing() {
        WachtAuthenticator a = authenticator(WachtConfig.builder().build(), WachtAuthenticatorTest::allow);
        List<String> asked = new CopyOnWriteArrayList<>();
        Outcome withHeader = a.authenticate(AccessRequest.builder().method("POST").resource("/x")
                .authorization("Bearer oat_abc").accessTokenInForm(() -> asked.add("with header")).build());
        assertThat(withHeader.isAllowed()).isTrue();
        assertThat(asked).isEmpty();
        Outcome.Denied d = (Outcome.Denied) a.authenticate(AccessRequest.builder().method("POST").resource("/x")
                .accessTokenInForm(() -> asked.add("without header")).build());
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_REQUEST);
        assertThat(asked).containsExactly("without header");
        Outcome.Denied missing = (Outcome.Denied) a.authenticate(AccessRequest.builder().method("POST").resource("/x")
                .accessTokenInForm(() -> false).build());
        assertThat(missing.reason()).isEqualTo(DenialReason.MISSING_CREDENTIAL);
    }
}
