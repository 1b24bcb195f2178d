package dev.wacht.mcp;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The answers {@link WachtMcpFilter} gives itself, before the MCP transport sees a request: a JSON-RPC
 * error response without id, as the MCP transport spec allows for HTTP-level refusals. (Refusals about
 * the credential or its scopes come from the servlet filter, with {@code WWW-Authenticate}.)
 */
final class McpAnswers {
    /** JSON-RPC: the body is not JSON. */
    static final int PARSE_ERROR = -32700;
    /** JSON-RPC: the body is not an acceptable request. */
    static final int INVALID_REQUEST = -32600;
    /** The code the MCP SDKs use for a session they do not know. */
    static final int SESSION_NOT_FOUND = -32001;

    private McpAnswers() {
    }

    static void send(HttpServletResponse response, int status, int code, String message) throws IOException {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":\"" + message
                + "\"}}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
