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
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The servlet filter in front with its own configuration (a resource URI, its audit listener), the
 * extension behind it configured apart (no resource URI, another listener), as a web.xml filter and a
 * property-configured feature end up: a scope refusal behind the filter is rendered as the filter's
 * (resource_metadata), and its audit event carries the client IP and request id the filter knew.
 */
@ExtendWith(WachtEmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterInFrontTest {
    private static final String RESOURCE_URI = "https://files.example.test/api";
    private final Queue<AuditEvent> filterEvents = new ConcurrentLinkedQueue<>();
    private final Queue<AuditEvent> featureEvents = new ConcurrentLinkedQueue<>();
    private WachtEmulator wacht;
    private Tomcat tomcat;
    private Context context;
    private Http http;

    @BeforeAll
    void start(WachtEmulator emulator) throws Exception {
        wacht = emulator;
        WachtConfig filterConfig = WachtConfig.builder().gatewayUrl(emulator.baseUrl())
                .resourceUri(URI.create(RESOURCE_URI)).auditListener(filterEvents::add).build();
        WachtConfig featureConfig = WachtConfig.builder().gatewayUrl(emulator.baseUrl())
                .auditListener(featureEvents::add).build();
        Path base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        context = tomcat.addContext("", base.toString());
        FilterDef def = new FilterDef();
        def.setFilterName("wacht");
        def.setFilter(new WachtFilter(WachtFilterOptions.builder().config(filterConfig).build()));
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("wacht");
        map.addURLPattern("/api/*");
        context.addFilterMap(map);
        Tomcat.addServlet(context, "jersey", new ServletContainer(new ResourceConfig(FileResource.class)
                .register(new WachtFeature(featureConfig, "files-api"))));
        context.addServletMappingDecoded("/api/*", "jersey");
        tomcat.getConnector();
        tomcat.start();
        http = new Http(URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/api/"));
    }

    @AfterAll
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void aScopeRefusalBehindTheFilterIsRenderedAndAuditedAsTheFilters() {
        MintedToken token = wacht.mintToken(TokenRequest.builder().scopes("files:read").oauthResource(RESOURCE_URI)
                .build());
        HttpResponse<String> r = http.send("DELETE", "files/7", null, bearer(token.accessToken()));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(challenge(r)).startsWith("Bearer realm=\"wacht\", error=\"insufficient_scope\"")
                .contains(", scope=\"files:delete\"")
                .contains("resource_metadata=\"https://files.example.test/.well-known/oauth-protected-resource/api\"");

        assertThat(AuditDispatcher.flushAll(Duration.ofSeconds(10))).isTrue();
        assertThat(filterEvents).extracting(AuditEvent::type).containsExactly(AuditEvent.Type.ACCESS_ALLOWED);
        assertThat(featureEvents).extracting(AuditEvent::type).containsExactly(AuditEvent.Type.SCOPE_DENIED);
        AuditEvent allowed = filterEvents.peek();
        AuditEvent denied = featureEvents.peek();
        assertThat(denied.clientIp()).contains("127.0.0.1").isEqualTo(allowed.clientIp());
        assertThat(denied.requestId()).isPresent().isEqualTo(allowed.requestId());
        assertThat(denied.clientId()).contains(token.clientId());
        assertThat(denied.tokenFingerprint()).isEqualTo(allowed.tokenFingerprint());
    }
}
