package dev.wacht.it.app;

import dev.wacht.core.WachtPrincipal;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import dev.wacht.mcp.WachtMcp;
import dev.wacht.mcp.WachtMcpFilter;
import dev.wacht.mcp.WachtMcpOptions;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;

/**
 * An MCP server on the MCP Java SDK's Streamable HTTP servlet transport at {@code /mcp}, protected by
 * {@link WachtMcpFilter}, set up by a listener declared in web.xml; the Wacht settings are the
 * application's {@code wacht.*} context-params. Tools: {@code whoami} (the caller as the handler sees
 * it) and {@code report} (needs {@code reports:read} on top of the base {@code mcp:invoke}).
 */
public class McpApp implements ServletContextListener {
    private McpSyncServer server;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").contextExtractor(WachtMcp.contextExtractor()).build();
        server = McpServer.sync(transport).serverInfo("wacht-it", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("whoami"), tool("report"))
                .build();
        WachtMcpOptions options = WachtMcpOptions.builder()
                .filter(WachtFilterOptions.builder().apply(name -> context.getInitParameter("wacht." + name)))
                .toolScopes("whoami")
                .toolScopes("report", "reports:read")
                .build();
        ServletRegistration.Dynamic servlet = context.addServlet("mcp", transport);
        servlet.setAsyncSupported(true);
        servlet.addMapping("/mcp");
        WachtMcpFilter.register(context, "wacht-mcp", options, "/mcp");
    }

    private static SyncToolSpecification tool(String name) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, McpJsonDefaults.getMapper(), "{\"type\":\"object\"}")
                .description(name).build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            WachtPrincipal caller = WachtMcp.caller(exchange);
            return McpSchema.CallToolResult.builder().addTextContent(name + ":subject=" + caller.subject().orElse("-")
                    + ",scopes=" + String.join(" ", caller.scopes())).build();
        }).build();
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        server.close();
    }
}
