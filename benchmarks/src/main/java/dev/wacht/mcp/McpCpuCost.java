package dev.wacht.mcp;

import dev.wacht.core.WachtConfig;
import dev.wacht.jakarta.filter.WachtFilter;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * The CPU cost of wacht-mcp's checks per MCP call, measured as CPU time (not wall time), so that other
 * processes on a busy machine do not blur it, with the two variants alternating round by round in one
 * run:
 * <ul>
 * <li><b>body check</b>: {@link ScopeRules#check} plus the SDK's own parsing of the re-encoded body,
 *     against the SDK's parsing alone, on this thread ({@code ThreadMXBean} CPU time);</li>
 * <li><b>end to end</b>: a {@code tools/call} over loopback to the SDK's stateless transport on embedded
 *     Tomcat 10.1, behind {@link WachtMcpFilter} against the same call behind the servlet filter alone
 *     with the options wacht-mcp gives it (verification cache on in both), as this JVM's CPU time per
 *     call (client, Tomcat, filters, SDK).</li>
 * </ul>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.wacht.mcp.McpCpuCost [rounds]}.
 */
public final class McpCpuCost {
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");
    private static final byte[] CALL = ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"report\",\"arguments\":{\"quarter\":\"2026-Q3\",\"format\":\"pdf\",\"tags\":[\"a\",\"b\"]},"
            + "\"_meta\":{\"progressToken\":\"p-1\"}}}").getBytes(StandardCharsets.UTF_8);

    private McpCpuCost() {
    }

    /** Runs both measurements and prints medians and ratios. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        bodyCheck(rounds);
        endToEnd(rounds);
    }

    private interface Op {
        void run() throws Exception;
    }

    private static void bodyCheck(int rounds) throws Exception {
        McpJsonMapper mapper = McpJsonDefaults.getMapper();
        ScopeRules rules = new ScopeRules(List.of("mcp:invoke"),
                Map.of("whoami", List.of(), "report", List.of("reports:read")), Map.of(), Map.of());
        Op sdkOnly = () -> McpSchema.deserializeJsonRpcMessage(mapper, new String(CALL, StandardCharsets.UTF_8));
        Op withCheck = () -> McpSchema.deserializeJsonRpcMessage(mapper,
                new String(rules.check(CALL, mapper).canonical(), StandardCharsets.UTF_8));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        compare("body check (CPU ns per call, this thread)", rounds, 20_000, sdkOnly, withCheck,
                threads::getCurrentThreadCpuTime);
    }

    // Tomcat 10.1 marks Context.addServletMappingDecoded deprecated (both forms) with no replacement for embedded use.
    @SuppressWarnings("deprecation")
    private static void endToEnd(int rounds) throws Exception {
        TOMCAT_LOG.setLevel(Level.WARNING);
        try (WachtEmulator wacht = WachtEmulator.start()) {
            wacht.setRateLimits(List.of());
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("wacht-mcp-cpu").toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
            tomcat.init();
            String base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
            URI resource = URI.create(base + "/mcp");
            WachtMcpOptions options = WachtMcpOptions.builder()
                    .filter(WachtFilterOptions.builder()
                            .config(WachtConfig.builder().gatewayUrl(wacht.baseUrl()).resourceUri(resource)
                                    .cacheMaxTtl(Duration.ofMinutes(5)).build())
                            .resource("mcp").requiredPermissions("mcp:invoke"))
                    .toolScopes("report", "reports:read")
                    .build();
            Context context = tomcat.addContext("", null);
            List<McpStatelessSyncServer> servers = new ArrayList<>();
            context.addServletContainerInitializer((classes, servletContext) -> {
                WachtFilter.register(servletContext, "plain", options.filterOptions(), "/plain/mcp");
                WachtMcpFilter.register(servletContext, "checked", options, "/checked/mcp");
            }, null);
            for (String path : List.of("/plain/mcp", "/checked/mcp")) {
                HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                        .messageEndpoint("/mcp").contextExtractor(WachtMcp.contextExtractor()).build();
                McpSchema.Tool tool = McpSchema.Tool.builder("report", McpJsonDefaults.getMapper(),
                        "{\"type\":\"object\"}").description("report").build();
                servers.add(McpServer.sync(transport).serverInfo("cpu", "1")
                        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                        .tools(SyncToolSpecification.builder().tool(tool).callHandler((ctx, call) ->
                                McpSchema.CallToolResult.builder().addTextContent(WachtMcp.caller(ctx).getName())
                                        .build()).build())
                        .build());
                Tomcat.addServlet(context, path, transport).setAsyncSupported(true);
                context.addServletMappingDecoded(path, path);
            }
            tomcat.start();
            String token = wacht.mintToken(TokenRequest.builder().scopes("mcp:invoke", "reports:read")
                    .oauthResource(resource.toString()).build()).accessToken();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Op plain = call(client, base + "/plain/mcp", token);
            Op checked = call(client, base + "/checked/mcp", token);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            // Process CPU time ticks in jiffies (10 ms): 3000 calls a round resolve about 3 us per call.
            compare("end to end (process CPU ns per tools/call)", Math.max(5, rounds / 3), 3000, plain, checked,
                    os::getProcessCpuTime);
            servers.forEach(McpStatelessSyncServer::close);
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static Op call(HttpClient client, String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(CALL)).build();
        return () -> {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || !answer.body().contains("\"text\":\"1\"")) {
                throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
            }
        };
    }

    /** Alternates A and B, {@code perRound} calls each, over {@code rounds} rounds after as many warm-up rounds. */
    private static void compare(String what, int rounds, int perRound, Op a, Op b,
            java.util.function.LongSupplier cpu) throws Exception {
        double[] as = new double[rounds];
        double[] bs = new double[rounds];
        for (int r = -rounds; r < rounds; r++) {
            double costA = measure(a, perRound, cpu);
            double costB = measure(b, perRound, cpu);
            if (r >= 0) {
                as[r] = costA;
                bs[r] = costB;
            }
        }
        double medianA = median(as);
        double medianB = median(bs);
        System.out.printf(Locale.ROOT, "%s: without %.0f, with %.0f, ratio %.3f (+%.0f ns; median of %d rounds "
                + "of %d calls each)%n", what, medianA, medianB, medianB / medianA, medianB - medianA, rounds, perRound);
    }

    private static double measure(Op op, int calls, java.util.function.LongSupplier cpu) throws Exception {
        long start = cpu.getAsLong();
        for (int i = 0; i < calls; i++) {
            op.run();
        }
        return (double) (cpu.getAsLong() - start) / calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
