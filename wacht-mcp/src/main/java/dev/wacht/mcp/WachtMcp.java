package dev.wacht.mcp;

import dev.wacht.core.WachtPrincipal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * The verified caller inside MCP handlers. Give the SDK's servlet transport
 * {@link #contextExtractor()}, and a tool handler reads its caller in one line:
 * {@code WachtPrincipal caller = WachtMcp.caller(exchange);} (sync and async servers), or
 * {@code WachtMcp.caller(context)} in a stateless server's handler.
 */
public final class WachtMcp {
    /** The key of the principal in the {@link McpTransportContext}: {@value}. */
    public static final String CONTEXT_KEY = WachtPrincipal.REQUEST_ATTRIBUTE;

    private static final McpTransportContextExtractor<HttpServletRequest> EXTRACTOR = request -> {
        Object principal = request.getAttribute(WachtPrincipal.REQUEST_ATTRIBUTE);
        return principal instanceof WachtPrincipal
                ? McpTransportContext.create(Map.of(CONTEXT_KEY, principal)) : McpTransportContext.EMPTY;
    };

    private WachtMcp() {
    }

    /**
     * The extractor for {@code HttpServletStreamableServerTransportProvider.builder().contextExtractor(…)}
     * and {@code HttpServletStatelessServerTransport.builder().contextExtractor(…)}: it puts the principal
     * that {@link WachtMcpFilter} verified for the HTTP request into the MCP transport context.
     */
    public static McpTransportContextExtractor<HttpServletRequest> contextExtractor() {
        return EXTRACTOR;
    }

    /**
     * The caller of a sync server's handler.
     *
     * @throws IllegalStateException when the transport context holds no principal (see {@link #caller(McpTransportContext)})
     */
    public static WachtPrincipal caller(McpSyncServerExchange exchange) {
        return caller(exchange.transportContext());
    }

    /**
     * The caller of an async server's handler.
     *
     * @throws IllegalStateException when the transport context holds no principal (see {@link #caller(McpTransportContext)})
     */
    public static WachtPrincipal caller(McpAsyncServerExchange exchange) {
        return caller(exchange.transportContext());
    }

    /**
     * The caller in a transport context, such as the one a stateless server's handler receives.
     *
     * @throws IllegalStateException when it holds no principal: the transport was built without
     *     {@link #contextExtractor()}, or {@link WachtMcpFilter} is not mapped to the MCP endpoint
     */
    public static WachtPrincipal caller(McpTransportContext context) {
        Object principal = context == null ? null : context.get(CONTEXT_KEY);
        if (principal instanceof WachtPrincipal caller) {
            return caller;
        }
        throw new IllegalStateException("No Wacht caller in the MCP transport context: build the servlet transport "
                + "with .contextExtractor(WachtMcp.contextExtractor()) and map WachtMcpFilter to the MCP endpoint");
    }
}
