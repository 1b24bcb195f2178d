package dev.wacht.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo's printed MCP OAuth flow, walked as a client and a person would: from the 401 of {@code /mcp}
 * to the emulator's metadata, registration, the consent page (clicked "Approve"), the token, and a call.
 */
class DemoOAuthFlowTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient(); // does not follow redirects
    private static final String REDIRECT = "http://127.0.0.1:33418/callback";

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private static String param(String location, String name) {
        Matcher m = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(location);
        assertThat(m.find()).as(name + " in " + location).isTrue();
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void anMcpClientGetsItsOwnTokenThroughTheConsentPage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Demo demo = Demo.start(DemoOptions.parse(new String[] {"--port", "0"}, name -> null),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            walkTheFlow(demo, out.toString(StandardCharsets.UTF_8));
        }
    }

    private static void walkTheFlow(Demo demo, String printed) throws Exception {
        assertThat(printed).contains("MCP OAuth flow, offline", "URL " + demo.baseUrl() + "/mcp",
                "/_emulator/oauth/consent");

        HttpResponse<String> challenge = send(HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/mcp"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")));
        assertThat(challenge.statusCode()).isEqualTo(401);
        String metadataUrl = field(challenge.headers().firstValue("WWW-Authenticate").orElseThrow()
                .replace("resource_metadata=", "\"resource_metadata\":"), "resource_metadata");
        String metadata = send(HttpRequest.newBuilder(URI.create(metadataUrl))).body();
        String resource = field(metadata, "resource");
        String issuer = metadata.replaceAll(".*\"authorization_servers\":\\[\"([^\"]+)\".*", "$1");
        String as = send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/oauth-authorization-server"))).body();
        assertThat(field(as, "issuer")).isEqualTo(issuer);

        String registered = send(HttpRequest.newBuilder(URI.create(field(as, "registration_endpoint")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"demo test\",\"redirect_uris\":[\"" + REDIRECT + "\"],"
                                + "\"token_endpoint_auth_method\":\"none\"}"))).body();
        String clientId = field(registered, "client_id");

        String verifier = "a-demo-verifier-that-is-long-enough-for-pkce-0123456789";
        String challengeS256 = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        HttpResponse<String> toConsent = send(HttpRequest.newBuilder(URI.create(field(as, "authorization_endpoint")
                + "?response_type=code&client_id=" + clientId + "&redirect_uri=" + enc(REDIRECT)
                + "&scope=" + enc(Demo.MCP_PERMISSION + " profile") + "&state=st&resource=" + enc(resource)
                + "&code_challenge=" + challengeS256 + "&code_challenge_method=S256")));
        assertThat(toConsent.statusCode()).isEqualTo(307);
        String page = toConsent.headers().firstValue("Location").orElseThrow();
        assertThat(send(HttpRequest.newBuilder(URI.create(page))).body()).contains("Approve", "mcp:invoke");

        // The person clicks "Approve" with the page's defaults.
        String consentBase = page.substring(0, page.indexOf("/oauth/consent/init"));
        HttpResponse<String> approved = send(HttpRequest.newBuilder(URI.create(consentBase + "/oauth/consent/decide"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("handoff_id=" + param(page, "handoff_id")
                        + "&scopes_listed=1&user_id=1&granted_resource=&scope=mcp%3Ainvoke&scope=profile"
                        + "&action=approve")));
        assertThat(approved.statusCode()).isEqualTo(302);
        String callback = approved.headers().firstValue("Location").orElseThrow();
        assertThat(param(callback, "state")).isEqualTo("st");

        String tokens = send(HttpRequest.newBuilder(URI.create(field(as, "token_endpoint")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code="
                        + enc(param(callback, "code")) + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + clientId
                        + "&code_verifier=" + verifier))).body();
        assertThat(field(tokens, "scope")).isEqualTo("mcp:invoke profile");
        HttpResponse<String> me = send(HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/api/me"))
                .header("Authorization", "Bearer " + field(tokens, "access_token")));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).startsWith("{\"subject\":\"1\"").contains("\"client_id\":\"" + clientId + "\"");
    }
}
