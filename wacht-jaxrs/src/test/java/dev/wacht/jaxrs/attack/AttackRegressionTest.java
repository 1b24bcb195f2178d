package dev.wacht.jaxrs.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtConfig;
import dev.wacht.jakarta.filter.WachtFilter;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import dev.wacht.jaxrs.WachtFeature;
import dev.wacht.testkit.RateLimitRule;
import dev.wacht.testkit.internal.RawHttp;
import dev.wacht.testkit.RecordedCheck;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12's attacks, replayed against a running application: embedded Tomcat 10.1 with the servlet
 * filter on {@code /*} (exclusions {@code /public/*} and {@code /health}, a trusted proxy), a second
 * filter on {@code /admin/*} requiring {@code admin}, protected servlets reached by include, forward
 * and async dispatch, and Jersey on {@code /*} with catch-all resources that route on the raw URI;
 * plus Jersey on the JDK HTTP server with the JAX-RS adapter alone. Every case asserts the answer,
 * that no protected code ran, and where it matters that the gateway was not asked.
 */
@ExtendWith(WachtEmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttackRegressionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Kept referenced so the levels stick. */
    private static final Logger WACHT_LOG = Logger.getLogger("dev.wacht");
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private WachtEmulator wacht;
    private Tomcat tomcat;
    private HttpServer jaxrsAlone;
    private URI servlet;
    private URI jaxrs;

    @BeforeAll
    void start(WachtEmulator emulator) throws Exception {
        wacht = emulator;
        TOMCAT_LOG.setLevel(Level.SEVERE);
        WACHT_LOG.setLevel(Level.ALL);
        WACHT_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        WachtConfig config = WachtConfig.builder().gatewayUrl(emulator.baseUrl()).build();
        Path base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        StandardContext context = new StandardContext();
        context.setName("/app");
        context.setPath("/app");
        context.setDocBase(base.toString());
        context.setParentClassLoader(AttackRegressionTest.class.getClassLoader());
        context.addLifecycleListener(new Tomcat.FixContextListener());
        context.addServletContainerInitializer((classes, ctx) -> setUp(ctx, config), null);
        tomcat.getHost().addChild(context);
        tomcat.start();
        servlet = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());

        jaxrsAlone = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
                new ResourceConfig(AttackResources.Jx.class).register(new WachtFeature(config)));
        jaxrs = URI.create("http://127.0.0.1:" + jaxrsAlone.getAddress().getPort());
    }

    private static void setUp(ServletContext ctx, WachtConfig config) {
        WachtFilter.register(ctx, "wacht", WachtFilterOptions.builder().config(config)
                .exclude("/public/*", "/health").trustedProxies("127.0.0.1").build(), "/*");
        WachtFilter.register(ctx, "admin", WachtFilterOptions.builder().config(config)
                .requiredPermissions("admin").build(), "/admin/*");
        servlet(ctx, "secret", "/secret", (req, res) -> {
            Ran.note("secret");
            res.getWriter().print("secret");
        });
        servlet(ctx, "panel", "/admin/panel", (req, res) -> {
            Ran.note("panel");
            res.getWriter().print("panel");
        });
        servlet(ctx, "include", "/public/inc", (req, res) -> {
            res.getWriter().print("before|");
            req.getRequestDispatcher("/secret").include(req, res);
            res.getWriter().print("|after");
        });
        servlet(ctx, "forward", "/public/fwd", (req, res) -> req.getRequestDispatcher("/secret").forward(req, res));
        servlet(ctx, "to-admin", "/to-admin", (req, res) -> req.getRequestDispatcher("/admin/panel").forward(req, res));
        servlet(ctx, "to-admin-async", "/to-admin-async", (req, res) -> {
            AsyncContext async = req.startAsync();
            async.dispatch("/admin/panel");
        });
        ServletRegistration.Dynamic jersey = ctx.addServlet("jersey", new ServletContainer(new ResourceConfig(
                AttackResources.Files.class, AttackResources.Admin.class, AttackResources.Me.class,
                AttackResources.Public.class)));
        jersey.setAsyncSupported(true);
        jersey.addMapping("/*");
    }

    private interface Body {
        void write(HttpServletRequest req, HttpServletResponse res) throws IOException, jakarta.servlet.ServletException;
    }

    private static void servlet(ServletContext ctx, String name, String mapping, Body body) {
        ServletRegistration.Dynamic r = ctx.addServlet(name, new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res)
                    throws IOException, jakarta.servlet.ServletException {
                body.write(req, res);
            }
        });
        r.setAsyncSupported(true);
        r.addMapping(mapping);
    }

    @AfterAll
    void stop() throws Exception {
        jaxrsAlone.stop(0);
        tomcat.stop();
        tomcat.destroy();
    }

    @BeforeEach
    void clean() {
        wacht.reset();
        Ran.clear();
        logged.clear();
    }

    private RawHttp.Response raw(URI server, String target, String... headers) throws IOException {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(Map.entry(headers[i], headers[i + 1]));
        }
        return RawHttp.get(server, target, h, TIMEOUT);
    }

    private String token(String... scopes) {
        return "Bearer " + wacht.mintToken(scopes).accessToken();
    }

    // Finding 1: wacht.exclude bypass when JAX-RS routes on the raw URI.

    @ParameterizedTest
    @ValueSource(strings = {"/files/..;/public/x", "/files/%2e%2e/public/x", "/files/.%2e/public/a",
        "/files/..;/health", "/admin/..;/public/x", "/files/%2E%2E/public/x", "/files/%2e./public/x",
        "/files/..;x=1/public/x", "/files/..%3b/public/x", "/files/..%3B/public/x",
        "/files;/../public/x", "/files/%252e%252e/public/x", "/files/..//public/x", "//files/..;/public/x",
        "/files//..;/public/x", "/files/./..;/public/x", "/admin/..;/health", "/admin/%2e%2e/public/x"})
    void nonNormalPathsAreRefusedBeforeAnyExclusionWithoutAGatewayCall(String path) throws IOException {
        RawHttp.Response r = raw(servlet, "/app" + path);
        assertThat(r.status()).as(path).isEqualTo(400);
        assertThat(r.body()).contains("invalid_request").contains("not in normal form");
        assertThat(Ran.notes()).as(path).isEmpty();
        assertThat(wacht.checks()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/..%2fpublic/x", "/files/..%2Fpublic/x", "/files/..%5cpublic/x",
        "/files/..%5Cpublic/x", "/files/..\\public/x", "/files/%2e%2e%2fpublic%2fx", "/files/..;/..;/public/x"})
    void encodedSeparatorsAreRefusedByTomcatOrTheFilter(String path) throws IOException {
        // Tomcat itself answers 400 for an encoded '/' (encodedSolidusHandling=reject); it resolves
        // /app/files/..;/..;/public/x outside the context (404, no application code). The filter refuses the rest.
        RawHttp.Response r = raw(servlet, "/app" + path);
        assertThat(r.status()).as(path).isIn(400, 404);
        assertThat(Ran.notes()).as(path).isEmpty();
        assertThat(wacht.checks()).isEmpty();
    }

    @Test
    void normalPathsStillWork() throws IOException {
        assertThat(raw(servlet, "/app/public/x").status()).isEqualTo(200);
        assertThat(raw(servlet, "/app/files/a").status()).isEqualTo(401);
        RawHttp.Response allowed = raw(servlet, "/app/files/a/b.txt", "Authorization", token("read"));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(Ran.notes()).containsExactly("files:a/b.txt");
        assertThat(wacht.checks()).extracting(RecordedCheck::resource).containsExactly("/files/a/b.txt");
    }

    // Finding 2: a second filter trusts any earlier principal (also across FORWARD and ASYNC).

    @ParameterizedTest
    @ValueSource(strings = {"/admin/panel", "/to-admin", "/to-admin-async", "/admin/x"})
    void aStackedFilterEnforcesItsOwnRequirement(String path) throws IOException {
        RawHttp.Response r = raw(servlet, "/app" + path, "Authorization", token("read"));
        assertThat(r.status()).as(path).isEqualTo(403);
        assertThat(r.headers("WWW-Authenticate")).singleElement().asString()
                .contains("error=\"insufficient_scope\"").contains("scope=\"admin\"");
        assertThat(Ran.notes()).as(path).isEmpty();
    }

    @Test
    void aStackedFilterReusesAPrincipalThatMeetsItsRequirementWithoutASecondCall() throws IOException {
        RawHttp.Response r = raw(servlet, "/app/to-admin", "Authorization", token("read", "admin"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(Ran.notes()).containsExactly("panel");
        assertThat(wacht.checks()).hasSize(1);
    }

    // Finding 4: INCLUDE dispatches are judged by the included path.

    @Test
    void anExcludedPageCannotIncludeAProtectedOneWithoutACredential() throws IOException {
        RawHttp.Response r = raw(servlet, "/app/public/inc");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret");
        assertThat(Ran.notes()).isEmpty();

        RawHttp.Response withToken = raw(servlet, "/app/public/inc", "Authorization", token("read"));
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.body()).isEqualTo("before|secret|after");
    }

    @Test
    void anExcludedPageCannotForwardToAProtectedOne() throws IOException {
        assertThat(raw(servlet, "/app/public/fwd").status()).isEqualTo(401);
        assertThat(Ran.notes()).isEmpty();
    }

    // Finding 5: one canonical @path resource, so rate limits cannot be evaded.

    @Test
    void aTrailingSlashDoesNotOpenANewRateLimitBucket() throws IOException {
        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofMinutes(10)).withMode(RateLimitRule.Mode.PER_KEY)));
        String token = token("read");
        assertThat(raw(servlet, "/app/api/me", "Authorization", token).status()).isEqualTo(200);
        assertThat(raw(servlet, "/app/api/me", "Authorization", token).status()).isEqualTo(429);
        assertThat(raw(servlet, "/app/api/me/", "Authorization", token).status()).isEqualTo(429);
        assertThat(raw(servlet, "/app/api/me;n=1", "Authorization", token).status()).isEqualTo(400);
        assertThat(Ran.notes()).containsExactly("me");
        assertThat(wacht.checks()).extracting(RecordedCheck::resource).containsOnly("/api/me");
    }

    @Test
    void theJaxRsAdapterAloneRefusesMatrixParametersAndCanonicalisesTheResource() throws IOException {
        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofMinutes(10)).withMode(RateLimitRule.Mode.PER_KEY)));
        String token = token("read");
        assertThat(raw(jaxrs, "/jx/r", "Authorization", token).status()).isEqualTo(200);
        assertThat(raw(jaxrs, "/jx/r", "Authorization", token).status()).isEqualTo(429);
        for (String variant : List.of("/jx/r;n=0", "/jx/r;n=1", "/jx;a=b/r", "/jx/r;", "/jx/%2e/r", "/jx/./r",
                "/jx//r", "/jx/x/../r", "/jx/x/%2E%2E/r")) {
            RawHttp.Response r = raw(jaxrs, variant, "Authorization", token);
            assertThat(r.status()).as(variant).isIn(400, 404);
        }
        assertThat(raw(jaxrs, "/jx/r/", "Authorization", token).status()).isIn(429, 404);
        assertThat(Ran.notes()).containsExactly("jx");
        assertThat(wacht.checks()).extracting(RecordedCheck::resource).containsOnly("/jx/r");
    }

    // Finding 6: log injection.

    @ParameterizedTest
    @ValueSource(strings = {"/api/n%C2%85event=access_allowed%20client_id=oc_root",
        "/api/n%E2%80%A8event=access_allowed", "/api/x%0d%0aevent=forged", "/api/x%0aevent=forged"})
    void requestValuesCannotSplitOrForgeALogLine(String path) throws IOException {
        raw(servlet, "/app" + path, "User-Agent", "ua\u0085event=access_allowed");
        SimpleFormatter formatter = new SimpleFormatter();
        assertThat(logged).isNotEmpty().allSatisfy(record -> assertThat(formatter.formatMessage(record))
                .doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029"));
        assertThat(Ran.notes()).isEmpty();
    }

    // Finding 8: access_token outside the Authorization header; trusted proxies take literals only.

    @Test
    void anAccessTokenInTheQueryOrFormIsRefusedSayingOnlyTheHeaderCounts() throws Exception {
        String bare = wacht.mintToken("read").accessToken();
        RawHttp.Response query = raw(servlet, "/app/files/a?access_token=" + bare);
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.body()).contains("invalid_request").contains("only in the Authorization header");
        HttpResponse<String> form = CLIENT.send(HttpRequest.newBuilder(servlet.resolve("/app/files/a"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + bare)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(form.body()).contains("only in the Authorization header");
        assertThat(raw(jaxrs, "/jx/r?access_token=" + bare).status()).isEqualTo(400);
        assertThat(Ran.notes()).isEmpty();
        assertThat(wacht.checks()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {".:", ".a:b", "localhost", "0x7f.0.0.1", "127.1", "[::1]", "1.2.3.4%eth0"})
    void aForwardedHopThatIsNotAnIpLiteralEndsTheWalk(String hop) throws IOException {
        RawHttp.Response r = raw(servlet, "/app/files/a", "Authorization", token("read"), "X-Forwarded-For",
                "203.0.113.7, " + hop);
        assertThat(r.status()).isEqualTo(200);
        assertThat(wacht.checks()).singleElement().extracting(RecordedCheck::clientIp).isEqualTo("127.0.0.1");
    }

    @Test
    void anIpv4MappedHopIsTheIpv4Client() throws IOException {
        raw(servlet, "/app/files/a", "Authorization", token("read"), "X-Forwarded-For", "::ffff:203.0.113.7");
        assertThat(wacht.checks()).singleElement().extracting(RecordedCheck::clientIp).isEqualTo("203.0.113.7");
    }
}
