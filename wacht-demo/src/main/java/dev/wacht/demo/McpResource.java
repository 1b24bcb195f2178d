package dev.wacht.demo;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /mcp}: a tiny JSON-RPC endpoint in the shape of an MCP server, with the methods
 * {@code ping}, {@code tools/list} and {@code tools/call} of one tool, {@code whoami}.
 */
@Path("/mcp")
public class McpResource {
    /** Answers one JSON-RPC request. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> call(Map<String, Object> request, @Context SecurityContext security) {
        Object id = request == null ? null : request.get("id");
        Object method = request == null ? null : request.get("method");
        if ("ping".equals(method)) {
            return result(id, Map.of());
        }
        if ("tools/list".equals(method)) {
            return result(id, Map.of("tools", List.of(Map.of("name", "whoami",
                    "description", "Tells who the access token belongs to"))));
        }
        if ("tools/call".equals(method)) {
            String text = "You are " + security.getUserPrincipal().getName() + ", authenticated with a Wacht "
                    + security.getAuthenticationScheme() + " token.";
            return result(id, Map.of("content", List.of(Map.of("type", "text", "text", text))));
        }
        Map<String, Object> error = Map.of("code", -32601, "message", "Method not found");
        return envelope(id, "error", error);
    }

    private static Map<String, Object> result(Object id, Object result) {
        return envelope(id, "result", result);
    }

    private static Map<String, Object> envelope(Object id, String key, Object value) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put(key, value);
        return response;
    }
}
