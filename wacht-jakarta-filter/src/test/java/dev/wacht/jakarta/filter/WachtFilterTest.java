package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.CredentialKind;
import dev.wacht.core.WachtConfig;
import dev.wacht.management.WachtManagementClient;
import dev.wacht.testkit.RateLimitRule;
import dev.wacht.testkit.RecordedCheck;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter in a real embedded Tomcat against the real emulator, seen through a real HTTP client. */
class WachtFilterTest {
    /** RFC 6750 §3 / RFC 9110 challenge: {@code Bearer} and auth-params whose values are quoted-strings. */
    static final Pattern CHALLENGE = Pattern.compile(
            "Bearer [a-z_]+=\"(?:[\\t\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t\\x20-\\x7e])*\""
                    + "(?:, [a-z_]+=\"(?:[\\t\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t\\x20-\\x7e])*\")*");
    static final String RESOURCE_URI = "https://mcp.example.test/mcp";
    static final String METADATA_URL = "https://mcp.example.test/.well-known/oauth-protected-resource/mcp";
    static final String BARE_CHALLENGE = "Bearer realm=\"wacht\", resource_metadata=\"" + METADATA_URL + "\"";

    static WachtEmulator emulator;
    static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        emulator = WachtEmulator.start();
        tomcat = new EmbeddedTomcat();
        WachtConfig bound = WachtConfig.builder().gatewayUrl(emulator.baseUrl()).resourceUri(URI.create(RESOURCE_URI))
                .build();
        WachtFilterOptions mcp = WachtFilterOptions.builder().config(bound).resource("mcp")
                .requiredPermissions("mcp:invoke").exclude("/health", "/public/*")
                .trustedProxies("127.0.0.1", "10.0.0.0/8")
                .authorizationServers(List.of(URI.create(emulator.issuer()))).resourceName("Test MCP").build();
        tomcat.addContext("", (classes, context) -> {
            WachtFilter.register(context, "wacht", mcp, "/*");
            TestApp.addAll(context);
        });
        WachtFilterOptions keys = WachtFilterOptions.builder()
                .config(WachtConfig.builder().gatewayUrl(emulator.baseUrl())
                        .accept(CredentialKind.OAUTH_ACCESS_TOKEN, CredentialKind.API_KEY).build())
                .build();
        tomcat.addContext("/keys", (classes, context) -> {
            WachtFilter.register(context, "wacht", keys, "/*");
            TestApp.addAll(context);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
        emulator.close();
    }

    @BeforeEach
    void clean() {
        emulator.clearFault();
        emulator.setRateLimits(List.of(RateLimitRule.defaultRule()));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String token(String... scopes) {
        return emulator.mintToken(TokenRequest.builder().scopes(scopes).oauthResource(RESOURCE_URI).build())
                .accessToken();
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    static void assertBareChallenge(HttpResponse<String> response) {
        HttpResponseAssert.bareChallenge(response, BARE_CHALLENGE);
    }

    static void assertInvalidToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).matches(CHALLENGE).startsWith("Bearer realm=\"wacht\", error=\"invalid_token\", ")
                .endsWith(", resource_metadata=\"" + METADATA_URL + "\"");
        assertThat(json(response.body()).getString("error")).isEqualTo("invalid_token");
    }

    @Test
    void aValidTokenPassesWithThePrincipal() {
        String token = token("mcp:invoke", "profile");
        HttpResponse<String> response = tomcat.send(tomcat.request("/echo?role=profile")
                .header("Authorization", bearer(token)).header("User-Agent", "filter-test/1"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("principal=1|authType=BEARER|attribute=true|dispatch=REQUEST|role=true");
        RecordedCheck check = lastCheck();
        assertThat(check.method()).isEqualTo("GET");
        assertThat(check.resource()).endsWith("mcp");
        assertThat(check.requiredPermissions()).containsExactly("mcp:invoke");
        assertThat(check.userAgent()).isEqualTo("filter-test/1");
        assertThat(check.clientIp()).isEqualTo("127.0.0.1");
        assertThat(tomcat.get("/echo?role=admin", bearer(token)).body()).endsWith("|role=false");
    }

    @Test
    void aMissingOrForeignCredentialGetsTheBareChallengeWithoutAskingTheGateway() {
        int before = emulator.checks().size();
        assertBareChallenge(tomcat.get("/echo", null));
        assertBareChallenge(tomcat.get("/echo", "Basic dXNlcjpwYXNz"));
        assertThat(emulator.checks()).hasSize(before);
        HttpResponse<String> head = tomcat.send(tomcat.request("/echo").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(401);
        assertThat(head.headers().allValues("WWW-Authenticate")).containsExactly(BARE_CHALLENGE);
    }

    @Test
    void aMalformedCredentialIsAnInvalidRequest() {
        for (HttpRequest.Builder request : List.of(
                tomcat.request("/echo").header("Authorization", "Bearer"),
                tomcat.request("/echo").header("Authorization", "Bearer oat_a b"),
                tomcat.request("/echo").header("Authorization", "Bearer " + "a".repeat(5000)),
                tomcat.request("/echo").header("Authorization", bearer(token("mcp:invoke")))
                        .header("Authorization", bearer(token("mcp:invoke"))))) {
            HttpResponse<String> response = tomcat.send(request);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).matches(CHALLENGE)
                    .startsWith("Bearer realm=\"wacht\", error=\"invalid_request\", error_description=\"");
        }
    }

    @Test
    void aGrantRevokedThroughTheManagementClientFailsTheVeryNextRequest() {
        var minted = emulator.mintToken(TokenRequest.builder().scopes("mcp:invoke").oauthResource(RESOURCE_URI).build());
        assertThat(tomcat.get("/echo", bearer(minted.accessToken())).statusCode()).isEqualTo(200);
        WachtManagementClient management = WachtManagementClient.create(WachtConfig.builder()
                .managementUrl(emulator.baseUrl()).apiKey(emulator.backendApiKey()).build());
        management.revokeGrant(minted.oauthAppSlug(), minted.clientRecordId(), minted.grantId(), "incident-42");
        assertInvalidToken(tomcat.get("/echo", bearer(minted.accessToken())));
    }

    @Test
    void unknownExpiredRevokedAndMisboundTokensAreInvalid() {
        assertInvalidToken(tomcat.get("/echo", bearer("oat_" + "x".repeat(43))));

        String expired = token("mcp:invoke");
        emulator.expireToken(expired);
        assertInvalidToken(tomcat.get("/echo", bearer(expired)));

        var revoked = emulator.mintToken(TokenRequest.builder().scopes("mcp:invoke").oauthResource(RESOURCE_URI).build());
        assertThat(tomcat.get("/echo", bearer(revoked.accessToken())).statusCode()).isEqualTo(200);
        emulator.revokeGrant(revoked.grantId());
        assertInvalidToken(tomcat.get("/echo", bearer(revoked.accessToken())));

        String elsewhere = emulator.mintToken(TokenRequest.builder().scopes("mcp:invoke")
                .oauthResource("https://other.example.test/mcp").build()).accessToken();
        assertInvalidToken(tomcat.get("/echo", bearer(elsewhere)));
    }

    @Test
    void aTokenWithoutThePermissionIsForbiddenWithTheRequiredScope() {
        HttpResponse<String> response = tomcat.get("/echo", bearer(token("profile")));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("WWW-Authenticate")).singleElement().asString().matches(CHALLENGE)
                .startsWith("Bearer realm=\"wacht\", error=\"insufficient_scope\", error_description=\"")
                .endsWith("\", scope=\"mcp:invoke\", resource_metadata=\"" + METADATA_URL + "\"");
        assertThat(json(response.body()).getString("error")).isEqualTo("insufficient_scope");
    }

    @Test
    void aRateLimitedRequestGetsRetryAfterInSeconds() {
        emulator.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofSeconds(42))));
        String token = token("mcp:invoke");
        assertThat(tomcat.get("/echo", bearer(token)).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = tomcat.get("/echo", bearer(token));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("42");
        assertThat(json(limited.body()).getString("error")).isEqualTo("rate_limited");
    }

    @Test
    void apiKeysPassOnlyWhereAccepted() {
        String key = emulator.mintApiKey("mcp:invoke").apiKey();
        int before = emulator.checks().size();
        assertInvalidToken(tomcat.get("/echo", bearer(key)));
        assertThat(emulator.checks()).hasSize(before);

        HttpResponse<String> accepted = tomcat.get("/keys/echo", bearer(key));
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("authType=BEARER|attribute=true");
        assertThat(lastCheck().principalType()).isEqualTo("api_key");
        assertThat(lastCheck().resource()).isEqualTo("/echo");
    }

    @Test
    void excludedPathsAndCorsPreflightPassWithoutACredential() {
        assertThat(tomcat.get("/health", null).body()).startsWith("principal=none|authType=null|attribute=false");
        assertThat(tomcat.get("/public/docs/index", null).statusCode()).isEqualTo(200);
        assertThat(tomcat.get("/healthz", null).statusCode()).isEqualTo(401);

        HttpResponse<String> preflight = tomcat.send(tomcat.request("/echo")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.test").header("Access-Control-Request-Method", "POST"));
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Allow")).isPresent();
        HttpResponse<String> plainOptions = tomcat.send(tomcat.request("/echo")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example.test"));
        assertThat(plainOptions.statusCode()).isEqualTo(401);
    }

    @Test
    void theMetadataDocumentIsServedAtBothWellKnownPaths() {
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> response = tomcat.get(path, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            JsonObject document = json(response.body());
            assertThat(document.getString("resource")).isEqualTo(RESOURCE_URI);
            assertThat(document.getJsonArray("authorization_servers").getString(0)).isEqualTo(emulator.issuer());
            assertThat(document.getJsonArray("scopes_supported").getValuesAs(jakarta.json.JsonString::getString))
                    .containsExactly("mcp:invoke");
            assertThat(document.getJsonArray("bearer_methods_supported").getString(0)).isEqualTo("header");
            assertThat(document.getString("resource_name")).isEqualTo("Test MCP");
        }
        HttpResponse<String> post = tomcat.send(tomcat.request("/.well-known/oauth-protected-resource")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertBareChallenge(post);
    }

    @Test
    void laterDispatchesReuseThePrincipal() {
        String token = token("mcp:invoke");
        int before = emulator.checks().size();
        assertThat(tomcat.get("/forward", bearer(token)).body())
                .isEqualTo("principal=1|authType=BEARER|attribute=true|dispatch=FORWARD");
        assertThat(tomcat.get("/async?dispatch=1", bearer(token)).body())
                .isEqualTo("principal=1|authType=BEARER|attribute=true|dispatch=ASYNC");
        assertThat(emulator.checks()).hasSize(before + 2);
    }

    @Test
    void anAsyncServletSeesThePrincipal() {
        HttpResponse<String> response = tomcat.get("/async", bearer(token("mcp:invoke")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("async principal=1");
        assertThat(tomcat.get("/async", null).statusCode()).isEqualTo(401);
    }

    @Test
    void jerseysSecurityContextSeesTheSamePrincipal() {
        HttpResponse<String> response = tomcat.get("/jaxrs/whoami", bearer(token("mcp:invoke")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("1|BEARER|true|false|true");
    }

    @Test
    void theClientIpComesFromForwardedForOnlyBehindATrustedProxy() {
        String token = token("mcp:invoke");
        tomcat.send(tomcat.request("/echo").header("Authorization", bearer(token))
                .header("X-Forwarded-For", "198.51.100.9, 203.0.113.7, 10.1.2.3"));
        assertThat(lastCheck().clientIp()).isEqualTo("203.0.113.7");

        String key = emulator.mintApiKey("x").apiKey();
        tomcat.send(tomcat.request("/keys/echo").header("Authorization", bearer(key))
                .header("X-Forwarded-For", "203.0.113.7"));
        assertThat(lastCheck().clientIp()).isEqualTo("127.0.0.1");
    }

    @Test
    void aMethodTheGatewayWouldRefuseIsAnsweredLocally() {
        HttpResponse<String> response = tomcat.send(tomcat.request("/echo").header("Authorization", bearer(token("mcp:invoke")))
                .method("PROPFIND", HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
    }

    static RecordedCheck lastCheck() {
        List<RecordedCheck> checks = emulator.checks();
        return checks.get(checks.size() - 1);
    }
}
