package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtConfig;
import dev.wacht.testkit.Consent;
import dev.wacht.testkit.MintedClient;
import dev.wacht.testkit.ScopeDefinition;
import dev.wacht.testkit.WachtEmulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole MCP OAuth flow, offline, the way an MCP client walks it: starting from nothing but the protected
 * resource's 401, it follows {@code resource_metadata} to the emulator as authorization server, registers
 * itself, authorizes with PKCE (consent auto-approved), exchanges the code, calls the resource, refreshes,
 * and sees a replayed refresh token and a revoked grant refused. Only {@code java.net.http} and the URLs
 * the servers hand out are used. A client whose {@code access_token_format} is {@code jwt} gets JWTs that
 * the filter verifies locally.
 */
class McpOAuthFlowTest {
    static final String REDIRECT = "http://127.0.0.1:47123/callback";
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    static WachtEmulator emulator;
    static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        emulator = WachtEmulator.start();
        emulator.defineScope(ScopeDefinition.of("mcp:invoke", "", null, null));
        emulator.allowDynamicClientRegistration(true);
        emulator.setConsent(Consent.approveAs("777").grantedResource("urn:wacht:workspace:42"));
        tomcat = new EmbeddedTomcat();
        WachtFilterOptions mcp = WachtFilterOptions.builder()
                .config(WachtConfig.builder().gatewayUrl(emulator.baseUrl()).resourceUri(tomcat.uri("/mcp")).build())
                .resource("mcp").requiredPermissions("mcp:invoke")
                .authorizationServers(List.of(URI.create(emulator.issuer()))).build();
        WachtFilterOptions jwt = WachtFilterOptions.builder()
                .config(WachtConfig.builder().gatewayUrl(emulator.baseUrl()).oauthIssuer(emulator.issuer()).build())
                .resource("mcp").requiredPermissions("mcp:invoke").build();
        tomcat.addContext("/jwt", (classes, context) -> {
            WachtFilter.register(context, "wacht", jwt, "/mcp");
            context.addServlet("mcp", new TestApp.Echo()).addMapping("/mcp");
        });
        tomcat.addContext("", (classes, context) -> {
            WachtFilter.register(context, "wacht", mcp, "/mcp", "/.well-known/oauth-protected-resource/*");
            context.addServlet("mcp", new TestApp.Echo()).addMapping("/mcp");
            context.addServlet("fallback", new TestApp.NotFound()).addMapping("/");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
        emulator.close();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, String accessToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (accessToken != null) {
            b.header("Authorization", "Bearer " + accessToken);
        }
        return send(b);
    }

    static HttpResponse<String> postForm(String url, Map<String, String> form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    static String encode(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    static JsonObject json(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    static Map<String, String> query(String location) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&", -1)) {
            String[] kv = pair.split("=", 2);
            m.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return m;
    }

    static Map<String, String> form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Authorize (PKCE S256, auto-approved consent) and exchange the code, as an MCP client does. */
    static JsonObject authorizeAndExchange(JsonObject as, String clientId, String scope, String resource)
            throws Exception {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challengeS256 = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        HttpResponse<String> authorized = get(as.getString("authorization_endpoint") + "?" + encode(form(
                "response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT, "scope", scope,
                "state", "s-1", "resource", resource, "code_challenge", challengeS256,
                "code_challenge_method", "S256")), null);
        assertThat(authorized.statusCode()).isEqualTo(302);
        Map<String, String> callback = query(authorized.headers().firstValue("Location").orElseThrow());
        assertThat(callback.get("state")).isEqualTo("s-1");
        assertThat(callback.get("iss")).isEqualTo(as.getString("issuer")); // RFC 9207
        HttpResponse<String> exchanged = postForm(as.getString("token_endpoint"), form("grant_type",
                "authorization_code", "code", callback.get("code"), "redirect_uri", REDIRECT, "client_id", clientId,
                "code_verifier", verifier, "resource", resource));
        assertThat(exchanged.statusCode()).isEqualTo(200);
        return json(exchanged);
    }

    @Test
    void aJwtFormatClientGetsJwtsTheFilterVerifiesAgainstTheIssuersJwks() throws Exception {
        MintedClient client = emulator.createClient("none", List.of(REDIRECT));
        HttpResponse<String> patched = send(HttpRequest.newBuilder(emulator.baseUrl().resolve("/oauth/apps/"
                + emulator.oauthAppSlug() + "/clients/" + client.clientRecordId()))
                .header("Authorization", "Bearer " + emulator.backendApiKey())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"access_token_format\":\"jwt\"}")));
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonObject as = json(get(emulator.issuer() + "/.well-known/oauth-authorization-server", null));
        JsonObject tokens = authorizeAndExchange(as, client.clientId(), "mcp:invoke", "https://jwt.example/mcp");
        String jwt = tokens.getString("access_token");
        assertThat(jwt.split("\\.")).hasSize(3);
        HttpResponse<String> ok = get(tomcat.uri("/jwt/mcp").toString(), jwt);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).startsWith("principal=777|authType=BEARER");
        // A JWT has no row to revoke: it stays valid until it expires, as at Wacht.
        emulator.revokeGrant(emulator.authorizationCodes().get(0).grantId());
        assertThat(get(tomcat.uri("/jwt/mcp").toString(), jwt).statusCode()).isEqualTo(200);
    }

    @Test
    void fromA401ToTokensAndBack() throws Exception {
        String resourceUrl = tomcat.uri("/mcp").toString();

        // 1. The resource server's 401 names its RFC 9728 metadata.
        HttpResponse<String> challenge = get(resourceUrl, null);
        assertThat(challenge.statusCode()).isEqualTo(401);
        Matcher m = Pattern.compile("resource_metadata=\"([^\"]+)\"")
                .matcher(challenge.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertThat(m.find()).isTrue();
        JsonObject resourceMetadata = json(get(m.group(1), null));
        String resource = resourceMetadata.getString("resource");
        String issuer = resourceMetadata.getJsonArray("authorization_servers").getString(0);
        assertThat(resource).isEqualTo(resourceUrl);

        // 2. RFC 8414 metadata of the authorization server; the issuer must equal the advertised one.
        JsonObject as = json(get(issuer + "/.well-known/oauth-authorization-server", null));
        assertThat(as.getString("issuer")).isEqualTo(issuer);
        assertThat(as.getJsonArray("code_challenge_methods_supported").getString(0)).isEqualTo("S256");

        // 3. Dynamic client registration as a public client.
        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(as.getString("registration_endpoint")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"flow test\",\"redirect_uris\":[\"" + REDIRECT + "\"],"
                                + "\"token_endpoint_auth_method\":\"none\"}")));
        assertThat(registered.statusCode()).isEqualTo(200);
        String clientId = json(registered).getString("client_id");

        // 4.-5. Authorize with PKCE S256 and the RFC 8707 resource (consent is auto-approved), then the code
        // for tokens.
        String scope = resourceMetadata.getJsonArray("scopes_supported").getString(0);
        JsonObject tokens = authorizeAndExchange(as, clientId, scope, resource);
        assertThat(tokens.getString("scope")).isEqualTo("mcp:invoke");

        // 6. The protected resource accepts the access token.
        HttpResponse<String> ok = get(resourceUrl, tokens.getString("access_token"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).startsWith("principal=777|authType=BEARER");

        // 7. Refresh rotates; the new access token works too.
        JsonObject refreshed = json(postForm(as.getString("token_endpoint"), form("grant_type", "refresh_token",
                "refresh_token", tokens.getString("refresh_token"), "client_id", clientId)));
        assertThat(get(resourceUrl, refreshed.getString("access_token")).statusCode()).isEqualTo(200);

        // 8. Replaying the old refresh token is refused, and revokes the one issued from it.
        HttpResponse<String> replay = postForm(as.getString("token_endpoint"), form("grant_type", "refresh_token",
                "refresh_token", tokens.getString("refresh_token"), "client_id", clientId));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).isEqualTo("{\"error\":\"invalid_grant\"}");
        HttpResponse<String> descendant = postForm(as.getString("token_endpoint"), form("grant_type",
                "refresh_token", "refresh_token", refreshed.getString("refresh_token"), "client_id", clientId));
        assertThat(descendant.body()).isEqualTo("{\"error\":\"invalid_grant\"}");

        // 9. Revoking the grant (the operator's action) stops the access token at the resource server.
        emulator.revokeGrant(emulator.authorizationCodes().get(0).grantId());
        HttpResponse<String> revoked = get(resourceUrl, refreshed.getString("access_token"));
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"");
    }
}
