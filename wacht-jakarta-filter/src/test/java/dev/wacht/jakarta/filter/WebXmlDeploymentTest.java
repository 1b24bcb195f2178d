package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.testkit.WachtEmulator;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.audit.AuditMetrics;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter declared in a real web.xml, configured by init-params and context-params only. */
class WebXmlDeploymentTest {
    static WachtEmulator emulator;
    static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() {
        emulator = WachtEmulator.start();
        tomcat = new EmbeddedTomcat();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
        emulator.close();
    }

    /** Writes {@code WEB-INF/web.xml} with the test servlets, one WachtFilter and the given params. */
    static Path webapp(String contextParams, String initParams) throws IOException {
        Path docBase = Files.createTempDirectory(Paths.get("target"), "webapp");
        Files.createDirectories(docBase.resolve("WEB-INF"));
        String servlets = TestApp.class.getName();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\">\n"
                + contextParams
                + "  <filter>\n"
                + "    <filter-name>wacht</filter-name>\n"
                + "    <filter-class>" + WachtFilter.class.getName() + "</filter-class>\n"
                + "    <async-supported>true</async-supported>\n"
                + initParams
                + "  </filter>\n"
                + "  <filter-mapping><filter-name>wacht</filter-name><url-pattern>/*</url-pattern>\n"
                + "    <dispatcher>REQUEST</dispatcher><dispatcher>FORWARD</dispatcher><dispatcher>ASYNC</dispatcher>\n"
                + "  </filter-mapping>\n"
                + "  <servlet><servlet-name>echo</servlet-name><servlet-class>" + servlets + "$Echo</servlet-class></servlet>\n"
                + "  <servlet-mapping><servlet-name>echo</servlet-name><url-pattern>/echo</url-pattern>"
                + "<url-pattern>/health</url-pattern></servlet-mapping>\n"
                + "  <servlet><servlet-name>async</servlet-name><servlet-class>" + servlets + "$Async</servlet-class>"
                + "<async-supported>true</async-supported></servlet>\n"
                + "  <servlet-mapping><servlet-name>async</servlet-name><url-pattern>/async</url-pattern></servlet-mapping>\n"
                + "</web-app>\n";
        Files.writeString(docBase.resolve("WEB-INF/web.xml"), xml);
        return docBase;
    }

    static String param(String element, String name, String value) {
        return "  <" + element + "><param-name>" + name + "</param-name><param-value>" + value + "</param-value></"
                + element + ">\n";
    }

    static String contextParam(String name, String value) {
        return param("context-param", name, value);
    }

    static String initParam(String name, String value) {
        return param("init-param", name, value);
    }

    @Test
    void initParamsLayerOverContextParams() throws IOException {
        Context context = tomcat.addWebapp("/app", webapp(
                contextParam("wacht.gateway-url", emulator.baseUrl().toString()) + contextParam("wacht.realm", "outer"),
                initParam("wacht.realm", "inner") + initParam("wacht.resource", "mcp")
                        + initParam("wacht.required-permissions", "mcp:invoke")
                        + initParam("wacht.exclude", "/health")));
        assertThat(context.getState().isAvailable()).isTrue();

        assertThat(tomcat.get("/app/health", null).statusCode()).isEqualTo(200);
        HttpResponseAssert.bareChallenge(tomcat.get("/app/echo", null), "Bearer realm=\"inner\"");
        String allowed = emulator.mintToken("mcp:invoke").accessToken();
        assertThat(tomcat.get("/app/echo", "Bearer " + allowed).body()).startsWith("principal=1|authType=BEARER");
        assertThat(tomcat.get("/app/async", "Bearer " + allowed).body()).isEqualTo("async principal=1");
        assertThat(tomcat.get("/app/echo", "Bearer " + emulator.mintToken("profile").accessToken()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void withoutAnySettingTheFilterStillDenies() throws IOException {
        Context context = tomcat.addWebapp("/bare", webapp("", ""));
        assertThat(context.getState().isAvailable()).isTrue();
        HttpResponseAssert.bareChallenge(tomcat.get("/bare/echo", null), "Bearer realm=\"wacht\"");
        assertThat(tomcat.get("/bare/echo", "Bearer not-a-wacht-token").statusCode()).isEqualTo(401);
    }

    @Test
    void aBadValueFailsTheDeploymentNamingTheParameter() throws IOException {
        assertStartFails("/bad-value", webapp("", initParam("wacht.request-timeout", "soon")),
                "wacht.request-timeout");
    }

    @Test
    void aMisspelledInitParamFailsTheDeployment() throws IOException {
        assertStartFails("/typo", webapp("", initParam("wacht.required-permission", "mcp:invoke")),
                "unknown init-param 'wacht.required-permission': did you mean wacht.required-permissions?");
    }

    @Test
    void anUnknownContextParamFailsTheDeployment() throws IOException {
        assertStartFails("/typo-context", webapp(contextParam("wacht.gateway", "https://example.test"), ""),
                "unknown context-param 'wacht.gateway': did you mean wacht.gateway-url?");
    }

    @Test
    void metadataSettingsWithoutAResourceUriFailTheDeployment() throws IOException {
        assertStartFails("/no-resource-uri", webapp("",
                initParam("wacht.authorization-servers", "https://auth.example.test")), "wacht.resource-uri");
    }

    @Test
    void aPlainHttpGatewayBeyondLoopbackFailsTheDeployment() throws IOException {
        assertStartFails("/plain-http", webapp(contextParam("wacht.gateway-url", "http://gateway.example.test"), ""),
                "wacht.gateway-url: plain http is only allowed for loopback hosts");
    }

    @Test
    void aMissingTrustStoreFailsTheDeployment() throws IOException {
        assertStartFails("/no-trust-store", webapp(contextParam("wacht.trust-store", "target/no-such-store.p12"), ""),
                "wacht.trust-store: no such file: ");
    }

    @Test
    void theAuthenticatorAndInMemoryMetricsAreServletContextAttributes() throws Exception {
        Context context = tomcat.addWebapp("/metrics", webapp(contextParam("wacht.gateway-url",
                emulator.baseUrl().toString()), initParam("wacht.audit-listeners", AuditMetrics.class.getName())));
        ServletContext servletContext = context.getServletContext();
        WachtAuthenticator authenticator = (WachtAuthenticator) servletContext
                .getAttribute(WachtFilter.AUTHENTICATOR_ATTRIBUTE);
        AuditMetrics metrics = (AuditMetrics) servletContext.getAttribute(WachtFilter.METRICS_ATTRIBUTE);
        assertThat(servletContext.getAttribute(WachtFilter.METRICS_ATTRIBUTE + ":wacht")).isSameAs(metrics);
        assertThat(authenticator.auditListeners()).filteredOn(AuditMetrics.class::isInstance)
                .containsExactly(metrics);

        assertThat(tomcat.get("/metrics/echo", null).statusCode()).isEqualTo(401);
        assertThat(tomcat.get("/metrics/echo", "Bearer " + emulator.mintToken().accessToken()).statusCode())
                .isEqualTo(200);
        assertThat(authenticator.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        assertThat(metrics.decisions("denied")).isEqualTo(1);
        assertThat(metrics.decisions("allowed")).isEqualTo(1);
        assertThat(authenticator.config().name()).isEqualTo("filter 'wacht' of /metrics");

        tomcat.remove(context);
        assertThat(servletContext.getAttribute(WachtFilter.METRICS_ATTRIBUTE)).isNull();
    }

    /**
     * The application does not start: Tomcat's start of the context throws, with the filter, the context
     * path and the setting in the message (standalone Tomcat logs it to logs/localhost.<date>.log).
     */
    private static void assertStartFails(String path, Path docBase, String named) {
        assertThatThrownBy(() -> tomcat.addWebapp(path, docBase))
                .hasStackTraceContaining("Wacht filter 'wacht' of " + path + " is misconfigured, so the application"
                        + " does not start: ")
                .hasStackTraceContaining(named);
        assertThat(tomcat.get(path + "/health", null).statusCode()).isEqualTo(404);
    }
}
