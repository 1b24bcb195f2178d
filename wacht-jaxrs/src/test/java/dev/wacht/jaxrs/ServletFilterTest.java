package dev.wacht.jaxrs;

import static dev.wacht.jaxrs.Http.bearer;
import static dev.wacht.jaxrs.Http.challenge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtConfig;
import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.core.audit.AuditEvent;
import dev.wacht.jakarta.filter.WachtFilter;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.RecordedCheck;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import jakarta.servlet.Filter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same resources in embedded Tomcat with Jersey's servlet, behind the real {@link WachtFilter}
 * mapped to {@code /api/files/*}: the extension must check scopes locally (one gateway
 * call per request, the filter's) and authenticate by itself only where the filter did not.
 */
@ExtendWith(WachtEmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletFilterTest {
    private final BlockingQueue<AuditEvent> events = new LinkedBlockingQueue<>();
    private WachtEmulator wacht;
    private Tomcat tomcat;
    private Http http;

    @BeforeAll
    void start(WachtEmulator emulator) throws Exception {
        wacht = emulator;
        WachtConfig config = WachtConfig.builder().gatewayUrl(emulator.baseUrl()).auditListener(events::add).build();
        Path base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        Context context = tomcat.addContext("", base.toString());
        addFilter(context, "client-ip", (req, res, chain) -> {
            req.setAttribute(WachtFeature.CLIENT_IP_PROPERTY, req.getRemoteAddr());
            chain.doFilter(req, res);
        }, "/*");
        addFilter(context, "wacht", new WachtFilter(WachtFilterOptions.builder().config(config).build()), "/api/files/*");
        ResourceConfig app = new ResourceConfig(FileResource.class, McpResource.class)
                .register(new WachtFeature(config, "files-api"));
        Tomcat.addServlet(context, "jersey", new ServletContainer(app));
        context.addServletMappingDecoded("/api/*", "jersey");
        tomcat.getConnector();
        tomcat.start();
        http = new Http(URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/api/"));
    }

    private static void addFilter(Context context, String name, Filter filter, String pattern) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern(pattern);
        context.addFilterMap(map);
    }

    @AfterAll
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @BeforeEach
    void clean() {
        wacht.reset();
        // Events of the previous test may still be on their way: let them arrive before forgetting them.
        assertThat(AuditDispatcher.flushAll(Duration.ofSeconds(10))).isTrue();
        events.clear();
    }

    private String token(String... scopes) {
        return bearer(wacht.mintToken(scopes).accessToken());
    }

    @Test
    void theFiltersPrincipalIsUsedWithoutASecondGatewayCall() {
        MintedToken token = wacht.mintToken("files:read");
        HttpResponse<String> r = http.get("files/whoami", bearer(token.accessToken()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(String.join("|", token.userId(), token.clientId(), "BEARER", "secure=false",
                "files:read=true", "files:admin=false", "principal=true"));
        // One check, and it is the servlet filter's: its resource and no required permissions.
        assertThat(wacht.checks()).singleElement().satisfies(check -> {
            assertThat(check.resource()).isEqualTo("/api/files/whoami");
            assertThat(check.requiredPermissions()).isNullOrEmpty();
        });
    }

    @Test
    void aLocalScopeDenialIsAuditedWithWhatWasRequiredAndGranted() {
        MintedToken token = wacht.mintToken("files:read");
        assertThat(http.send("DELETE", "files/7", null, bearer(token.accessToken())).statusCode()).isEqualTo(403);
        // The filter's authenticator and the feature's each deliver on their own thread: wait for both.
        assertThat(AuditDispatcher.flushAll(Duration.ofSeconds(10))).isTrue();
        List<AuditEvent> seen = new ArrayList<>(events);
        assertThat(seen).extracting(AuditEvent::type)
                .containsExactlyInAnyOrder(AuditEvent.Type.ACCESS_ALLOWED, AuditEvent.Type.SCOPE_DENIED);
        AuditEvent denied = seen.stream().filter(e -> e.type() == AuditEvent.Type.SCOPE_DENIED).findFirst().orElseThrow();
        assertThat(denied.clientId()).contains(token.clientId());
        assertThat(denied.requiredScopes()).containsExactly("files:delete");
        assertThat(denied.grantedScopes()).containsExactly("files:read");
        assertThat(denied.toString()).doesNotContain(token.accessToken());
    }

    @Test
    void scopesAreCheckedLocallyAndAnsweredLikeTheGateway() {
        HttpResponse<String> r = http.send("DELETE", "files/7", null, token("files:read"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(challenge(r)).startsWith("Bearer realm=\"wacht\", error=\"insufficient_scope\"")
                .endsWith(", scope=\"files:delete\"");
        assertThat(r.body()).contains("\"error\":\"insufficient_scope\"");
        assertThat(wacht.checks()).hasSize(1);

        assertThat(http.send("POST", "files", "x", token("files:read", "files:admin")).statusCode()).isEqualTo(200);
        assertThat(http.send("POST", "files", "x", token("files:read")).statusCode()).isEqualTo(403);
        assertThat(http.get("files/index", token("files:list")).statusCode()).isEqualTo(200);
        assertThat(wacht.checks()).hasSize(4).allSatisfy(
                check -> assertThat(check.requiredPermissions()).isNullOrEmpty());
    }

    @Test
    void theFiltersDenialStands() {
        HttpResponse<String> r = http.get("files");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r)).isEqualTo("Bearer realm=\"wacht\"");
    }

    @Test
    void withoutTheFilterTheExtensionAuthenticatesWithItsResourceAndTheClientIp() {
        HttpResponse<String> r = http.send("POST", "mcp", "{}", token());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(wacht.checks()).singleElement().satisfies(check -> {
            assertThat(check.resource()).isEqualTo("/files-api");
            assertThat(check.clientIp()).isEqualTo("127.0.0.1");
            assertThat(check.userAgent()).isEqualTo(Http.USER_AGENT);
        });
        assertThat(wacht.checks()).extracting(RecordedCheck::method).containsExactly("POST");
    }
}
