package dev.wacht.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which scopes a JSON-RPC body needs, read with the SDK's own JSON mapper as the filter reads it. */
class ScopeRulesTest {
    private final ScopeRules rules = new ScopeRules(List.of("mcp:invoke"),
            Map.of("report", List.of("reports:read"), "whoami", List.of()),
            Map.of("summary", List.of("prompts:use")),
            Map.of("file:///etc/config", List.of("config:read"), "file:///reports/{name}", List.of("reports:read"),
                    "db://{schema}/tables/{table}", List.of("db:read")));

    private List<String> required(String json) throws Exception {
        return rules.check(json.getBytes(StandardCharsets.UTF_8), McpJsonDefaults.getMapper()).required();
    }

    private static String request(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    @Test
    void toolsPromptsAndResources() throws Exception {
        assertThat(required(request("tools/call", "{\"name\":\"report\"}"))).containsExactly("mcp:invoke", "reports:read");
        assertThat(required(request("tools/call", "{\"name\":\"whoami\"}"))).containsExactly("mcp:invoke");
        assertThat(required(request("tools/call", "{\"name\":\"undeclared\"}"))).containsExactly("mcp:invoke");
        assertThat(required(request("tools/list", "{}"))).containsExactly("mcp:invoke");
        assertThat(required(request("prompts/get", "{\"name\":\"summary\"}"))).containsExactly("mcp:invoke", "prompts:use");
        assertThat(required(request("resources/read", "{\"uri\":\"file:///etc/config\"}")))
                .containsExactly("mcp:invoke", "config:read");
        assertThat(required(request("resources/subscribe", "{\"uri\":\"file:///reports/q3.pdf\"}")))
                .containsExactly("mcp:invoke", "reports:read");
        assertThat(required(request("resources/read", "{\"uri\":\"db://main/tables/users\"}")))
                .containsExactly("mcp:invoke", "db:read");
        assertThat(required(request("resources/read", "{\"uri\":\"file:///reports\"}"))).containsExactly("mcp:invoke");
        assertThat(rules.allScopes()).containsExactlyInAnyOrder("mcp:invoke", "reports:read", "prompts:use",
                "config:read", "db:read");
    }

    @Test
    void batchesNotificationsAndResponses() throws Exception {
        assertThat(required("[" + request("tools/list", "{}") + "," + request("prompts/get", "{\"name\":\"summary\"}")
                + ",[],7]")).containsExactly("mcp:invoke", "prompts:use");
        assertThat(required("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"report\"}}"))
                .containsExactly("mcp:invoke", "reports:read");
        assertThat(required("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"method\":\"tools/call\"}}"))
                .containsExactly("mcp:invoke");
        assertThat(required("null")).containsExactly("mcp:invoke");
    }

    @Test
    void theTransportGetsWhatWasChecked() throws Exception {
        ScopeRules.Body body = rules.check(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"whoami\",\"name\":\"re\\u0070ort\"}}  ").getBytes(StandardCharsets.UTF_8),
                McpJsonDefaults.getMapper());
        assertThat(body.required()).containsExactly("mcp:invoke", "reports:read");
        assertThat(new String(body.canonical(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"report\"}}");
        for (String notOneValue : List.of("{\"a\":", "", "{} {\"method\":\"tools/call\"}")) {
            assertThatThrownBy(() -> rules.check(notOneValue.getBytes(StandardCharsets.UTF_8),
                    McpJsonDefaults.getMapper())).as(notOneValue).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void namesThatAreNotPlainStringsAreRefused() {
        for (String body : List.of(request("tools/call", "{\"name\":7}"), request("tools/call", "[\"report\"]"),
                request("tools/call", "null"), request("resources/read", "{\"uri\":{}}"),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}",
                request("prompts/get", "{\"name\":\"sum\\udc00mary\"}"))) {
            assertThatThrownBy(() -> required(body)).as(body).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
