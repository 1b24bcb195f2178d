package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wacht.testkit.Fault;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Local verification of JWT access tokens, end to end against the emulator's issuer, with one
 * clock shared by the emulator and the verifier (no sleeps).
 */
class JwtVerifierTest {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private WachtEmulator wacht;
    private WachtConfig config;
    private WachtAuthenticator authenticator;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.builder().clock(clock).start();
        config = config().build();
        authenticator = authenticator(config);
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    private WachtConfig.Builder config() {
        return WachtConfig.builder().gatewayUrl(wacht.baseUrl()).oauthIssuer(wacht.issuer())
                .requestTimeout(Duration.ofSeconds(30));
    }

    private WachtAuthenticator authenticator(WachtConfig c) {
        return WachtAuthenticator.create(c, TokenVerifier.gateway(c), new JwtVerifier(c, clock));
    }

    private Outcome verify(String token, String... required) {
        return authenticator.authenticate(AccessRequest.builder().method("POST").resource("mcp")
                .requiredPermissions(List.of(required)).authorization("Bearer " + token).build());
    }

    private static Outcome.Denied assertInvalid(Outcome outcome, String description) {
        assertThat(outcome).isInstanceOf(Outcome.Denied.class);
        Outcome.Denied d = (Outcome.Denied) outcome;
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(d.description()).isEqualTo(description);
        return d;
    }

    private static void assertKeysUnavailable(Outcome outcome) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Unavailable.class,
                u -> assertThat(u.cause()).isEqualTo(UnavailableCause.SIGNING_KEYS_UNAVAILABLE));
    }

    private MintedToken longLived() {
        return wacht.mintJwt(TokenRequest.builder().scopes("mcp:invoke").expiresIn(Duration.ofHours(3)).build());
    }

    /** Valid claims as Wacht writes them, to be altered by a test and signed by the emulator. */
    private Map<String, Object> claims() {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", wacht.issuer());
        c.put("sub", "1");
        c.put("aud", "urn:wacht:user:1");
        c.put("exp", now + 3600);
        c.put("iat", now);
        c.put("jti", "42");
        c.put("client_id", "oc_test");
        c.put("scope", "mcp:invoke");
        c.put("token_use", "access_token");
        return c;
    }

    private static String jwt(String header, String payload, String signature) {
        return b64(header) + "." + b64(payload) + "." + signature;
    }

    private static String b64(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidJwtBecomesTheSamePrincipalTypeWithoutAskingTheGateway() {
        MintedToken t = wacht.mintJwt(TokenRequest.builder().scopes("mcp:invoke", "profile").clientId("oc_4Ptf")
                .userId("777").grantedResource("urn:wacht:workspace:42").sessionId("5150").build());
        WachtPrincipal p = verify(t.accessToken(), "mcp:invoke").principalOrThrow();
        assertThat(p.verifiedBy()).isEqualTo(VerificationSource.LOCAL_JWT);
        assertThat(p.kind()).isEqualTo(CredentialKind.OAUTH_ACCESS_TOKEN);
        assertThat(p.getName()).isEqualTo("777");
        assertThat(p.clientId()).isEqualTo("oc_4Ptf");
        assertThat(p.scopes()).containsExactly("mcp:invoke", "profile");
        assertThat(p.permissions()).containsExactly("mcp:invoke", "profile");
        assertThat(p.grantedResource()).map(GrantedResource::urn).contains("urn:wacht:workspace:42");
        assertThat(p.workspaceId()).contains("42");
        assertThat(p.organizationId()).isEmpty();
        assertThat(p.expiresAt()).contains(t.expiresAt());
        assertThat(p.tokenId()).hasValueSatisfying(jti -> assertThat(jti).matches("[0-9]+"));
        assertThat(p.sessionId()).contains("5150");
        assertThat(p.requestId()).isEmpty();

        assertThat(verify(t.accessToken()).isAllowed()).isTrue();
        assertThat(wacht.checks()).isEmpty();
        assertThat(wacht.jwksRequests()).isEqualTo(1);
    }

    @Test
    void missingScopesAreInsufficientScope() {
        Outcome o = verify(wacht.mintJwt("profile").accessToken(), "mcp:invoke");
        assertThat(o).isInstanceOfSatisfying(Outcome.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(DenialReason.INSUFFICIENT_SCOPE);
            assertThat(d.requiredScopes()).containsExactly("mcp:invoke");
            assertThat(d.principal()).map(WachtPrincipal::verifiedBy).contains(VerificationSource.LOCAL_JWT);
        });
        assertThat(authenticator.errorResponse(o).status()).isEqualTo(403);
    }

    @Test
    void expiryIsCheckedWithTheClockSkew() {
        String token = wacht.mintJwt(TokenRequest.builder().expiresIn(Duration.ofMinutes(5)).build()).accessToken();
        clock.advance(Duration.ofMinutes(5).plusSeconds(59));
        assertThat(verify(token).isAllowed()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertInvalid(verify(token), "The token has expired");

        Map<String, Object> noExp = claims();
        noExp.remove("exp");
        assertInvalid(verify(wacht.signJwt(noExp)), "The token has no expiry (exp)");
        Map<String, Object> future = claims();
        future.put("iat", clock.instant().plusSeconds(120).getEpochSecond());
        assertInvalid(verify(wacht.signJwt(future)), "The token was issued in the future");
        Map<String, Object> notYet = claims();
        notYet.put("nbf", clock.instant().plusSeconds(120).getEpochSecond());
        assertInvalid(verify(wacht.signJwt(notYet)), "The token is not valid yet");
    }

    @Test
    void theIssuerMustBeTheConfiguredOne() {
        Map<String, Object> other = claims();
        other.put("iss", "https://other.example.com");
        assertInvalid(verify(wacht.signJwt(other)), "The token was not issued by the configured issuer");
        other.remove("iss");
        assertInvalid(verify(wacht.signJwt(other)), "The token was not issued by the configured issuer");
    }

    @Test
    void theAudienceIsCheckedWhenConfigured() {
        authenticator = authenticator(config().expectedAudience("urn:wacht:workspace:42").build());
        String ws42 = wacht.mintJwt(TokenRequest.builder().grantedResource("urn:wacht:workspace:42").build())
                .accessToken();
        String ws43 = wacht.mintJwt(TokenRequest.builder().grantedResource("urn:wacht:workspace:43").build())
                .accessToken();
        assertThat(verify(ws42).isAllowed()).isTrue();
        assertInvalid(verify(ws43), "The token is not intended for this audience");
    }

    @Test
    void withAResourceUriAJwtMustBeBoundToItOrIsRefused() {
        String mcp = "https://mcp.example.com/mcp";
        authenticator = authenticator(config().resourceUri(URI.create(mcp)).build());
        // A JWT minted for another resource server of the same app: Wacht's JWTs name no resource.
        String foreign = wacht.mintJwt(TokenRequest.builder().scopes("mcp:invoke")
                .oauthResource("https://other-mcp.example/mcp").build()).accessToken();
        Outcome.Denied d = assertInvalid(verify(foreign, "mcp:invoke"), "The JWT access token is not bound to this "
                + "resource (it names no resource); use an opaque token, or accept unbound JWTs with "
                + "wacht.accept-unbound-jwt");
        assertThat(authenticator.errorResponse(d).status()).isEqualTo(401);

        Map<String, Object> otherResource = claims();
        otherResource.put("resource", "https://other-mcp.example/mcp");
        assertThat(verify(wacht.signJwt(otherResource)).isAllowed()).isFalse();
        Map<String, Object> boundByClaim = claims();
        boundByClaim.put("resource", mcp + "/");
        assertThat(verify(wacht.signJwt(boundByClaim)).principalOrThrow().oauthResource()).contains(mcp + "/");
        Map<String, Object> boundByAudience = claims();
        boundByAudience.put("aud", List.of("urn:wacht:user:1", mcp));
        assertThat(verify(wacht.signJwt(boundByAudience)).isAllowed()).isTrue();

        // The operator may accept the risk explicitly; a token bound elsewhere stays refused.
        authenticator = authenticator(config().resourceUri(URI.create(mcp)).acceptUnboundJwt(true).build());
        assertThat(verify(foreign, "mcp:invoke").isAllowed()).isTrue();
        assertThat(verify(wacht.signJwt(otherResource)).isAllowed()).isFalse();
        assertThat(wacht.checks()).isEmpty();
    }

    @Test
    void onlyAccessTokensAreAccepted() {
        String idToken = wacht.mintIdToken(TokenRequest.defaults());
        assertInvalid(verify(idToken), "The token is not an access token (token_use)");
        Map<String, Object> noUse = claims();
        noUse.remove("token_use");
        assertInvalid(verify(wacht.signJwt(noUse)), "The token is not an access token (token_use)");
        noUse.put("token_use", "id_token");
        assertInvalid(verify(wacht.signJwt(noUse)), "The token is not an access token (token_use)");
        Map<String, Object> noClient = claims();
        noClient.remove("client_id");
        assertInvalid(verify(wacht.signJwt(noClient)), "The token has no client_id");
        Map<String, Object> badScope = claims();
        badScope.put("scope", List.of("mcp:invoke"));
        assertInvalid(verify(wacht.signJwt(badScope)), "The token claim scope is not a string");
    }

    @Test
    void algNoneIsRefused() {
        String kid = wacht.activeSigningKeyId();
        String none = jwt("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}", Json.of(claims()), "c2ln");
        assertInvalid(verify(none), "The token is not signed with RS256");
        String unsigned = jwt("{\"alg\":\"none\"}", Json.of(claims()), "");
        assertInvalid(verify(unsigned), "The credential is not a Wacht OAuth access token");
        Outcome direct = TokenVerifier.jwt(config).verify(new VerificationRequest(BearerCredential.of(unsigned),
                CredentialKind.OAUTH_ACCESS_TOKEN, AccessRequest.builder().method("GET").resource("/").build())).join();
        assertInvalid(direct, "The access token is not a JWT");
        assertThat(wacht.jwksRequests()).isZero();
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        String kid = wacht.activeSigningKeyId();
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(wacht.baseUrl()
                + "/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.ofString()).body();
        byte[] der = ((RSAKey) JWKSet.parse(body).getKeyByKeyId(kid)).toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(der, pem.getBytes(StandardCharsets.US_ASCII))) {
            String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." + b64(Json.of(claims()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String forged = input + "." + B64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            assertInvalid(verify(forged), "The token is not signed with RS256");
        }
    }

    @Test
    void aTamperedTokenFailsTheSignatureCheck() {
        String[] parts = wacht.mintJwt("mcp:invoke").accessToken().split("\\.");
        Map<String, Object> elevated = claims();
        elevated.put("scope", "mcp:invoke admin");
        assertInvalid(verify(parts[0] + "." + b64(Json.of(elevated)) + "." + parts[2]), "The token signature is invalid");
    }

    @Test
    void anUnknownKidIsFoundAfterARotation() {
        MintedToken before = longLived();
        assertThat(verify(before.accessToken()).isAllowed()).isTrue();
        wacht.rotateSigningKey();
        MintedToken after = longLived();
        Outcome held = verify(after.accessToken());
        assertKeysUnavailable(held);
        assertThat(authenticator.errorResponse(held).headers()).containsEntry("Retry-After", "30");
        clock.advance(config.jwksRefetchInterval());
        assertThat(verify(after.accessToken()).isAllowed()).isTrue();
        assertThat(verify(before.accessToken()).isAllowed()).isTrue(); // retired, still published
        assertThat(wacht.jwksRequests()).isEqualTo(2);
    }

    @Test
    void aCompromisedKeyIsRefusedAfterTheCacheExpires() {
        MintedToken token = longLived();
        assertThat(verify(token.accessToken()).isAllowed()).isTrue();
        String compromised = wacht.activeSigningKeyId();
        wacht.rotateSigningKey();
        wacht.compromiseSigningKey(compromised);
        assertThat(verify(token.accessToken()).isAllowed()).isTrue(); // cached until the next fetch
        clock.advance(config.jwksCacheTtl());
        assertInvalid(verify(token.accessToken()), "The token's signing key has been withdrawn by the issuer");
        assertInvalid(verify(token.accessToken()), "The token's signing key has been withdrawn by the issuer");
        assertThat(wacht.jwksRequests()).isEqualTo(2);
    }

    @Test
    void aCompromisedKeyIsRefusedAfterAnUnknownKidRefetch() {
        MintedToken token = longLived();
        assertThat(verify(token.accessToken()).isAllowed()).isTrue();
        String compromised = wacht.activeSigningKeyId();
        wacht.rotateSigningKey();
        wacht.compromiseSigningKey(compromised);
        clock.advance(config.jwksRefetchInterval());
        assertThat(verify(longLived().accessToken()).isAllowed()).isTrue(); // new kid: refetch
        assertInvalid(verify(token.accessToken()), "The token's signing key has been withdrawn by the issuer");
    }

    @Test
    void aFloodOfRandomKidsCostsOneFetchPerInterval() {
        assertThat(verify(longLived().accessToken()).isAllowed()).isTrue();
        assertThat(wacht.jwksRequests()).isEqualTo(1);
        for (int round = 1; round <= 3; round++) {
            clock.advance(config.jwksRefetchInterval());
            for (int i = 0; i < 200; i++) {
                String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + UUID.randomUUID() + "\"}";
                Outcome o = verify(jwt(header, Json.of(claims()), "c2ln"));
                assertThat(o.isAllowed()).isFalse();
            }
            assertThat(wacht.jwksRequests()).isEqualTo(1 + round);
        }
        assertThat(verify(longLived().accessToken()).isAllowed()).isTrue(); // known keys keep working
    }

    @Test
    void concurrentMissesShareOneFetch() throws Exception {
        wacht.setIssuerFault(Fault.delay(Duration.ofMillis(300)));
        String token = longLived().accessToken();
        int n = 24;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return verify(token);
                }));
            }
            go.countDown();
            for (Future<Outcome> f : outcomes) {
                assertThat(f.get().isAllowed()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(wacht.jwksRequests()).isEqualTo(1);
    }

    @Test
    void cachedKeysKeepWorkingWhileTheJwksIsDown() {
        String token = longLived().accessToken();
        assertThat(verify(token).isAllowed()).isTrue();
        wacht.setIssuerFault(Fault.status(503));
        clock.advance(config.jwksCacheTtl().plusSeconds(1));
        assertThat(verify(token).isAllowed()).isTrue();
        assertThat(wacht.jwksRequests()).isEqualTo(2);
    }

    @Test
    void withoutCachedKeysAJwksOutageIsUnavailable() {
        String token = longLived().accessToken();
        for (Fault fault : List.of(Fault.status(503), Fault.drop(), Fault.garbage(), Fault.oversize())) {
            wacht.setIssuerFault(fault);
            authenticator = authenticator(config);
            Outcome o = verify(token);
            assertKeysUnavailable(o);
            ErrorResponse answer = authenticator.errorResponse(o);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.headers()).containsKey("Retry-After");
        }
    }

    @Test
    void aHangingJwksEndpointIsBoundedByTheRequestTimeout() {
        WachtConfig quick = config().requestTimeout(Duration.ofMillis(300)).build();
        authenticator = authenticator(quick);
        wacht.setIssuerFault(Fault.hang());
        CompletableFuture<Outcome> pending = authenticator.authenticateAsync(AccessRequest.builder().method("GET")
                .resource("/").authorization("Bearer " + longLived().accessToken()).build());
        assertKeysUnavailable(pending.orTimeout(5, TimeUnit.SECONDS).join());
    }

    @Test
    void anExplicitJwksUrlSkipsDiscovery() {
        try (WachtEmulator remote = WachtEmulator.builder().clock(clock).issuer("https://auth.example.com").start()) {
            WachtConfig c = WachtConfig.builder().gatewayUrl(remote.baseUrl()).oauthIssuer("https://auth.example.com")
                    .jwksUrl(URI.create(remote.baseUrl() + "/.well-known/jwks.json")).build();
            authenticator = authenticator(c);
            assertThat(verify(remote.mintJwt().accessToken()).isAllowed()).isTrue();
            assertThat(remote.jwksRequests()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b.c", "abc.def.ghi", "e30.e30.e30", "e3+0.e30.sig", "e30.e3/0.sig", "e30.e30.s~g", "eyJhbGciOiJSUzI1NiJ9.e30.sig",
        "WzFd.e30.c2ln", "InN0cmluZyI.e30.c2ln", "eyJhbGciOiJSUzI1NiIsImtpZCI6NX0.e30.c2ln",
        "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsiLCJiNjQiOmZhbHNlLCJjcml0IjpbImI2NCJdfQ.e30.c2ln"})
    void garbageShapedLikeAJwtIsInvalidTokenWithoutAFetch(String garbage) {
        Outcome o = verify(garbage);
        assertThat(o).isInstanceOfSatisfying(Outcome.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
            assertThat(d.description()).doesNotContain(garbage);
        });
        assertThat(authenticator.errorResponse(o).headers().get("WWW-Authenticate")).doesNotContain(garbage);
        assertThat(wacht.jwksRequests()).isZero();
        assertThat(wacht.checks()).isEmpty();
    }

    @Test
    void oversizedHeadersAreRefusedEarly() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + "k".repeat(2000) + "\"}";
        assertInvalid(verify(jwt(header, "{}", "c2ln")), "The token header is too large");
        Outcome tooLong = TokenVerifier.jwt(config().maxTokenLength(64).build()).verify(new VerificationRequest(
                BearerCredential.of("a".repeat(40) + "." + "b".repeat(40) + ".c"), CredentialKind.OAUTH_ACCESS_TOKEN,
                AccessRequest.builder().method("GET").resource("/").build())).join();
        assertInvalid(tooLong, "The access token is too long");
    }

    @Test
    void aJwtVerifierNeedsAnIssuer() {
        assertThatThrownBy(() -> TokenVerifier.jwt(WachtConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("wacht.oauth-issuer:");
    }

    /** Minimal JSON writing for the test's hand-made tokens. */
    static final class Json {
        static String of(Map<String, Object> claims) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<String, Object> e : claims.entrySet()) {
                sb.append(sb.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":");
                Object v = e.getValue();
                sb.append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v));
            }
            return sb.append('}').toString();
        }
    }
}
