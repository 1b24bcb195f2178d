package dev.wacht.benchmarks;

import dev.wacht.core.WachtConfig;
import dev.wacht.jakarta.filter.WachtFilter;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import dev.wacht.mcp.WachtMcp;
import dev.wacht.mcp.WachtMcpFilter;
import dev.wacht.mcp.WachtMcpOptions;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What wacht-mcp's checks cost per MCP call: a {@code tools/call} of a {@code whoami} tool on the MCP
 * Java SDK's stateless servlet transport, on embedded Tomcat 10.1 over loopback, by
 * {@value #USERS} concurrent virtual users. {@code filter-only}: the servlet filter alone, with exactly
 * the options wacht-mcp gives it (the baseline); {@code mcp-check}: {@link WachtMcpFilter}, which adds
 * the Origin check, the session lookup, the bounded body read, the per-tool scope check and the
 * re-encoded body. The verification cache is on in both, so the gateway round trip does not hide the
 * difference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(McpBenchmark.USERS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
public class McpBenchmark {
    /** Concurrent virtual users. */
    static final int USERS = 8;
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"whoami\",\"arguments\":{\"verbose\":false,\"tags\":[\"a\",\"b\"]}}}";
    /** Kept referenced so the level sticks. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    /** {@code filter-only} or {@code mcp-check}. */
    @Param({"filter-only", "mcp-check"})
    public String endpoint;

    private WachtEmulator wacht;
    private Tomcat tomcat;
    private McpStatelessSyncServer server;
    private Path baseDir;
    private HttpClient client;
    private HttpRequest request;

    /** Starts the emulator, Tomcat and the MCP server behind the chosen protection; checks a call answers 200. */
    // Tomcat 10.1 marks Context.addServletMappingDecoded deprecated (both forms) with no replacement for embedded use.
    @SuppressWarnings("deprecation")
    @Setup
    public void setUp() throws Exception {
        TOMCAT_LOG.setLevel(Level.WARNING);
        wacht = WachtEmulator.start();
        wacht.setRateLimits(List.of());
        baseDir = Files.createTempDirectory("wacht-bench-mcp");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
        tomcat.init();
        URI mcpUri = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/mcp");
        String token = wacht.mintToken(TokenRequest.builder().scopes("mcp:invoke", "tools:whoami")
                .oauthResource(mcpUri.toString()).build()).accessToken();
        WachtMcpOptions options = WachtMcpOptions.builder()
                .filter(WachtFilterOptions.builder()
                        .config(WachtConfig.builder().gatewayUrl(wacht.baseUrl()).resourceUri(mcpUri)
                                .cacheMaxTtl(Duration.ofMinutes(5)).build())
                        .resource("mcp").requiredPermissions("mcp:invoke"))
                .toolScopes("whoami", "tools:whoami")
                .build();

        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .messageEndpoint("/mcp").contextExtractor(WachtMcp.contextExtractor()).build();
        McpSchema.Tool whoami = McpSchema.Tool.builder("whoami", McpJsonDefaults.getMapper(),
                "{\"type\":\"object\"}").description("who am I").build();
        server = McpServer.sync(transport).serverInfo("bench", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(SyncToolSpecification.builder().tool(whoami).callHandler((context, call) ->
                        McpSchema.CallToolResult.builder().addTextContent(WachtMcp.caller(context).getName()).build())
                        .build())
                .build();
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer((classes, servletContext) -> {
            if (endpoint.equals("mcp-check")) {
                WachtMcpFilter.register(servletContext, "wacht", options, "/mcp");
            } else {
                WachtFilter.register(servletContext, "wacht", options.filterOptions(), "/mcp");
            }
        }, null);
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "mcp");
        tomcat.start();

        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(mcpUri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(CALL)).build();
        HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 200 || !first.body().contains("\"text\":\"1\"")) {
            throw new IllegalStateException(endpoint + " answered " + first.statusCode() + ": " + first.body());
        }
    }

    /** Stops the MCP server, Tomcat and the emulator. */
    @TearDown
    public void tearDown() throws Exception {
        server.close();
        tomcat.stop();
        tomcat.destroy();
        wacht.close();
        try (var files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One {@code tools/call} of one virtual user; answers the HTTP status. */
    @Benchmark
    public int call() throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
