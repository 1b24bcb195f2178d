package dev.wacht.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo started in-process on free ports, driven like its printed curl commands and by an MCP client. */
class DemoTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static Demo demo;
    static String printed;

    @BeforeAll
    static void start() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoOptions options = DemoOptions.parse(new String[] {"--port", "0", "--emulator-port=0"}, name -> null);
        demo = Demo.start(options, new PrintStream(out, true, StandardCharsets.UTF_8));
        printed = out.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder mcp(String token, String sessionId, String body) {
        HttpRequest.Builder request = mcpAt(demo.baseUrl(), token, body);
        return sessionId == null ? request : request.header("Mcp-Session-Id", sessionId);
    }

    private static HttpRequest.Builder mcpAt(URI baseUrl, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    @Test
    void printsTheCurlCommandsAndTheMcpClientSetup() {
        String json = " -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'";
        assertThat(printed).contains("curl -i -X POST " + demo.baseUrl() + "/mcp -H 'Authorization: Bearer "
                + demo.allowedToken() + "'" + json + " -d '" + Demo.INITIALIZE + "'")
                .contains("-H 'Mcp-Session-Id: <from the answer above>' -d '" + Demo.CALL_WHOAMI + "'")
                .contains("Bearer " + demo.forbiddenToken(), "Bearer " + demo.reportToken(), "Bearer " + demo.jwtToken())
                .contains("HttpClientStreamableHttpTransport.builder(\"" + demo.baseUrl() + "\")")
                .contains("Wacht emulator (gateway and /_emulator/ admin API): http://");
    }

    @Test
    void thePrintedCurlCasesOnTheMcpEndpoint() throws Exception {
        HttpResponse<String> initialized = send(mcp(demo.allowedToken(), null, Demo.INITIALIZE));
        assertThat(initialized.statusCode()).isEqualTo(200);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> whoami = send(mcp(demo.allowedToken(), session, Demo.CALL_WHOAMI));
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("You are 1 (client oc_", "with scopes mcp:invoke profile, acting on urn:wacht:");

        HttpResponse<String> stepUp = send(mcp(demo.allowedToken(), null, Demo.CALL_REPORT));
        assertThat(stepUp.statusCode()).isEqualTo(403);
        assertThat(stepUp.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"mcp:invoke reports:read\"");

        HttpResponse<String> forbidden = send(mcp(demo.forbiddenToken(), null, Demo.INITIALIZE));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"mcp:invoke\"");

        // Issue 12: /mcp is bound to its resource URI, and Wacht's JWTs name no resource.
        HttpResponse<String> jwt = send(mcp(demo.jwtToken(), null, Demo.INITIALIZE));
        assertThat(jwt.statusCode()).isEqualTo(401);
        assertThat(jwt.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(printed).contains("-H 'Authorization: Bearer " + demo.jwtToken() + "'");

        HttpResponse<String> anonymous = send(mcp(null, null, Demo.INITIALIZE));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wacht\", "
                + "scope=\"mcp:invoke\", resource_metadata=\"" + demo.baseUrl()
                + "/.well-known/oauth-protected-resource/mcp\"");
    }

    @Test
    void anMcpClientWithTheMintedTokens() {
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(demo.baseUrl().toString())
                .endpoint("/mcp").httpRequestCustomizer((request, method, uri, body, context) -> request.header(
                        "Authorization", "Bearer " + demo.reportToken())).build()).build()) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("whoami", "report");
            McpSchema.CallToolResult report = client.callTool(new McpSchema.CallToolRequest("report", Map.of()));
            assertThat(((McpSchema.TextContent) report.content().get(0)).text())
                    .isEqualTo("Quarterly report for 1: all systems nominal.");
        }
    }

    @Test
    void healthMetadataAndMe() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/health"))).body())
                .isEqualTo("{\"status\":\"ok\"}");
        HttpResponse<String> metadata = send(HttpRequest.newBuilder(
                URI.create(demo.baseUrl() + "/.well-known/oauth-protected-resource/mcp")));
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).startsWith("{\"resource\":\"" + demo.baseUrl() + "/mcp\"");
        HttpResponse<String> me = send(HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/api/me"))
                .header("Authorization", "Bearer " + demo.forbiddenToken()));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).startsWith("{\"subject\":\"1\",\"kind\":\"oauth_access_token\",\"client_id\":\"oc_")
                .contains("\"scopes\":[\"profile\"]", "\"granted_resource\":\"urn:wacht:", "\"expires_at\":\"");
        assertThat(send(HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/api/me"))).statusCode()).isEqualTo(401);
    }

    @Test
    void meRequiresTheProfileScopeCheckedByTheJaxRsExtension() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/api/me"))
                .header("Authorization", "Bearer " + demo.jwtToken())).statusCode()).isEqualTo(200);
        String emulator = printed.replaceAll("(?s).*Wacht emulator \\(gateway and /_emulator/ admin API\\): (\\S+).*", "$1");
        HttpResponse<String> minted = send(HttpRequest.newBuilder(URI.create(emulator + "/_emulator/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scopes\":[\"mcp:invoke\"],\"format\":\"jwt\"}")));
        String noProfile = minted.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> me = send(HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/api/me"))
                .header("Authorization", "Bearer " + noProfile));
        assertThat(me.statusCode()).isEqualTo(403);
        assertThat(me.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"profile\"");
    }

    @Test
    void optionParsing() {
        DemoOptions defaults = DemoOptions.parse(new String[0], name -> null);
        assertThat(defaults.port()).isEqualTo(8080);
        assertThat(defaults.emulated()).isTrue();
        DemoOptions real = DemoOptions.parse(new String[0], Map.of("gateway-url", "https://gateway.wacht.dev")::get);
        assertThat(real.emulated()).isFalse();
        assertThat(DemoOptions.parse(new String[] {"--gateway-url=https://g.example"}, name -> null).gatewayUrl())
                .isEqualTo("https://g.example");
        assertThat(DemoOptions.parse(new String[] {"--port", "1", "--help"}, name -> null).help()).isTrue();
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--port", "http"}, name -> null))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--verbose"}, name -> null))
                .hasMessageContaining("unknown option --verbose");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--emulator-port"}, name -> null))
                .hasMessageContaining("missing value");
        assertThat(defaults.cacheMaxTtl()).isNull();
        assertThat(DemoOptions.parse(new String[] {"--cache", "--port", "1"}, name -> null))
                .satisfies(o -> assertThat(o.cacheMaxTtl()).isEqualTo(Duration.ofSeconds(30)))
                .satisfies(o -> assertThat(o.port()).isEqualTo(1));
        assertThat(DemoOptions.parse(new String[] {"--cache=5m"}, name -> null).cacheMaxTtl())
                .isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--cache=2h"}, name -> null))
                .hasMessageStartingWith("wacht.cache-max-ttl: must be between");
    }

    @Test
    void withTheCacheARepeatedRequestAsksTheGatewayOnce() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoOptions options = DemoOptions.parse(new String[] {"--port=0", "--cache=1m"}, name -> null);
        try (Demo cached = Demo.start(options, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("Verification cache on: answers reused for up to 60 s");
            String emulator = text.replaceAll("(?s).*Wacht emulator \\(gateway and /_emulator/ admin API\\): (\\S+).*",
                    "$1");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> allowed = send(mcpAt(cached.baseUrl(), cached.allowedToken(), Demo.INITIALIZE));
                assertThat(allowed.statusCode()).isEqualTo(200);
            }
            String checks = send(HttpRequest.newBuilder(URI.create(emulator + "/_emulator/checks"))).body();
            assertThat(checks.split("\"token_sha256\"", -1)).hasSize(2);
        }
        assertThat(printed).contains("Verification cache off");
    }
}
