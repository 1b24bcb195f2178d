package dev.wacht.mcp;

import static dev.wacht.mcp.McpClients.HTTP;
import static dev.wacht.mcp.McpClients.initialize;
import static dev.wacht.mcp.McpClients.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application whose plain servlet filter on {@code /*} (no scope required) authenticates every
 * request before the MCP filter: the MCP filter then reuses that principal, and still enforces the
 * base scopes on every method, not only on the POSTs whose body it reads.
 */
class LayeredFiltersTest {
    static McpTestServer server;

    @BeforeAll
    static void start() {
        server = new McpTestServer(McpTestServer.Kind.STREAMABLE_SYNC, options -> { }, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theBaseScopesAreEnforcedOnEveryMethod() throws Exception {
        String noBase = server.token("profile").accessToken();
        HttpResponse<String> posted = post(server.baseUrl, noBase, null, initialize(1));
        assertThat(posted.statusCode()).isEqualTo(403);
        assertThat(posted.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"mcp:invoke\"");
        for (String method : new String[] {"GET", "DELETE"}) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(server.resourceUri)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + noBase).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(method).isEqualTo(403);
            assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"insufficient_scope\"", "scope=\"mcp:invoke\"");
        }
        String base = server.token(McpTestServer.BASE_SCOPE).accessToken();
        assertThat(post(server.baseUrl, base, null, initialize(2)).statusCode()).isEqualTo(200);
    }
}
