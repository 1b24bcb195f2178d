package dev.wacht.mcp;

import static dev.wacht.mcp.McpClients.HTTP;
import static dev.wacht.mcp.McpClients.callTool;
import static dev.wacht.mcp.McpClients.initialize;
import static dev.wacht.mcp.McpClients.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.TokenRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MCP transport rules on a streamable server, on the wire: sessions bound to their caller, Origin
 * validation, the body check's edge cases (malformed JSON, batches, notifications, responses, duplicate
 * keys, size and charset), the token only in the header, the audience binding and the metadata.
 */
class McpEndpointRulesTest {
    private static final int MAX_BODY = 4096;
    static McpTestServer server;

    @BeforeAll
    static void start() {
        server = new McpTestServer(McpTestServer.Kind.STREAMABLE_SYNC, options -> options.maxBodySize(MAX_BODY));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Initializes a session with this token and returns its id. */
    private static String session(String token) throws Exception {
        HttpResponse<String> init = post(server.baseUrl, token, null, initialize(1));
        assertThat(init.statusCode()).isEqualTo(200);
        String sessionId = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post(server.baseUrl, token, sessionId,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode()).isEqualTo(202);
        return sessionId;
    }

    @Test
    void anotherPrincipalsTokenCannotUseTheSession() throws Exception {
        String alice = server.token(TokenRequest.builder().userId("alice").scopes(McpTestServer.BASE_SCOPE,
                McpTestServer.REPORT_SCOPE)).accessToken();
        String bob = server.token(TokenRequest.builder().userId("bob").scopes(McpTestServer.BASE_SCOPE,
                McpTestServer.REPORT_SCOPE)).accessToken();
        String sessionId = session(alice);
        HttpResponse<String> own = post(server.baseUrl, alice, sessionId, callTool(2, "whoami"));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("subject=alice");

        int runs = server.reportRuns.get();
        HttpResponse<String> stolen = post(server.baseUrl, bob, sessionId, callTool(3, "report"));
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(stolen.body()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}");
        assertThat(server.reportRuns.get()).isEqualTo(runs);
        HttpRequest.Builder delete = HttpRequest.newBuilder(server.resourceUri).DELETE()
                .header("Mcp-Session-Id", sessionId);
        assertThat(HTTP.send(delete.copy().header("Authorization", "Bearer " + bob).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        // the same user through another OAuth client is another caller
        String aliceElsewhere = server.token(TokenRequest.builder().userId("alice").clientId("oc_other_client")
                .scopes(McpTestServer.BASE_SCOPE)).accessToken();
        assertThat(post(server.baseUrl, aliceElsewhere, sessionId, callTool(4, "whoami")).statusCode()).isEqualTo(404);

        // a new token of the same caller (same user, same client) keeps the session
        String aliceAgain = server.token(TokenRequest.builder().userId("alice").scopes(McpTestServer.BASE_SCOPE))
                .accessToken();
        assertThat(post(server.baseUrl, aliceAgain, sessionId, callTool(5, "whoami")).statusCode()).isEqualTo(200);

        // a deleted session is forgotten; an invented one was never known
        assertThat(HTTP.send(delete.copy().header("Authorization", "Bearer " + alice).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(post(server.baseUrl, alice, sessionId, callTool(6, "whoami")).statusCode()).isEqualTo(404);
        assertThat(post(server.baseUrl, alice, "invented", callTool(7, "whoami")).statusCode()).isEqualTo(404);
    }

    @Test
    void originIsValidatedOnEveryRequest() throws Exception {
        String token = server.token(McpTestServer.BASE_SCOPE).accessToken();
        for (String bad : List.of("https://evil.example", "null", "http://app.example.com", "https://app.example.com.evil")) {
            HttpResponse<String> refused = post(server.baseUrl, token, null, initialize(1), "Origin", bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(403);
            assertThat(refused.body()).contains("\"message\":\"Origin not allowed\"");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
        // refused before the credential is looked at: no gateway call for a rebinding attempt
        server.emulator.clearChecks();
        assertThat(post(server.baseUrl, null, null, initialize(1), "Origin", "https://evil.example").statusCode())
                .isEqualTo(403);
        assertThat(server.emulator.checks()).isEmpty();
        assertThat(post(server.baseUrl, token, null, initialize(1), "Origin", "https://APP.example.com:443")
                .statusCode()).isEqualTo(200);
        assertThat(post(server.baseUrl, token, null, initialize(1)).statusCode()).isEqualTo(200);
    }

    @Test
    void theBodyCheckNeitherCrashesNorIsBypassed() throws Exception {
        String token = server.token(McpTestServer.BASE_SCOPE).accessToken();
        String sessionId = session(token);
        int runs = server.reportRuns.get();

        HttpResponse<String> malformed = post(server.baseUrl, token, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":1,");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"code\":-32700");
        assertThat(post(server.baseUrl, token, sessionId, "").statusCode()).isEqualTo(400);

        List<String> needReport = List.of(
                "[" + callTool(2, "whoami") + "," + callTool(3, "report") + "]",
                "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"report\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"name\":\"report\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"\\u0072eport\"}}",
                "  " + callTool(6, "report") + "  ");
        for (String body : needReport) {
            HttpResponse<String> refused = post(server.baseUrl, token, sessionId, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("scope=\"mcp:invoke reports:read\"");
        }
        List<String> unreadable = List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":[\"report\"]}}",
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":\"report\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"rep\\ud800ort\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":[\"tools/call\"]}");
        for (String body : unreadable) {
            HttpResponse<String> refused = post(server.baseUrl, token, sessionId, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.body()).contains("\"code\":-32600");
        }
        // a JSON-RPC response runs nothing and goes on to the SDK (which answers one to no request of its own 500)
        assertThat(post(server.baseUrl, token, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}")
                .statusCode()).isNotIn(400, 403, 404);
        // two JSON values: refused as not JSON, never half-checked
        HttpResponse<String> trailing = post(server.baseUrl, token, sessionId, callTool(11, "whoami") + " "
                + callTool(12, "report"));
        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(trailing.body()).contains("\"code\":-32700");
        assertThat(server.reportRuns.get()).isEqualTo(runs);
    }

    @Test
    void sizeAndCharsetAreBounded() throws Exception {
        String token = server.token(McpTestServer.BASE_SCOPE).accessToken();
        String padded = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(MAX_BODY)
                + "\"}}";
        HttpResponse<String> tooLarge = post(server.baseUrl, token, null, padded);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("larger than 4096 bytes");
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(server.resourceUri)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        padded.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        HttpResponse<String> utf16 = post(server.baseUrl, token, null, initialize(1), "Content-Type",
                "application/json; charset=UTF-16");
        assertThat(utf16.statusCode()).isEqualTo(415);
    }

    @Test
    void theTokenIsReadFromTheAuthorizationHeaderOnly() throws Exception {
        String token = server.token(McpTestServer.BASE_SCOPE).accessToken();
        HttpResponse<String> query = HTTP.send(HttpRequest.newBuilder(server.baseUrl.resolve("/mcp?access_token="
                        + token)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(initialize(1))).build(), HttpResponse.BodyHandlers.ofString());
        // Refused outright (not ignored), so clients stop putting tokens where access logs keep them.
        assertThat(query.statusCode()).isEqualTo(400);
        assertThat(query.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_request\"");
    }

    @Test
    void aTokenIssuedForAnotherResourceIsRefused() throws Exception {
        MintedToken elsewhere = server.emulator.mintToken(TokenRequest.builder().scopes(McpTestServer.BASE_SCOPE)
                .oauthResource("https://other.example.com/mcp").build());
        HttpResponse<String> refused = post(server.baseUrl, elsewhere.accessToken(), null, initialize(1));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"", "not issued for this resource");
    }

    @Test
    void metadataAsMcpClientsExpectIt() throws Exception {
        String expected = "{\"resource\":\"" + server.resourceUri + "\",\"authorization_servers\":[\""
                + server.emulator.issuer() + "\"],\"scopes_supported\":[\"mcp:invoke\",\"reports:read\"],"
                + "\"bearer_methods_supported\":[\"header\"]}";
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> metadata = HTTP.send(HttpRequest.newBuilder(server.baseUrl.resolve(path))
                    .header("Origin", "https://anywhere.example").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metadata.statusCode()).as(path).isEqualTo(200);
            assertThat(metadata.body()).isEqualTo(expected);
            assertThat(metadata.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        }
    }

    @Test
    void anUnauthenticatedGetIsChallengedForDiscovery() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(server.resourceUri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(401);
        assertThat(get.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("resource_metadata=\"" + server.metadataUrl() + "\"");
    }
}
