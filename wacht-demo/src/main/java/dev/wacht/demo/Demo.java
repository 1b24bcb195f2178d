package dev.wacht.demo;

import dev.wacht.core.WachtConfig;
import dev.wacht.jakarta.filter.WachtFilter;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import dev.wacht.jaxrs.WachtFeature;
import dev.wacht.mcp.WachtMcpFilter;
import dev.wacht.mcp.WachtMcpOptions;
import dev.wacht.testkit.Consent;
import dev.wacht.testkit.ScopeDefinition;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * A running demo: Tomcat with an MCP server (the MCP Java SDK's Streamable HTTP transport behind
 * {@link WachtMcpFilter}), Jersey behind the servlet filter, and the emulator when no real gateway is
 * configured.
 */
final class Demo implements AutoCloseable {
    static final String MCP_PERMISSION = "mcp:invoke";
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";
    static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    static final String CALL_WHOAMI = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"" + McpTools.WHOAMI + "\",\"arguments\":{}}}";
    static final String CALL_REPORT = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"" + McpTools.REPORT + "\",\"arguments\":{}}}";
    /** Tomcat's start-up lines would bury the instructions; kept referenced so the level sticks. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");
    /**
     * At shutdown Tomcat warns about the gateway client's idle JDK HttpClient threads, which end with
     * the JVM; kept referenced so the level sticks.
     */
    private static final Logger TOMCAT_LEAK_CHECK_LOG = Logger.getLogger("org.apache.catalina.loader");

    private final Tomcat tomcat;
    private final McpTools mcpTools;
    private final Path baseDir;
    private final WachtEmulator emulator;
    private final URI baseUrl;
    private final String allowedToken;
    private final String forbiddenToken;
    private final String jwtToken;
    private final String reportToken;
    private final CountDownLatch closed = new CountDownLatch(1);

    private Demo(Tomcat tomcat, McpTools mcpTools, Path baseDir, WachtEmulator emulator, URI baseUrl,
            String[] tokens) {
        this.tomcat = tomcat;
        this.mcpTools = mcpTools;
        this.baseDir = baseDir;
        this.emulator = emulator;
        this.baseUrl = baseUrl;
        this.allowedToken = tokens[0];
        this.forbiddenToken = tokens[1];
        this.jwtToken = tokens[2];
        this.reportToken = tokens[3];
    }

    /** Starts Tomcat (and the emulator when {@link DemoOptions#emulated()}) and prints how to try it. */
    // Tomcat 10.1 marks Context.addServletMappingDecoded deprecated (both forms) with no replacement for embedded use.
    @SuppressWarnings("deprecation")
    static Demo start(DemoOptions options, PrintStream out) {
        TOMCAT_LOG.setLevel(Level.WARNING);
        TOMCAT_LEAK_CHECK_LOG.setLevel(Level.SEVERE);
        WachtEmulator emulator = options.emulated() ? WachtEmulator.builder().port(options.emulatorPort()).start() : null;
        Path baseDir = null;
        Tomcat tomcat = new Tomcat();
        McpTools mcpTools = null;
        try {
            baseDir = Files.createTempDirectory("wacht-demo");
            tomcat.setBaseDir(baseDir.toString());
            tomcat.setPort(options.port());
            tomcat.getConnector();
            tomcat.getHost();
            tomcat.init(); // binds the port, so a free port (0) is known before the filters are configured
            URI baseUrl = URI.create("http://localhost:" + tomcat.getConnector().getLocalPort());

            // Every wacht.* / WACHT_* setting applies; the demo then fixes what it needs.
            WachtFilterOptions.Builder base = WachtFilterOptions.builder().apply(WachtConfig.environmentSettings());
            WachtConfig.Builder config = WachtConfig.builder().apply(WachtConfig.environmentSettings());
            if (options.cacheMaxTtl() != null) {
                config.cacheMaxTtl(options.cacheMaxTtl());
            }
            String[] tokens = new String[4];
            if (emulator != null) {
                URI resourceUri = baseUrl.resolve("/mcp");
                // Opaque tokens go to the emulator's gateway; JWTs are verified against its issuer's JWKS.
                base.config(config.gatewayUrl(emulator.baseUrl()).oauthIssuer(emulator.issuer())
                        .resourceUri(resourceUri).build())
                        .authorizationServers(List.of(URI.create(emulator.issuer())))
                        .resourceName("Wacht demo MCP server");
                offerOAuthFlow(emulator);
                tokens[0] = mint(emulator, resourceUri, MCP_PERMISSION, "profile");
                tokens[1] = mint(emulator, resourceUri, "profile");
                tokens[2] = emulator.mintJwt(TokenRequest.builder().scopes(MCP_PERMISSION, "profile").build())
                        .accessToken();
                tokens[3] = mint(emulator, resourceUri, MCP_PERMISSION, McpTools.REPORT_SCOPE, "profile");
            } else {
                base.config(config.gatewayUrl(options.gatewayUrl()).build());
            }
            // The MCP endpoint: every request needs mcp:invoke; the report tool needs reports:read too.
            WachtMcpOptions mcp = WachtMcpOptions.builder()
                    .filter(base.resource("mcp").requiredPermissions(MCP_PERMISSION))
                    .toolScopes(McpTools.WHOAMI)
                    .toolScopes(McpTools.REPORT, McpTools.REPORT_SCOPE)
                    .build();
            // Only /mcp is bound to the resource URI: Wacht's JWTs name no resource, so /mcp refuses them
            // while /api (no resource URI) verifies them locally.
            WachtFilterOptions api = base.config(mcp.filterOptions().config().toBuilder().resourceUri(null).build())
                    .authorizationServers(List.of()).resourceName(null).scopesSupported(null).challengeScopes(List.of())
                    .resource(WachtFilterOptions.PATH_RESOURCE).requiredPermissions().build();
            McpTools tools = new McpTools();
            mcpTools = tools;

            Context context = tomcat.addContext("", null);
            context.addServletContainerInitializer((classes, servletContext) -> {
                WachtMcpFilter.register(servletContext, "wacht-mcp", mcp, "/mcp");
                WachtFilter.register(servletContext, "wacht-api", api, "/api/*");
            }, null);
            ResourceConfig application = new ResourceConfig(HealthResource.class, MeResource.class)
                    .register(new WachtFeature(api.config()))
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                    .property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "DATASOURCE");
            Tomcat.addServlet(context, "jersey", new ServletContainer(application)).setAsyncSupported(true);
            context.addServletMappingDecoded("/*", "jersey");
            Tomcat.addServlet(context, "mcp", tools.servlet()).setAsyncSupported(true);
            context.addServletMappingDecoded("/mcp", "mcp");
            tomcat.start();

            Demo demo = new Demo(tomcat, tools, baseDir, emulator, baseUrl, tokens);
            demo.printInstructions(out, mcp);
            return demo;
        } catch (IOException | LifecycleException | RuntimeException e) {
            stopQuietly(tomcat, mcpTools, emulator, baseDir);
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Lets an MCP client get its own token: the emulator is the authorization server the RFC 9728 document
     * names, with {@value #MCP_PERMISSION} and the report tool's scope as app scopes, dynamic client
     * registration on, and consent given by a person on the emulator's HTML page.
     */
    private static void offerOAuthFlow(WachtEmulator emulator) {
        emulator.defineScope(ScopeDefinition.of(MCP_PERMISSION, "", null, null));
        emulator.defineScope(ScopeDefinition.of(McpTools.REPORT_SCOPE, "", null, null)); // the report tool's step-up
        emulator.allowDynamicClientRegistration(true);
        emulator.setConsent(Consent.page());
    }

    private void printOAuthFlow(PrintStream out) {
        out.println("MCP OAuth flow, offline (the emulator is this server's authorization server):");
        out.println("  npx @modelcontextprotocol/inspector, then transport Streamable HTTP, URL " + baseUrl + "/mcp, "
                + "Connect");
        out.println("  The client follows the 401 to the metadata, registers at " + emulator.issuer()
                + "/oauth/register, and opens the emulator's consent page: Approve as user 1.");
        out.println("  Approve without the page: curl -X POST " + emulator.baseUrl() + "/_emulator/oauth/consent"
                + " -H 'Content-Type: application/json' -d '{\"mode\":\"approve\",\"user_id\":\"1\"}'");
    }

    private static String mint(WachtEmulator emulator, URI resourceUri, String... scopes) {
        return emulator.mintToken(TokenRequest.builder().scopes(scopes).oauthResource(resourceUri.toString()).build())
                .accessToken();
    }

    private void printInstructions(PrintStream out, WachtMcpOptions mcpOptions) {
        WachtFilterOptions mcp = mcpOptions.filterOptions();
        String mcpUrl = baseUrl + "/mcp";
        out.println();
        out.println("Wacht demo resource server: " + baseUrl);
        out.println("  public:    GET  " + baseUrl + "/health");
        out.println("  MCP:       " + mcpUrl + " (Streamable HTTP, MCP Java SDK; every request needs "
                + MCP_PERMISSION + "; tools " + McpTools.WHOAMI + ", and " + McpTools.REPORT + " which needs "
                + McpTools.REPORT_SCOPE
                + " too)");
        out.println("  protected: GET  " + baseUrl + "/api/me");
        mcp.metadata().ifPresent(m -> out.println("  RFC 9728:  GET  " + baseUrl + m.path()));
        out.println(mcp.config().cacheEnabled()
                ? "Verification cache on: answers reused for up to " + mcp.config().cacheMaxTtl().toSeconds() + " s"
                : "Verification cache off: every request asks Wacht (--cache turns it on)");
        if (emulator == null) {
            out.println("Using the Wacht gateway at " + mcp.config().gatewayUrl() + "; no demo tokens are minted.");
        } else {
            out.println("Wacht emulator (gateway and /_emulator/ admin API): " + emulator.baseUrl());
            out.println();
            out.println("Connect an MCP client (Streamable HTTP) to " + mcpUrl + " with the header");
            out.println("  Authorization: Bearer " + allowedToken);
            out.println("  e.g. the MCP Inspector (npx @modelcontextprotocol/inspector), or the Java SDK's client:");
            out.println("  McpClient.sync(HttpClientStreamableHttpTransport.builder(\"" + baseUrl
                    + "\").endpoint(\"/mcp\")");
            out.println("      .httpRequestCustomizer((request, method, uri, body, context) -> request.header(");
            out.println("          \"Authorization\", \"Bearer " + allowedToken + "\")).build()).build()");
            out.println("Its whoami tool answers; its report tool is refused with 403 and scope=\"" + MCP_PERMISSION
                    + " " + McpTools.REPORT_SCOPE + "\" (step up). A token with " + McpTools.REPORT_SCOPE
                    + " as well:");
            out.println("  Authorization: Bearer " + reportToken);
            out.println();
            String json = " -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'";
            String allowed = " -H 'Authorization: Bearer " + allowedToken + "'";
            out.println("Or by hand with curl. Allowed (200): open a session, then call whoami in it:");
            out.println("  curl -i -X POST " + mcpUrl + allowed + json + " -d '" + INITIALIZE + "'");
            out.println("  curl -i -X POST " + mcpUrl + allowed + json + " -H 'Mcp-Session-Id: <from the answer above>'"
                    + " -d '" + CALL_WHOAMI + "'");
            out.println("Step-up (403, scope=\"" + MCP_PERMISSION + " " + McpTools.REPORT_SCOPE
                    + "\"), the report tool with a token lacking " + McpTools.REPORT_SCOPE + ":");
            out.println("  curl -i -X POST " + mcpUrl + allowed + json + " -d '" + CALL_REPORT + "'");
            out.println("Forbidden (403), a token without " + MCP_PERMISSION + ":");
            out.println("  curl -i -X POST " + mcpUrl + " -H 'Authorization: Bearer " + forbiddenToken + "'" + json
                    + " -d '" + INITIALIZE + "'");
            out.println("Unauthenticated (401, with resource_metadata and scope), no token:");
            out.println("  curl -i -X POST " + mcpUrl + json + " -d '" + INITIALIZE + "'");
            out.println("Refused (401), a JWT access token: it names no resource, and " + mcpUrl + " is bound to one:");
            out.println("  curl -i -X POST " + mcpUrl + " -H 'Authorization: Bearer " + jwtToken + "'" + json
                    + " -d '" + INITIALIZE + "'");
            out.println("Allowed (200), the same JWT verified locally against the emulator's JWKS on /api/me:");
            out.println("  curl -s " + baseUrl + "/api/me -H 'Authorization: Bearer " + jwtToken + "'");
            out.println("Who am I (JAX-RS):");
            out.println("  curl -s " + baseUrl + "/api/me -H 'Authorization: Bearer " + allowedToken + "'");
            out.println();
            printOAuthFlow(out);
        }
        out.println();
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }

    /** The server's base URL, e.g. {@code http://localhost:8080}. */
    URI baseUrl() {
        return baseUrl;
    }

    /** The emulator-minted token holding {@value #MCP_PERMISSION}, or null with a real gateway. */
    String allowedToken() {
        return allowedToken;
    }

    /** The emulator-minted JWT access token holding {@value #MCP_PERMISSION}, or null with a real gateway. */
    String jwtToken() {
        return jwtToken;
    }

    /** The emulator-minted token holding {@value #MCP_PERMISSION} and the report scope, or null with a real gateway. */
    String reportToken() {
        return reportToken;
    }

    /** The emulator-minted token without {@value #MCP_PERMISSION}, or null with a real gateway. */
    String forbiddenToken() {
        return forbiddenToken;
    }

    /** Blocks until {@link #close()} has run. */
    void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops Tomcat and the emulator and removes Tomcat's work directory. Idempotent. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        stopQuietly(tomcat, mcpTools, emulator, baseDir);
        closed.countDown();
    }

    private static void stopQuietly(Tomcat tomcat, McpTools mcpTools, WachtEmulator emulator, Path baseDir) {
        if (mcpTools != null) {
            mcpTools.close();
        }
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("wacht-demo: Tomcat did not stop cleanly: " + e.getMessage());
        }
        if (emulator != null) {
            emulator.close();
        }
        if (baseDir != null) {
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
