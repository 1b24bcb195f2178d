package dev.wacht.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.core.WachtPrincipal;
import dev.wacht.testkit.WachtEmulator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authenticator in a real embedded Jetty 12 (ee10) on a free port, selected as users select it
 * (the authentication type {@code WACHT}, found by ServiceLoader) and configured by context-params,
 * with a constraint on {@code /guarded/*} (role {@code files:read}).
 */
class WachtJettyAuthenticatorTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static WachtEmulator wacht;
    private static Server server;
    private static URI base;

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
        wacht = WachtEmulator.start();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context(Map.of("wacht.gateway-url", wacht.baseUrl().toString(),
                "wacht.circuit-breaker-threshold", "0")));
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/");
    }

    private static ServletContextHandler context(Map<String, String> settings) {
        ServletContextHandler context = new ServletContextHandler("/app", ServletContextHandler.SECURITY);
        settings.forEach(context::setInitParameter);
        context.addServlet(WhoAmI.class, "/*");
        ConstraintSecurityHandler security = (ConstraintSecurityHandler) context.getSecurityHandler();
        security.setAuthenticationType(WachtJettyAuthenticator.AUTH_METHOD);
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec("/guarded/*");
        mapping.setConstraint(Constraint.from("files:read"));
        security.addConstraintMapping(mapping);
        return context;
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        wacht.close();
    }

    @BeforeEach
    void reset() {
        wacht.reset();
    }

    private static HttpResponse<String> get(String rawPath, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + rawPath)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String bearer(String... scopes) {
        return "Bearer " + wacht.mintToken(scopes).accessToken();
    }

    @Test
    void aGuardedResourceSeesTheCallerWithItsRoles() throws Exception {
        HttpResponse<String> response = get("guarded/x", bearer("files:read"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).endsWith("|WACHT|files:read=true|files:admin=false");
    }

    @Test
    void theResourceIsTheFiltersPathOfTheRequest() throws Exception {
        assertThat(get("guarded/a%20b/", bearer("files:read")).statusCode()).isEqualTo(200);
        assertThat(wacht.checks()).singleElement().satisfies(check -> assertThat(check.resource()).isEqualTo("/guarded/a b"));
    }

    @Test
    void aPathNotInNormalFormIsRefusedBeforeTheGateway() throws Exception {
        for (String path : new String[] {"guarded/x/..;/y", "guarded//x", "guarded/%2e%2e/x", "open/a%2Fb"}) {
            HttpResponse<String> response = get(path, bearer("files:read"));
            assertThat(response.statusCode()).as(path).isEqualTo(400);
        }
        assertThat(wacht.checks()).isEmpty();
    }

    @Test
    void aGuardedResourceChallengesAnAnonymousCaller() throws Exception {
        HttpResponse<String> response = get("guarded/x", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wacht\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void aMissingRoleIsInsufficientScope() throws Exception {
        HttpResponse<String> response = get("guarded/x", bearer("profile"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
        assertThat(response.body()).contains("\"error\":\"insufficient_scope\"");
    }

    @Test
    void anUnguardedResourceIsAnonymousWithoutACredentialAndRefusesABadOne() throws Exception {
        HttpResponse<String> anonymous = get("open/x", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo("anonymous");
        assertThat(wacht.checks()).isEmpty();
        assertThat(get("open/x", bearer("profile")).body()).endsWith("|WACHT|files:read=false|files:admin=false");
        HttpResponse<String> bad = get("open/x", "Bearer oat_thisTokenWasNeverIssuedByTheEmulator0000000");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
    }

    @Test
    void anInvalidSettingFailsTheApplicationsStartNamingIt() {
        Server broken = new Server();
        broken.setHandler(context(Map.of("wacht.request-timeout", "soon")));
        assertThatThrownBy(broken::start).hasMessageContaining("Wacht Jetty authenticator of '/app' is misconfigured")
                .hasMessageContaining("wacht.request-timeout");
    }
}
