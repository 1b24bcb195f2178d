package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.TokenRequest;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An MCP server built on the MCP Java SDK (the SDK in the WAR), protected by wacht-mcp, driven as an
 * MCP client drives it over Streamable HTTP. Runs on the containers whose submodule puts the SDK in
 * the WAR (Tomcat 10.1 and WildFly).
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class McpIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    private URL deployment;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.mcp();
    }

    @BeforeEach
    void resetEmulator() {
        Wacht.EMULATOR.reset();
    }

    private static String token(String user, String... scopes) {
        return Wacht.EMULATOR.mintToken(TokenRequest.builder().userId(user).scopes(scopes)
                .oauthResource(Wars.MCP_RESOURCE_URI).build()).accessToken();
    }

    private HttpResponse<String> post(String token, String session, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(deployment.toURI().resolve("mcp"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

    private static String call(String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}";
    }

    private String session(String token) throws Exception {
        HttpResponse<String> init = post(token, null, INITIALIZE);
        assertThat(init.statusCode()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post(token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
                .isEqualTo(202);
        return session;
    }

    @Test
    void theCallerReachesTheToolAndScopesAreCheckedPerTool() throws Exception {
        String token = token("u-1", "mcp:invoke");
        String session = session(token);
        HttpResponse<String> whoami = post(token, session, call("whoami"));
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("whoami:subject=u-1,scopes=mcp:invoke");

        HttpResponse<String> report = post(token, session, call("report"));
        assertThat(report.statusCode()).isEqualTo(403);
        assertThat(report.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo("Bearer realm=\"wacht\", "
                + "error=\"insufficient_scope\", error_description=\"The credential lacks the permissions this resource "
                + "requires\", scope=\"mcp:invoke reports:read\", resource_metadata=\"" + Wars.MCP_METADATA_URL + "\"");

        String stepUp = token("u-1", "mcp:invoke", "reports:read");
        assertThat(post(stepUp, session, call("report")).body()).contains("report:subject=u-1");
    }

    @Test
    void refusals() throws Exception {
        HttpResponse<String> anonymous = post(null, null, INITIALIZE);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wacht\", "
                + "scope=\"mcp:invoke\", resource_metadata=\"" + Wars.MCP_METADATA_URL + "\"");

        String alice = token("alice", "mcp:invoke");
        String session = session(alice);
        HttpResponse<String> stolen = post(token("bob", "mcp:invoke"), session, call("whoami"));
        assertThat(stolen.statusCode()).isEqualTo(404);

        HttpResponse<String> rebinding = post(alice, null, INITIALIZE, "Origin", "https://evil.example");
        assertThat(rebinding.statusCode()).isEqualTo(403);
        assertThat(post(alice, null, INITIALIZE, "Origin", "https://mcp.example.test").statusCode()).isEqualTo(200);

        Wacht.EMULATOR.revokeToken(alice);
        assertThat(post(alice, session, call("whoami")).statusCode()).isEqualTo(401);
    }

    @Test
    void servesTheMetadataAtThePathSuffixedLocation() throws Exception {
        HttpResponse<String> metadata = CLIENT.send(HttpRequest.newBuilder(deployment.toURI()
                .resolve(".well-known/oauth-protected-resource/mcp")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).isEqualTo("{\"resource\":\"" + Wars.MCP_RESOURCE_URI + "\",\"authorization_servers\":[\""
                + Wacht.EMULATOR.issuer() + "\"],\"scopes_supported\":[\"mcp:invoke\",\"reports:read\"],"
                + "\"bearer_methods_supported\":[\"header\"]}");
    }
}
