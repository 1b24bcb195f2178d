package dev.wacht.demo;

import dev.wacht.core.WachtPrincipal;
import dev.wacht.mcp.WachtMcp;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The demo's MCP server on the MCP Java SDK's Streamable HTTP servlet transport: {@code whoami} (needs
 * {@value Demo#MCP_PERMISSION}) tells the caller who the access token belongs to, as the handler sees
 * it; {@code report} needs {@value #REPORT_SCOPE} as well (declared next to it in {@link Demo}).
 */
final class McpTools {
    static final String WHOAMI = "whoami";
    static final String REPORT = "report";
    static final String REPORT_SCOPE = "reports:read";

    private final HttpServletStreamableServerTransportProvider transport;
    private final McpSyncServer server;

    McpTools() {
        transport = HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp")
                .contextExtractor(WachtMcp.contextExtractor()).build();
        server = McpServer.sync(transport).serverInfo("wacht-demo", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool(WHOAMI, "Tells who the access token belongs to, as the tool handler sees it"),
                        tool(REPORT, "A report that needs the " + REPORT_SCOPE + " scope on top of "
                                + Demo.MCP_PERMISSION))
                .build();
    }

    private static SyncToolSpecification tool(String name, String description) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, McpJsonDefaults.getMapper(), "{\"type\":\"object\"}")
                .description(description).build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            WachtPrincipal caller = WachtMcp.caller(exchange);
            String text = WHOAMI.equals(name) ? describe(caller)
                    : "Quarterly report for " + caller.getName() + ": all systems nominal.";
            return McpSchema.CallToolResult.builder().addTextContent(text).build();
        }).build();
    }

    /** The caller as a tool handler sees it. */
    static String describe(WachtPrincipal caller) {
        return "You are " + caller.getName() + " (client " + caller.clientId() + "), with scopes "
                + String.join(" ", caller.scopes())
                + caller.grantedResource().map(r -> ", acting on " + r.urn()).orElse("")
                + caller.expiresAt().map(t -> ", until " + t).orElse("") + ".";
    }

    /** The servlet to map to {@code /mcp}. */
    HttpServletStreamableServerTransportProvider servlet() {
        return transport;
    }

    /** Closes the MCP sessions. */
    void close() {
        server.close();
    }
}
