package dev.wacht.mcp;

import dev.wacht.core.WachtConfig;
import dev.wacht.core.WachtPrincipal;
import dev.wacht.jakarta.filter.WachtFilter;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import reactor.core.publisher.Mono;

/**
 * An MCP server built on the SDK's servlet transport (streamable sync, streamable async or stateless),
 * protected by {@link WachtMcpFilter}, on embedded Tomcat with the Wacht emulator. Its tools:
 * {@code whoami} (base scope {@code mcp:invoke} only) answers with the caller as the handler sees it;
 * {@code report} needs {@code reports:read} too and counts its runs.
 */
final class McpTestServer implements AutoCloseable {
    static final String BASE_SCOPE = "mcp:invoke";
    static final String REPORT_SCOPE = "reports:read";
    static final String ALLOWED_ORIGIN = "https://app.example.com";

    enum Kind { STREAMABLE_SYNC, STREAMABLE_ASYNC, STATELESS_SYNC }

    final WachtEmulator emulator;
    final URI baseUrl;
    final URI resourceUri;
    final AtomicInteger reportRuns = new AtomicInteger();
    private final Tomcat tomcat;
    private AutoCloseable server;

    McpTestServer(Kind kind, Consumer<WachtMcpOptions.Builder> customize) {
        this(kind, customize, false);
    }

    /**
     * @param outerFilter whether a plain servlet filter on {@code /*}, requiring no scope, authenticates
     *     every request before the MCP filter (an application that protects everything with it)
     */
    McpTestServer(Kind kind, Consumer<WachtMcpOptions.Builder> customize, boolean outerFilter) {
        emulator = WachtEmulator.builder().start();
        tomcat = new Tomcat();
        try {
            Path baseDir = Files.createTempDirectory("wacht-mcp-test");
            baseDir.toFile().deleteOnExit();
            tomcat.setBaseDir(baseDir.toString());
            tomcat.setPort(0);
            tomcat.getConnector();
            tomcat.init();
            baseUrl = URI.create("http://localhost:" + tomcat.getConnector().getLocalPort());
            resourceUri = baseUrl.resolve("/mcp");
            WachtMcpOptions.Builder options = WachtMcpOptions.builder()
                    .filter(WachtFilterOptions.builder()
                            .config(WachtConfig.builder().gatewayUrl(emulator.baseUrl().toString())
                                    .oauthIssuer(emulator.issuer()).resourceUri(resourceUri).build())
                            .resource("mcp")
                            .requiredPermissions(BASE_SCOPE)
                            .authorizationServers(List.of(URI.create(emulator.issuer()))))
                    .toolScopes("whoami")
                    .toolScopes("report", REPORT_SCOPE)
                    .allowedOrigins(ALLOWED_ORIGIN);
            customize.accept(options);
            WachtMcpOptions built = options.build();
            Context context = tomcat.addContext("", null);
            context.addServletContainerInitializer((classes, servletContext) -> {
                if (outerFilter) {
                    WachtFilter.register(servletContext, "wacht-everything", WachtFilterOptions.builder()
                            .config(built.filterOptions().config()).build(), "/*");
                }
                WachtMcpFilter.register(servletContext, "wacht-mcp", built, "/mcp");
            }, null);
            Tomcat.addServlet(context, "mcp", transport(kind)).setAsyncSupported(true);
            context.addServletMappingDecoded("/mcp", "mcp");
            Tomcat.addServlet(context, "default", new HttpServlet() {
                private static final long serialVersionUID = 1L;
            });
            context.addServletMappingDecoded("/", "default");
            tomcat.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (LifecycleException | RuntimeException e) {
            close();
            throw new IllegalStateException(e);
        }
    }

    McpTestServer(Kind kind) {
        this(kind, options -> { });
    }

    private HttpServlet transport(Kind kind) {
        McpSchema.ServerCapabilities tools = McpSchema.ServerCapabilities.builder().tools(true).build();
        if (kind == Kind.STATELESS_SYNC) {
            HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                    .messageEndpoint("/mcp").contextExtractor(WachtMcp.contextExtractor()).build();
            McpStatelessSyncServer stateless = McpServer.sync(transport).serverInfo("wacht-test", "1")
                    .capabilities(tools)
                    .tools(McpStatelessServerFeatures.SyncToolSpecification.builder().tool(tool("whoami"))
                                    .callHandler((context, request) -> whoami(WachtMcp.caller(context))).build(),
                            McpStatelessServerFeatures.SyncToolSpecification.builder().tool(tool("report"))
                                    .callHandler((context, request) -> report()).build())
                    .build();
            server = stateless::close;
            return transport;
        }
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").contextExtractor(WachtMcp.contextExtractor()).build();
        if (kind == Kind.STREAMABLE_ASYNC) {
            McpAsyncServer async = McpServer.async(transport).serverInfo("wacht-test", "1").capabilities(tools)
                    .tools(McpServerFeatures.AsyncToolSpecification.builder().tool(tool("whoami"))
                                    .callHandler((exchange, request) -> Mono.just(whoami(WachtMcp.caller(exchange))))
                                    .build(),
                            McpServerFeatures.AsyncToolSpecification.builder().tool(tool("report"))
                                    .callHandler((exchange, request) -> Mono.fromSupplier(this::report)).build())
                    .build();
            server = async::close;
        } else {
            McpSyncServer sync = McpServer.sync(transport).serverInfo("wacht-test", "1").capabilities(tools)
                    .tools(McpServerFeatures.SyncToolSpecification.builder().tool(tool("whoami"))
                                    .callHandler((exchange, request) -> whoami(WachtMcp.caller(exchange))).build(),
                            McpServerFeatures.SyncToolSpecification.builder().tool(tool("report"))
                                    .callHandler((exchange, request) -> report()).build())
                    .build();
            server = sync::close;
        }
        return transport;
    }

    private static McpSchema.Tool tool(String name) {
        return McpSchema.Tool.builder().name(name).description("test tool " + name)
                .inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\"}").build();
    }

    /** What a handler sees of its caller, in one line. */
    static McpSchema.CallToolResult whoami(WachtPrincipal caller) {
        return McpSchema.CallToolResult.builder().addTextContent("subject=" + caller.subject().orElse("-")
                + " client=" + caller.clientId() + " scopes=" + String.join(",", caller.scopes())
                + " granted=" + caller.grantedResource().map(Object::toString).orElse("-")).build();
    }

    private McpSchema.CallToolResult report() {
        reportRuns.incrementAndGet();
        return McpSchema.CallToolResult.builder().addTextContent("the report").build();
    }

    /** An opaque token for this server's resource URI. */
    MintedToken token(String... scopes) {
        return token(TokenRequest.builder().scopes(scopes));
    }

    MintedToken token(TokenRequest.Builder request) {
        return emulator.mintToken(request.oauthResource(resourceUri.toString()).build());
    }

    String metadataUrl() {
        return baseUrl + "/.well-known/oauth-protected-resource/mcp";
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            emulator.close();
        }
    }
}
