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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
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
 * An embedded Tomcat on loopback serving a 2-byte answer at {@code /{endpoint}/hello} for four
 * endpoints: {@code unprotected}; {@code cache-on} and {@code cache-off}, behind the {@link WachtFilter}
 * asking the given emulator's gateway; and {@code spring-chain}, behind Spring Security's bearer-token
 * filter chain introspecting at the same emulator (built by hand from Spring's filters, without Spring
 * Boot or a Spring context). {@link #token()} is accepted by all of them.
 */
final class ProtectedTomcat implements AutoCloseable {
    /** The endpoints, unprotected first. */
    static final List<String> ENDPOINTS = List.of("unprotected", "cache-on", "cache-off", "spring-chain");
    /** Kept referenced so the level sticks. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private final Tomcat tomcat;
    private final Path baseDir;
    private final String token;

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

    ProtectedTomcat(WachtEmulator wacht) throws IOException, ServletException, LifecycleException {
        TOMCAT_LOG.setLevel(Level.WARNING);
        MintedClient introspecting = wacht.createClient("client_secret_basic");
        token = wacht.mintToken(TokenRequest.builder().scopes("mcp:invoke").clientId(introspecting.clientId())
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
    }

    /** A token every endpoint accepts. */
    String token() {
        return token;
    }

    /** The URL of one endpoint. */
    URI url(String endpoint) {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/" + endpoint + "/hello");
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

    /** Stops Tomcat and removes its directory. */
    @Override
    public void close() throws LifecycleException, IOException {
        tomcat.stop();
        tomcat.destroy();
        try (var files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
