package dev.wacht.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** The demo started in-process on free ports, driven like its printed curl commands. */
class DemoTest {
    private static final String RPC = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}";
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

    private static HttpRequest.Builder mcp(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/mcp"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(RPC));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    @Test
    void printsTheThreeCurlCommands() {
        assertThat(printed).contains("curl -i -X POST " + demo.baseUrl() + "/mcp -H 'Authorization: Bearer "
                + demo.allowedToken() + "'")
                .contains("Bearer " + demo.forbiddenToken())
                .contains("Wacht emulator (gateway and /_emulator/ admin API): http://");
    }

    @Test
    void theAllowedForbiddenAndUnauthenticatedCases() throws Exception {
        HttpResponse<String> allowed = send(mcp(demo.allowedToken()));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":")
                .contains("You are 1, authenticated with a Wacht BEARER token.");

        HttpResponse<String> forbidden = send(mcp(demo.forbiddenToken()));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"mcp:invoke\"");

        // Issue 12: /mcp is bound to its resource URI, and Wacht's JWTs name no resource.
        HttpResponse<String> jwt = send(mcp(demo.jwtToken()));
        assertThat(jwt.statusCode()).isEqualTo(401);
        assertThat(jwt.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(printed).contains("-H 'Authorization: Bearer " + demo.jwtToken() + "'");

        HttpResponse<String> anonymous = send(mcp(null));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wacht\", "
                + "resource_metadata=\"" + demo.baseUrl() + "/.well-known/oauth-protected-resource/mcp\"");
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
                HttpResponse<String> allowed = send(HttpRequest.newBuilder(URI.create(cached.baseUrl() + "/mcp"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer "
                                + cached.allowedToken()).POST(HttpRequest.BodyPublishers.ofString(RPC)));
                assertThat(allowed.statusCode()).isEqualTo(200);
            }
            String checks = send(HttpRequest.newBuilder(URI.create(emulator + "/_emulator/checks"))).body();
            assertThat(checks.split("\"token_sha256\"", -1)).hasSize(2);
        }
        assertThat(printed).contains("Verification cache off");
    }
}
