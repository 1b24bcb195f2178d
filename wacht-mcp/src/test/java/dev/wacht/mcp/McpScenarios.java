package dev.wacht.mcp;

import static dev.wacht.mcp.McpClients.call;
import static dev.wacht.mcp.McpClients.refusal;
import static dev.wacht.mcp.McpClients.sdk;
import static dev.wacht.mcp.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wacht.testkit.MintedToken;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every transport and server kind must do, driven by the SDK's own MCP client: initialize, list,
 * call {@code whoami} and see the caller; no token, a token without the tool's scope, a grant revoked
 * mid-session, and a JWT access token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class McpScenarios {
    McpTestServer server;

    abstract McpTestServer.Kind kind();

    @BeforeAll
    void start() {
        server = new McpTestServer(kind());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theCallerReachesTheToolHandler() {
        MintedToken token = server.token(McpTestServer.BASE_SCOPE, "profile");
        try (McpSyncClient client = sdk(server.baseUrl, token.accessToken())) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder("whoami", "report");
            assertThat(text(call(client, "whoami"))).isEqualTo("subject=" + token.userId() + " client="
                    + token.clientId() + " scopes=mcp:invoke,profile granted=" + token.grantedResource());
        }
    }

    @Test
    void noTokenIs401WithResourceMetadataAndTheBaseScope() {
        try (McpSyncClient client = sdk(server.baseUrl, null)) {
            HttpResponse.ResponseInfo answer = refusal(catchThrowable(client::initialize));
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"wacht\", "
                    + "scope=\"mcp:invoke\", resource_metadata=\"" + server.metadataUrl() + "\"");
        }
    }

    @Test
    void aToolScopeTheTokenLacksIs403BeforeTheHandlerRuns() {
        int runs = server.reportRuns.get();
        try (McpSyncClient client = sdk(server.baseUrl, server.token(McpTestServer.BASE_SCOPE).accessToken())) {
            client.initialize();
            assertThat(text(call(client, "whoami"))).contains("scopes=mcp:invoke ");
            HttpResponse.ResponseInfo answer = refusal(catchThrowable(() -> call(client, "report")));
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"wacht\", "
                    + "error=\"insufficient_scope\", error_description=\"The credential lacks the permissions this "
                    + "resource requires\", scope=\"mcp:invoke reports:read\", resource_metadata=\""
                    + server.metadataUrl() + "\"");
        }
        assertThat(server.reportRuns.get()).isEqualTo(runs);
        try (McpSyncClient client = sdk(server.baseUrl,
                server.token(McpTestServer.BASE_SCOPE, McpTestServer.REPORT_SCOPE).accessToken())) {
            client.initialize();
            assertThat(text(call(client, "report"))).isEqualTo("the report");
        }
        assertThat(server.reportRuns.get()).isEqualTo(runs + 1);
    }

    @Test
    void aGrantRevokedMidSessionIs401OnTheNextCall() {
        MintedToken token = server.token(McpTestServer.BASE_SCOPE);
        try (McpSyncClient client = sdk(server.baseUrl, token.accessToken())) {
            client.initialize();
            assertThat(text(call(client, "whoami"))).startsWith("subject=" + token.userId());
            server.emulator.revokeGrant(token.grantId());
            HttpResponse.ResponseInfo answer = refusal(catchThrowable(() -> call(client, "whoami")));
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"invalid_token\"", "scope=\"mcp:invoke\"",
                            "resource_metadata=\"" + server.metadataUrl() + "\"");
        }
    }

    @Test
    void aJwtAccessTokenIsHeldToTheResourceBindingToo() throws Exception {
        // Wacht's JWTs name no resource, so an MCP endpoint bound to its resource URI cannot accept them
        // (wacht.accept-unbound-jwt would); the refusal is the RFC 6750 one, before any handler.
        MintedToken jwt = server.emulator.mintJwt(McpTestServer.BASE_SCOPE);
        assertThat(jwt.accessToken().split("\\.")).hasSize(3);
        HttpResponse<String> refused = McpClients.post(server.baseUrl, jwt.accessToken(), null,
                McpClients.initialize(1));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"", "resource_metadata=");
    }
}
