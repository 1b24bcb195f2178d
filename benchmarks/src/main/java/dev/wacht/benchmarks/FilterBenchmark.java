package dev.wacht.benchmarks;

import dev.wacht.core.WachtConfig;
import dev.wacht.jakarta.filter.WachtFilter;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import dev.wacht.testkit.MintedClient;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The servlet filter end to end: an embedded Tomcat 10.1 on loopback serving a 2-byte answer, and a
 * load generator of {@value #USERS} concurrent virtual users (JMH threads sharing one JDK
 * {@link HttpClient}, each sending its next request when the last one was answered). The same
 * endpoint is measured unprotected (the baseline), behind the filter with the cache on, behind the
 * filter with the cache off (every request asks the in-process emulator's gateway), and behind Spring
 * Security's bearer-token filter chain with RFC 7662 introspection against the same emulator (every
 * request introspects; built by hand from Spring's filters, without Spring Boot or a Spring context).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(FilterBenchmark.USERS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
public class FilterBenchmark {
    /** Concurrent virtual users. */
    static final int USERS = 8;
    /** Kept referenced so the level sticks. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    /** Which endpoint: {@code unprotected}, {@code cache-on}, {@code cache-off} or {@code spring-chain}. */
    @Param({"unprotected", "cache-on", "cache-off", "spring-chain"})
    public String endpoint;

    private WachtEmulator wacht;
    private Tomcat tomcat;
    private Path baseDir;
    private HttpClient client;
    private HttpRequest request;

    /** A servlet answering {@code ok}. */
    static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setContentLength(OK.length);
            resp.getOutputStream().write(OK);
        }
    }

    /** Starts the emulator and Tomcat with the three endpoints; checks the chosen one answers 200. */
    @Setup
    public void setUp() throws Exception {
        TOMCAT_LOG.setLevel(Level.WARNING);
        wacht = WachtEmulator.start();
        wacht.setRateLimits(List.of());
        MintedClient introspecting = wacht.createClient("client_secret_basic");
        String token = wacht.mintToken(TokenRequest.builder().scopes("mcp:invoke").clientId(introspecting.clientId())
                .build()).accessToken();
        Filter spring = springChain(wacht.baseUrl() + "/oauth/introspect", introspecting.clientId(),
                introspecting.clientSecret().orElseThrow());
        WachtConfig config = WachtConfig.builder().gatewayUrl(wacht.baseUrl()).build();
        WachtFilterOptions cacheOff = WachtFilterOptions.builder().config(config).resource("mcp")
                .requiredPermissions("mcp:invoke").build();
        WachtFilterOptions cacheOn = WachtFilterOptions.builder()
                .config(config.toBuilder().cacheMaxTtl(Duration.ofMinutes(5)).build()).resource("mcp")
                .requiredPermissions("mcp:invoke").build();

        baseDir = Files.createTempDirectory("wacht-bench");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer((classes, servletContext) -> {
            WachtFilter.register(servletContext, "cache-on", cacheOn, "/cache-on/*");
            WachtFilter.register(servletContext, "cache-off", cacheOff, "/cache-off/*");
            servletContext.addFilter("spring-chain", spring).addMappingForUrlPatterns(null, false, "/spring-chain/*");
        }, null);
        Tomcat.addServlet(context, "hello", new Hello());
        context.addServletMappingDecoded("/*", "hello");
        tomcat.start();

        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort()
                + "/" + endpoint + "/hello")).header("Authorization", "Bearer " + token).GET().build();
        int status = call();
        if (status != 200) {
            throw new IllegalStateException(endpoint + " answered " + status);
        }
    }

    /**
     * Spring Security's resource-server chain for opaque tokens, as {@code http.oauth2ResourceServer(o ->
     * o.opaqueToken(...))} with {@code hasAuthority("SCOPE_mcp:invoke")} assembles it: security context,
     * bearer-token authentication by introspection, exception translation, authorization.
     */
    static Filter springChain(String introspectionUri, String clientId, String clientSecret) throws ServletException {
        OpaqueTokenIntrospector introspector = SpringOpaqueTokenIntrospector.withIntrospectionUri(introspectionUri)
                .clientId(clientId).clientSecret(clientSecret).build();
        FilterChainProxy chain = new FilterChainProxy(new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE,
                new SecurityContextHolderFilter(new RequestAttributeSecurityContextRepository()),
                new BearerTokenAuthenticationFilter(new ProviderManager(new OpaqueTokenAuthenticationProvider(
                        introspector))),
                new ExceptionTranslationFilter(new BearerTokenAuthenticationEntryPoint()),
                new AuthorizationFilter(AuthorityAuthorizationManager.hasAuthority("SCOPE_mcp:invoke"))));
        chain.afterPropertiesSet();
        return chain;
    }

    /** Stops Tomcat and the emulator. */
    @TearDown
    public void tearDown() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        wacht.close();
        try (var files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One request of one virtual user; answers the HTTP status. */
    @Benchmark
    public int call() throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
