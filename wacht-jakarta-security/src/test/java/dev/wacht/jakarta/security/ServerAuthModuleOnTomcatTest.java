package dev.wacht.jakarta.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtPrincipal;
import dev.wacht.testkit.Fault;
import dev.wacht.testkit.ScopeDefinition;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jakarta Authentication module in a real embedded Tomcat on a free port, registered by its
 * listener from web.xml as the documentation shows, with a security constraint on {@code /guarded/*}
 * (role {@code files:read}) and this library's error page for the container's own 401 and 403.
 */
class ServerAuthModuleOnTomcatTest {
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static WachtEmulator wacht;
    private static Tomcat tomcat;

    /** Reports the caller as the Servlet API shows it. */
    public static final class WhoAmI extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            WachtPrincipal principal = (WachtPrincipal) request.getUserPrincipal();
            response.getWriter().print(principal == null ? "anonymous"
                    : principal.getName() + "|" + request.getAuthType() + "|files:read=" + request.isUserInRole("files:read")
                            + "|files:admin=" + request.isUserInRole("files:admin"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        TOMCAT_LOG.setLevel(Level.SEVERE);
        wacht = WachtEmulator.start();
        Path base = Files.createTempDirectory(Path.of("target"), "tomcat");
        Path docBase = Files.createDirectories(base.resolve("app/WEB-INF"));
        Files.writeString(docBase.resolve("web.xml"), webXml());
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toAbsolutePath().toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getHost();
        tomcat.start();
        StandardContext context = new StandardContext();
        context.setName("/app");
        context.setPath("/app");
        context.setDocBase(base.resolve("app").toAbsolutePath().toString());
        context.setParentClassLoader(ServerAuthModuleOnTomcatTest.class.getClassLoader());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        tomcat.getHost().addChild(context);
        assertThat(((Context) context).getState()).isEqualTo(LifecycleState.STARTED);
    }

    /** The application's web.xml: the listener line, settings, a constraint, and the library's error page (its web-fragment.xml, which Tomcat reads from a jar only). */
    private static String webXml() throws IOException {
        String fragment;
        try (var in = WachtRefusalServlet.class.getResourceAsStream("/META-INF/web-fragment.xml")) {
            String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            fragment = xml.substring(xml.indexOf("<servlet>"), xml.indexOf("</web-fragment>"));
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                + "<listener><listener-class>" + WachtAuthenticationListener.class.getName() + "</listener-class></listener>\n"
                + param("wacht.gateway-url", wacht.baseUrl().toString())
                + param("wacht.circuit-breaker-threshold", "0")
                + param("wacht.resource", "files")
                + "<servlet><servlet-name>whoami</servlet-name><servlet-class>" + WhoAmI.class.getName()
                + "</servlet-class></servlet>\n"
                + "<servlet-mapping><servlet-name>whoami</servlet-name><url-pattern>/guarded/*</url-pattern>"
                + "<url-pattern>/open/*</url-pattern></servlet-mapping>\n"
                + "<security-constraint><web-resource-collection><web-resource-name>g</web-resource-name>"
                + "<url-pattern>/guarded/*</url-pattern></web-resource-collection>"
                + "<auth-constraint><role-name>files:read</role-name></auth-constraint></security-constraint>\n"
                + "<security-role><role-name>files:read</role-name></security-role>\n"
                + fragment + "</web-app>\n";
    }

    private static String param(String name, String value) {
        return "<context-param><param-name>" + name + "</param-name><param-value>" + value
                + "</param-value></context-param>\n";
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        wacht.close();
    }

    @BeforeEach
    void reset() {
        wacht.reset();
    }

    private static HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + tomcat.getConnector().getLocalPort() + "/app" + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String bearer(String... scopes) {
        return "Bearer " + wacht.mintToken(scopes).accessToken();
    }

    @Test
    void aCallerWithTheRoleIsTheContainersCallerWithScopesAsGroups() {
        HttpResponse<String> response = get("/guarded/x", bearer("files:read"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).endsWith("|JASPIC|files:read=true|files:admin=false");
        assertThat(wacht.checks()).singleElement().satisfies(check -> assertThat(check.resource()).isEqualTo("/files"));
    }

    @Test
    void aCallerWithoutTheRoleGetsTheFiltersForbiddenAnswer() {
        HttpResponse<String> response = get("/guarded/x", bearer("profile"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
        assertThat(response.body()).contains("\"error\":\"insufficient_scope\"");
    }

    @Test
    void anAnonymousCallerOfAGuardedResourceIsChallenged() {
        HttpResponse<String> response = get("/guarded/x", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wacht\"");
        assertThat(response.body()).contains("\"error\":\"unauthorized\"");
        assertThat(wacht.checks()).isEmpty();
    }

    @Test
    void anUnguardedResourceServesAnonymousCallersAndSeesCallersWithACredential() {
        assertThat(get("/open/x", null).body()).isEqualTo("anonymous");
        assertThat(get("/open/x", bearer("files:admin")).body()).endsWith("|files:read=false|files:admin=true");
    }

    /**
     * Groups are scopes and permissions: the scope {@code profile} maps to the workspace permission
     * {@code files:admin}, which is a group of a workspace token; {@code files:read} is neither.
     */
    @Test
    void aPermissionThatIsNotAScopeIsAGroup() {
        wacht.defineScope(ScopeDefinition.workspace("profile", "files:admin"));
        String token = wacht.mintToken(TokenRequest.builder().scopes("profile")
                .grantedResource("urn:wacht:workspace:42").build()).accessToken();
        assertThat(get("/open/x", "Bearer " + token).body()).endsWith("|files:read=false|files:admin=true");
        assertThat(get("/guarded/x", "Bearer " + token).statusCode()).isEqualTo(403);
    }

    @Test
    void badCredentialsAndAFailingGatewayAreRefusedLikeTheFilterDoes() {
        HttpResponse<String> malformed = get("/open/x", "Bearer oat_{not-token68}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"error\":\"invalid_request\"");
        HttpResponse<String> unknown = get("/guarded/x", "Bearer oat_thisTokenWasNeverIssuedByTheEmulator0000000");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("\"error\":\"invalid_token\"");
        String token = bearer("files:read");
        wacht.setFault(Fault.status(503));
        HttpResponse<String> down = get("/guarded/x", token);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(down.body()).contains("temporarily_unavailable");
    }
}
