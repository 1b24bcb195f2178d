package dev.wacht.demo;

import dev.wacht.core.ProtectedResourceMetadata;
import dev.wacht.core.WachtConfig;
import dev.wacht.jakarta.filter.WachtFilter;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import dev.wacht.jaxrs.WachtFeature;
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

/** A running demo: Tomcat with the filters and Jersey, and the emulator when no real gateway is configured. */
final class Demo implements AutoCloseable {
    static final String MCP_PERMISSION = "mcp:invoke";
    private static final String RPC_BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"whoami\"}}";
    /** Tomcat's start-up lines would bury the instructions; kept referenced so the level sticks. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");
    /**
     * At shutdown Tomcat warns about the gateway client's idle JDK HttpClient threads, which end with
     * the JVM; kept referenced so the level sticks.
     */
    private static final Logger TOMCAT_LEAK_CHECK_LOG = Logger.getLogger("org.apache.catalina.loader");

    private final Tomcat tomcat;
    private final Path baseDir;
    private final WachtEmulator emulator;
    private final URI baseUrl;
    private final String allowedToken;
    private final String forbiddenToken;
    private final String jwtToken;
    private final CountDownLatch closed = new CountDownLatch(1);

    private Demo(Tomcat tomcat, Path baseDir, WachtEmulator emulator, URI baseUrl, String allowedToken,
            String forbiddenToken, String jwtToken) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.emulator = emulator;
        this.baseUrl = baseUrl;
        this.allowedToken = allowedToken;
        this.forbiddenToken = forbiddenToken;
        this.jwtToken = jwtToken;
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
            String allowed = null;
            String forbidden = null;
            String jwt = null;
            if (emulator != null) {
                URI resourceUri = baseUrl.resolve("/mcp");
                // Opaque tokens go to the emulator's gateway; JWTs are verified against its issuer's JWKS.
                base.config(config.gatewayUrl(emulator.baseUrl()).oauthIssuer(emulator.issuer())
                        .resourceUri(resourceUri).build())
                        .authorizationServers(List.of(URI.create(emulator.issuer())))
                        .resourceName("Wacht demo MCP server");
                allowed = mint(emulator, resourceUri, MCP_PERMISSION, "profile");
                forbidden = mint(emulator, resourceUri, "profile");
                jwt = emulator.mintJwt(TokenRequest.builder().scopes(MCP_PERMISSION, "profile").build()).accessToken();
            } else {
                base.config(config.gatewayUrl(options.gatewayUrl()).build());
            }
            WachtFilterOptions mcp = base.resource("mcp").requiredPermissions(MCP_PERMISSION).build();
            WachtFilterOptions api = base.resource(WachtFilterOptions.PATH_RESOURCE).requiredPermissions().build();

            Context context = tomcat.addContext("", null);
            context.addServletContainerInitializer((classes, servletContext) -> {
                WachtFilter.register(servletContext, "wacht-mcp", mcp, "/mcp", "/mcp/*",
                        ProtectedResourceMetadata.WELL_KNOWN_PATH + "/*");
                WachtFilter.register(servletContext, "wacht-api", api, "/api/*");
            }, null);
            ResourceConfig application = new ResourceConfig(HealthResource.class, McpResource.class, MeResource.class)
                    .register(new WachtFeature(api.config()))
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                    .property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "DATASOURCE");
            Tomcat.addServlet(context, "jersey", new ServletContainer(application)).setAsyncSupported(true);
            context.addServletMappingDecoded("/*", "jersey");
            tomcat.start();

            Demo demo = new Demo(tomcat, baseDir, emulator, baseUrl, allowed, forbidden, jwt);
            demo.printInstructions(out, mcp);
            return demo;
        } catch (IOException | LifecycleException | RuntimeException e) {
            stopQuietly(tomcat, emulator, baseDir);
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String mint(WachtEmulator emulator, URI resourceUri, String... scopes) {
        return emulator.mintToken(TokenRequest.builder().scopes(scopes).oauthResource(resourceUri.toString()).build())
                .accessToken();
    }

    private void printInstructions(PrintStream out, WachtFilterOptions mcp) {
        String mcpUrl = baseUrl + "/mcp";
        String rpc = " -H 'Content-Type: application/json' -d '" + RPC_BODY + "'";
        out.println();
        out.println("Wacht demo resource server: " + baseUrl);
        out.println("  public:    GET  " + baseUrl + "/health");
        out.println("  protected: POST " + mcpUrl + " (needs " + MCP_PERMISSION + "), GET " + baseUrl + "/api/me");
        mcp.metadata().ifPresent(m -> out.println("  RFC 9728:  GET  " + baseUrl + m.path()));
        out.println(mcp.config().cacheEnabled()
                ? "Verification cache on: answers reused for up to " + mcp.config().cacheMaxTtl().toSeconds() + " s"
                : "Verification cache off: every request asks Wacht (--cache turns it on)");
        if (emulator == null) {
            out.println("Using the Wacht gateway at " + mcp.config().gatewayUrl() + "; no demo tokens are minted.");
        } else {
            out.println("Wacht emulator (gateway and /_emulator/ admin API): " + emulator.baseUrl());
            out.println();
            out.println("Allowed (200), a token with " + MCP_PERMISSION + ":");
            out.println("  curl -i -X POST " + mcpUrl + " -H 'Authorization: Bearer " + allowedToken + "'" + rpc);
            out.println("Forbidden (403), a token without " + MCP_PERMISSION + ":");
            out.println("  curl -i -X POST " + mcpUrl + " -H 'Authorization: Bearer " + forbiddenToken + "'" + rpc);
            out.println("Unauthenticated (401), no token:");
            out.println("  curl -i -X POST " + mcpUrl + rpc);
            out.println("Allowed (200), a JWT access token verified locally against the emulator's JWKS:");
            out.println("  curl -i -X POST " + mcpUrl + " -H 'Authorization: Bearer " + jwtToken + "'" + rpc);
            out.println("Who am I:");
            out.println("  curl -s " + baseUrl + "/api/me -H 'Authorization: Bearer " + allowedToken + "'");
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
        stopQuietly(tomcat, emulator, baseDir);
        closed.countDown();
    }

    private static void stopQuietly(Tomcat tomcat, WachtEmulator emulator, Path baseDir) {
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
