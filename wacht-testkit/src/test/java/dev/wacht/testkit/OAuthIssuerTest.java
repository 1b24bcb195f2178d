package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OAuth issuer: JWKS, discovery, JWT access tokens, signing-key rotation and compromise. */
class OAuthIssuerTest {
    static final Instant NOW = Instant.parse("2026-05-20T10:00:00Z");

    WachtEmulator wacht;
    Http http;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).issuer("https://auth.example.com")
                .oauthAppSlug("mcp-auth").start();
        http = new Http(wacht);
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    static JsonObject part(String jwt, int index) {
        String segment = jwt.split("\\.")[index];
        return Http.parse(new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8)).asJsonObject();
    }

    /** Verifies an RS256 signature with the JDK against the published JWK of the token's kid. */
    boolean verifiesAgainstJwks(String jwt) throws GeneralSecurityException {
        String kid = part(jwt, 0).getString("kid");
        JsonObject jwk = jwks().getJsonArray("keys").getValuesAs(JsonObject.class).stream()
                .filter(k -> k.getString("kid").equals(kid)).findFirst().orElseThrow();
        Base64.Decoder d = Base64.getUrlDecoder();
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, d.decode(jwk.getString("n"))), new BigInteger(1, d.decode(jwk.getString("e")))));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        int dot = jwt.lastIndexOf('.');
        rsa.update(jwt.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        return rsa.verify(d.decode(jwt.substring(dot + 1)));
    }

    JsonObject jwks() {
        HttpResponse<String> r = http.send("GET", "/.well-known/jwks.json", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        return Http.obj(r);
    }

    List<String> publishedKids() {
        return jwks().getJsonArray("keys").getValuesAs(JsonObject.class).stream().map(k -> k.getString("kid"))
                .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void jwtAccessTokensCarryTheContractsHeaderAndClaims() throws GeneralSecurityException {
        MintedToken t = wacht.mintJwt(TokenRequest.builder().scopes("mcp:invoke", "profile").clientId("oc_4Ptf")
                .userId("777").grantedResource("urn:wacht:workspace:42").expiresIn(Duration.ofMinutes(15))
                .sessionId("5150").build());
        assertThat(t.accessToken().split("\\.")).hasSize(3);
        assertThat(part(t.accessToken(), 0).toString())
                .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + wacht.activeSigningKeyId() + "\"}");
        JsonObject claims = part(t.accessToken(), 1);
        assertThat(claims.keySet()).containsExactly("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope",
                "sid", "token_use");
        assertThat(claims.getString("iss")).isEqualTo("https://auth.example.com");
        assertThat(claims.getString("sub")).isEqualTo("777");
        assertThat(claims.getString("aud")).isEqualTo("urn:wacht:workspace:42");
        assertThat(claims.getJsonNumber("iat").longValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getJsonNumber("exp").longValue()).isEqualTo(NOW.getEpochSecond() + 900);
        assertThat(claims.getString("jti")).matches("[0-9]+");
        assertThat(claims.getString("client_id")).isEqualTo("oc_4Ptf");
        assertThat(claims.getString("scope")).isEqualTo("mcp:invoke profile");
        assertThat(claims.getString("sid")).isEqualTo("5150");
        assertThat(claims.getString("token_use")).isEqualTo("access_token");
        assertThat(t.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(verifiesAgainstJwks(t.accessToken())).isTrue();
        assertThat(http.checkToken(t.accessToken()).statusCode()).isEqualTo(401); // never valid at the gateway
    }

    @Test
    void idTokensShareTheKeyButHaveNoTokenUse() throws GeneralSecurityException {
        String id = wacht.mintIdToken(TokenRequest.builder().clientId("oc_app").userId("9").build());
        JsonObject claims = part(id, 1);
        assertThat(claims.getString("aud")).isEqualTo("oc_app");
        assertThat(claims.getString("sub")).isEqualTo("9");
        assertThat(claims.containsKey("token_use")).isFalse();
        assertThat(verifiesAgainstJwks(id)).isTrue();
        String custom = wacht.signJwt(Map.of("iss", "https://elsewhere", "n", 1, "l", List.of("a")));
        assertThat(part(custom, 1).getString("iss")).isEqualTo("https://elsewhere");
        assertThat(verifiesAgainstJwks(custom)).isTrue();
    }

    @Test
    void jwksAndDiscoveryDocuments() {
        JsonObject key = jwks().getJsonArray("keys").getJsonObject(0);
        assertThat(key.keySet()).containsExactly("kty", "use", "alg", "kid", "n", "e");
        assertThat(key.getString("kid")).matches("oas-[0-9]+-[0-9]+").isEqualTo(wacht.activeSigningKeyId());
        assertThat(key.getString("e")).isEqualTo("AQAB");
        assertThat(Base64.getUrlDecoder().decode(key.getString("n"))).hasSize(256);
        assertThat(wacht.jwksRequests()).isEqualTo(1);

        JsonObject oidc = Http.obj(http.send("GET", "/.well-known/openid-configuration", null, null));
        assertThat(oidc.getString("issuer")).isEqualTo("https://auth.example.com");
        assertThat(oidc.getString("jwks_uri")).isEqualTo("https://auth.example.com/.well-known/jwks.json");
        assertThat(oidc.getJsonArray("id_token_signing_alg_values_supported").getString(0)).isEqualTo("RS256");
        JsonObject as = Http.obj(http.send("GET", "/.well-known/oauth-authorization-server", null, null));
        assertThat(as.getString("issuer")).isEqualTo("https://auth.example.com");
        assertThat(as.containsKey("jwks_uri")).isFalse();
        assertThat(as.getJsonArray("code_challenge_methods_supported").getString(0)).isEqualTo("S256");
        assertThat(http.send("POST", "/.well-known/jwks.json", null, "").statusCode()).isEqualTo(405);
        assertThat(http.send("GET", "/.well-known/nothing", null, null).statusCode()).isEqualTo(404);
        assertThat(wacht.jwksRequests()).isEqualTo(1);
    }

    @Test
    void rotationRetiresAndCompromiseWithdraws() {
        String first = wacht.activeSigningKeyId();
        String second = wacht.rotateSigningKey();
        assertThat(publishedKids()).containsExactly(second, first);
        assertThat(part(wacht.mintJwt().accessToken(), 0).getString("kid")).isEqualTo(second);
        wacht.compromiseSigningKey(first);
        assertThat(publishedKids()).containsExactly(second);
        assertThatThrownBy(() -> wacht.compromiseSigningKey("oas-0-0")).isInstanceOf(NoSuchElementException.class);
        wacht.reset();
        assertThat(wacht.activeSigningKeyId()).isNotIn(first, second);
        assertThat(wacht.jwksRequests()).isZero();
    }

    HttpResponse<String> management(String method, String path, String apiKey) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(wacht.baseUrl().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertEnvelope(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonObject error = Http.obj(r).getJsonArray("errors").getJsonObject(0);
        assertThat(error.getString("message")).isEqualTo(message);
        assertThat(error.getInt("code")).isEqualTo(status);
    }

    @Test
    void signingKeyManagementRoutes() throws Exception {
        String key = wacht.backendApiKey();
        String base = "/oauth/apps/mcp-auth/signing-keys";
        assertEnvelope(management("GET", base, null), 401, "Unauthorized");
        assertEnvelope(management("GET", base, "wk_test_unknown"), 401, "Unauthorized");
        assertEnvelope(management("GET", "/oauth/apps/other/signing-keys", key), 404, "OAuth app not found");
        assertEnvelope(management("DELETE", base, key), 405, "Method not allowed");

        String first = wacht.activeSigningKeyId();
        HttpResponse<String> rotated = management("POST", base + "/rotate", key);
        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonObject created = Http.obj(rotated).getJsonObject("new");
        assertThat(created.getString("kid")).isEqualTo(wacht.activeSigningKeyId()).isNotEqualTo(first);
        assertThat(created.getString("algorithm")).isEqualTo("RS256");
        assertThat(created.getString("status")).isEqualTo("active");
        assertThat(created.getString("public_key_pem")).startsWith("-----BEGIN PUBLIC KEY-----\n");

        HttpResponse<String> compromised = management("POST", base + "/" + first + "/compromise", key);
        assertThat(compromised.statusCode()).isEqualTo(204);
        assertThat(compromised.body()).isEmpty();
        assertEnvelope(management("POST", base + "/oas-0-0/compromise", key), 404, "Signing key not found");

        JsonObject list = Http.obj(management("GET", base, key));
        assertThat(list.getJsonArray("keys").getValuesAs(JsonObject.class))
                .extracting(k -> k.getString("kid") + ":" + k.getString("status"))
                .containsExactly(created.getString("kid") + ":active", first + ":compromised");
        assertThat(publishedKids()).containsExactly(created.getString("kid"));
    }

    @Test
    void adminRoutesMintJwtsManageKeysAndBreakTheIssuer() {
        JsonObject minted = Http.obj(http.admin("POST", "/tokens",
                "{\"format\":\"jwt\",\"scopes\":[\"a\"],\"user_id\":\"5\",\"session_id\":\"77\"}"));
        JsonObject claims = part(minted.getString("access_token"), 1);
        assertThat(claims.getString("sub")).isEqualTo("5");
        assertThat(claims.getString("sid")).isEqualTo("77");
        assertThat(minted.getString("client_id")).isEqualTo(claims.getString("client_id"));

        String first = wacht.activeSigningKeyId();
        JsonObject keys = Http.obj(http.admin("POST", "/signing-keys/rotate", null));
        assertThat(keys.getJsonArray("keys")).hasSize(2);
        keys = Http.obj(http.admin("POST", "/signing-keys/" + first + "/compromise", null));
        assertThat(keys.getJsonArray("keys").getJsonObject(1).getString("status")).isEqualTo("compromised");
        assertThat(http.admin("POST", "/signing-keys/nope/compromise", null).statusCode()).isEqualTo(404);

        http.admin("POST", "/issuer/faults", "{\"mode\":\"status\",\"status\":503,\"times\":1}");
        assertThat(http.send("GET", "/.well-known/jwks.json", null, null).statusCode()).isEqualTo(503);
        assertThat(http.send("GET", "/.well-known/jwks.json", null, null).statusCode()).isEqualTo(200);
        wacht.setIssuerFault(Fault.drop());
        assertThatThrownBy(() -> http.send("GET", "/.well-known/openid-configuration", null, null))
                .hasCauseInstanceOf(IOException.class);
        assertThat(Http.obj(http.admin("DELETE", "/issuer/faults", null)).getString("mode")).isEqualTo("none");
        assertThat(Http.obj(http.admin("GET", "/signing-keys", null)).getInt("jwks_requests")).isEqualTo(2);
        assertThat(http.checkToken(minted.getString("access_token")).statusCode()).isEqualTo(401);
        assertThat(wacht.fault().mode()).isEqualTo(Fault.Mode.NONE); // gateway faults are separate
    }
}
