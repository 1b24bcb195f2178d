package dev.wacht.it;

import dev.wacht.it.app.AdminOnly;
import dev.wacht.it.app.CallerResource;
import dev.wacht.it.app.CallerView;
import dev.wacht.it.app.Describe;
import dev.wacht.it.app.EjbResource;
import dev.wacht.it.app.FilteredApi;
import dev.wacht.it.app.McpApp;
import dev.wacht.it.app.MetricsServlet;
import dev.wacht.it.app.GuardedBean;
import dev.wacht.it.app.Open;
import dev.wacht.it.app.ScannedApi;
import dev.wacht.it.app.ScopedWhoAmI;
import dev.wacht.it.app.SecuredApi;
import dev.wacht.it.app.SecuredEeApi;
import dev.wacht.it.app.UnguardedCallerResource;
import dev.wacht.it.app.WhoAmI;
import dev.wacht.it.app.WhoAmIServlet;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The three test applications, built the way a user would package them. {@code WEB-INF/lib} holds
 * the jars the container's submodule declares (copied to {@code wacht.it.war-lib} by the build),
 * so the container submodule decides which JAX-RS and JSON-B implementations travel in the WAR.
 */
final class Wars {
    /** The OAuth resource URI of the filter-only application (RFC 8707/9728). */
    static final String RESOURCE_URI = "https://files.example.test/api";
    /** The canonical URI of the MCP application's endpoint. */
    static final String MCP_RESOURCE_URI = "https://mcp.example.test/mcp";
    /** Where the MCP application's metadata is advertised. */
    static final String MCP_METADATA_URL = "https://mcp.example.test/.well-known/oauth-protected-resource/mcp";

    private static final String FILTER_JAR = "wacht-jakarta-filter.jar";
    private static final String JAXRS_JAR = "wacht-jaxrs.jar";
    private static final String SECURITY_JAR = "wacht-jakarta-security.jar";
    /** The management client, which the container-security jar's CDI beans produce (and only they need). */
    private static final String MANAGEMENT_JAR = "wacht-management.jar";
    private static final List<String> MCP_SDK_JARS = List.of("mcp.jar", "mcp-core.jar", "mcp-json-jackson3.jar",
            "wacht-mcp.jar");
    /** The mechanism the container-security WAR uses on this container: Jakarta Security or Jakarta Authentication. */
    static final boolean JAKARTA_SECURITY = "jakarta-security".equals(System.getProperty("wacht.it.mechanism"));
    /**
     * Jetty's own authenticator (wacht-jetty), which sits on the server's class path with wacht-core: the
     * container-security WAR then carries neither, so the application sees the server's {@code WachtPrincipal}.
     */
    static final boolean JETTY = "jetty".equals(System.getProperty("wacht.it.mechanism"));
    private static final String CORE_JAR = "wacht-core.jar";

    private Wars() {
    }

    /**
     * Only the servlet filter, declared and configured in {@code web.xml} (gateway and issuer as
     * context-params, the rest as init-params), in front of a servlet and a JAX-RS application that
     * know nothing of Wacht. It publishes RFC 9728 metadata.
     */
    static WebArchive filterOnly() {
        Map<String, String> context = Wacht.connection();
        context.put("wacht.resource-uri", RESOURCE_URI);
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("wacht.resource", "files");
        filter.put("wacht.required-permissions", "files:read");
        filter.put("wacht.exclude", "/health");
        filter.put("wacht.authorization-servers", Wacht.EMULATOR.issuer());
        return war("filter.war", JAXRS_JAR)
                .addClasses(Describe.class, WhoAmIServlet.class, FilteredApi.class, WhoAmI.class)
                .setWebXML(new StringAsset(webXml(context, filter, "/servlet/whoami", "/health")));
    }

    /**
     * No {@code web.xml}: {@code @RequiresScope} resources in an application that lists no classes,
     * so {@code WachtFeature} is found by scanning; configured by the application's properties.
     */
    static WebArchive scanning() {
        return war("scanning.war", FILTER_JAR)
                .addClasses(Describe.class, ScannedApi.class, ScopedWhoAmI.class, Open.class)
                .addAsResource(new StringAsset(properties(jaxrsSettings())), "wacht.properties");
    }

    /**
     * Both: the filter in {@code web.xml} authenticates every request (no required permissions),
     * and the scanned {@code @RequiresScope} resources check their scopes against its principal.
     */
    static WebArchive filterAndScanning() {
        Map<String, String> filter = Map.of("wacht.resource", "files");
        return war("combined.war")
                .addClasses(Describe.class, WhoAmIServlet.class, ScannedApi.class, ScopedWhoAmI.class, Open.class)
                .addAsResource(new StringAsset(properties(jaxrsSettings())), "wacht.properties")
                .setWebXML(new StringAsset(webXml(Wacht.connection(), filter, "/servlet/whoami")));
    }

    /**
     * An MCP server on the MCP Java SDK (in {@code WEB-INF/lib}), set up by a listener declared in
     * web.xml and protected by wacht-mcp, configured by context-params.
     */
    static WebArchive mcp() {
        Map<String, String> settings = Wacht.connection();
        settings.put("wacht.resource-uri", MCP_RESOURCE_URI);
        settings.put("wacht.resource", "mcp");
        settings.put("wacht.required-permissions", "mcp:invoke");
        settings.put("wacht.authorization-servers", Wacht.EMULATOR.issuer());
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\"\n"
                + "    metadata-complete=\"true\">\n");
        settings.forEach((name, value) -> xml.append(param("context-param", name, value)));
        xml.append("  <listener><listener-class>").append(McpApp.class.getName())
                .append("</listener-class></listener>\n</web-app>\n");
        return war("mcp.war", JAXRS_JAR).addClasses(McpApp.class).setWebXML(new StringAsset(xml.toString()));
    }

    /**
     * The filter with a misspelled setting ({@code wacht.required-permission}): the deployment must fail,
     * on every container, before any request (issue 14).
     */
    static WebArchive misconfigured() {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("wacht.resource", "files");
        filter.put("wacht.required-permission", "files:read");
        return war("misconfigured.war", JAXRS_JAR)
                .addClasses(Describe.class, WhoAmIServlet.class)
                .setWebXML(new StringAsset(webXml(Wacht.connection(), filter, "/servlet/whoami")));
    }

    /**
     * The filter configured in web.xml with in-memory metrics ({@code wacht.audit-listeners}), and a
     * servlet on an excluded path that reads them from the servlet context, as a web.xml user would.
     */
    static WebArchive metrics() {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("wacht.resource", "files");
        filter.put("wacht.exclude", "/metrics");
        filter.put("wacht.audit-listeners", "dev.wacht.core.audit.AuditMetrics");
        String metricsServlet = "  <servlet>\n    <servlet-name>metrics</servlet-name>\n    <servlet-class>"
                + MetricsServlet.class.getName() + "</servlet-class>\n  </servlet>\n"
                + "  <servlet-mapping>\n    <servlet-name>metrics</servlet-name>\n"
                + "    <url-pattern>/metrics</url-pattern>\n  </servlet-mapping>\n";
        return war("metrics.war", JAXRS_JAR)
                .addClasses(Describe.class, WhoAmIServlet.class, MetricsServlet.class)
                .setWebXML(new StringAsset(webXml(Wacht.connection(), filter, "/servlet/whoami")
                        .replace("</web-app>", metricsServlet + "</web-app>")));
    }

    /**
     * Container-managed security, no filter: on servers with Jakarta Security the CDI mechanism,
     * configured by MicroProfile Config only ({@code META-INF/microprofile-config.properties}), with an
     * EJB and Jakarta Security / CDI resources; elsewhere the Jakarta Authentication module, registered
     * by its listener in {@code web.xml} and configured by context-params. Both guard
     * {@code /servlet/*}, {@code /api/whoami} and {@code /api/caller} by a security constraint on the
     * role {@code files:read}; {@code /api/admin} by {@code @RolesAllowed("files:admin")};
     * {@code /open/whoami} is not guarded.
     */
    static WebArchive containerSecurity() {
        Map<String, String> settings = Wacht.connection();
        settings.put("wacht.resource", "files");
        WebArchive war = securityWar("security.war")
                .addClasses(Describe.class, WhoAmIServlet.class, WhoAmI.class, AdminOnly.class);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n");
        if (JAKARTA_SECURITY) {
            war.addClasses(SecuredEeApi.class, CallerResource.class, CallerView.class, EjbResource.class, GuardedBean.class,
                    UnguardedCallerResource.class)
                    .addAsResource(new StringAsset(properties(settings)), "META-INF/microprofile-config.properties");
            // RESTEasy (WildFly) enforces @RolesAllowed only when asked to; Jersey (Payara) ignores it.
            xml.append(param("context-param", "resteasy.role.based.security", "true"));
        } else if (JETTY) {
            war.addClass(SecuredApi.class);
            settings.forEach((name, value) -> xml.append(param("context-param", name, value)));
            xml.append("  <login-config><auth-method>WACHT</auth-method></login-config>\n");
        } else {
            war.addClass(SecuredApi.class);
            settings.forEach((name, value) -> xml.append(param("context-param", name, value)));
            xml.append("  <listener><listener-class>dev.wacht.jakarta.security.WachtAuthenticationListener"
                    + "</listener-class></listener>\n");
        }
        xml.append("  <servlet>\n    <servlet-name>whoami</servlet-name>\n    <servlet-class>")
                .append(WhoAmIServlet.class.getName()).append("</servlet-class>\n  </servlet>\n")
                .append("  <servlet-mapping>\n    <servlet-name>whoami</servlet-name>\n")
                .append("    <url-pattern>/servlet/whoami</url-pattern>\n    <url-pattern>/open/whoami</url-pattern>\n")
                .append("  </servlet-mapping>\n")
                .append("  <security-constraint>\n    <web-resource-collection>\n")
                .append("      <web-resource-name>guarded</web-resource-name>\n")
                .append("      <url-pattern>/servlet/*</url-pattern>\n      <url-pattern>/api/whoami</url-pattern>\n")
                .append("      <url-pattern>/api/caller</url-pattern>\n    </web-resource-collection>\n")
                .append("    <auth-constraint><role-name>files:read</role-name></auth-constraint>\n")
                .append("  </security-constraint>\n")
                .append("  <security-role><role-name>files:read</role-name></security-role>\n")
                .append("  <security-role><role-name>files:admin</role-name></security-role>\n")
                .append("</web-app>\n");
        return war.setWebXML(new StringAsset(xml.toString()));
    }

    /**
     * Container-managed security configured by MicroProfile Config alone ({@code META-INF/microprofile-config.properties},
     * no {@code web.xml}), with an invalid value, {@code wacht.request-timeout=soon}: the deployment must
     * fail, naming the setting.
     */
    static WebArchive microProfileMisconfigured() {
        Map<String, String> settings = Wacht.connection();
        settings.put("wacht.resource", "files");
        settings.put("wacht.request-timeout", "soon");
        return securityWar("mp-misconfigured.war")
                .addAsResource(new StringAsset(properties(settings)), "META-INF/microprofile-config.properties");
    }

    /** A WAR with the container-security jar, without the other Wacht adapters or the MCP SDK. */
    private static WebArchive securityWar(String name) {
        List<String> excluded = new ArrayList<>(List.of(FILTER_JAR, JAXRS_JAR));
        excluded.addAll(MCP_SDK_JARS);
        if (JETTY) {
            excluded.addAll(List.of(SECURITY_JAR, MANAGEMENT_JAR, CORE_JAR));
        }
        return war(name, excluded);
    }

    private static Map<String, String> jaxrsSettings() {
        Map<String, String> settings = Wacht.connection();
        settings.put("wacht.resource", "files");
        return settings;
    }

    /**
     * Creates a WAR with its libraries, leaving out the named Wacht jars, the container-security
     * jar (whose CDI mechanism would otherwise log callers in on WildFly and Payara) and the management
     * jar that comes with it. Every WAR also carries a
     * {@code jetty-ee10-web.xml} that only Jetty reads: the Arquillian Jetty adapter makes the web
     * application's class loader look in the test JVM's class path first, where it would find this
     * test application's classes instead of those in {@code WEB-INF/classes}; the file restores
     * the Servlet specification's order.
     */
    private static WebArchive war(String name, String... leftOut) {
        List<String> excluded = new ArrayList<>(List.of(leftOut));
        excluded.add(SECURITY_JAR);
        excluded.add(MANAGEMENT_JAR);
        if (!name.equals("mcp.war")) {
            // The MCP SDK's servlets carry @WebServlet without a no-argument constructor: a full server
            // (WildFly) that scans WEB-INF/lib would try to start them. Only the MCP WAR has the SDK.
            excluded.addAll(MCP_SDK_JARS);
        }
        return war(name, excluded);
    }

    /** Creates a WAR with its libraries, leaving out exactly the named jars. */
    private static WebArchive war(String name, List<String> excluded) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name);
        war.addAsWebInfResource(new StringAsset("<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE Configure PUBLIC \"-//Jetty//Configure//EN\" \"https://jetty.org/configure_10_0.dtd\">\n"
                + "<Configure class=\"org.eclipse.jetty.ee10.webapp.WebAppContext\">\n"
                + "  <Set name=\"parentLoaderPriority\">false</Set>\n"
                + "</Configure>\n"), "jetty-ee10-web.xml");
        Path dir = Path.of(System.getProperty("wacht.it.war-lib", "target/war-lib"));
        try (Stream<Path> jars = Files.list(dir)) {
            File[] libraries = jars.filter(jar -> jar.toString().endsWith(".jar"))
                    .filter(jar -> !excluded.contains(jar.getFileName().toString()))
                    .map(Path::toFile)
                    .toArray(File[]::new);
            return war.addAsLibraries(libraries);
        } catch (IOException e) {
            throw new UncheckedIOException("no WAR libraries in " + dir + " (run the build to at least verify)", e);
        }
    }

    private static String properties(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** A web.xml with the Wacht filter on every path and dispatch, as the README shows it, and one servlet. */
    private static String webXml(Map<String, String> contextParams, Map<String, String> initParams,
            String... servletPaths) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n");
        contextParams.forEach((name, value) -> xml.append(param("context-param", name, value)));
        xml.append("  <filter>\n    <filter-name>wacht</filter-name>\n")
                .append("    <filter-class>dev.wacht.jakarta.filter.WachtFilter</filter-class>\n")
                .append("    <async-supported>true</async-supported>\n");
        initParams.forEach((name, value) -> xml.append("  ").append(param("init-param", name, value)));
        xml.append("  </filter>\n")
                .append("  <filter-mapping>\n    <filter-name>wacht</filter-name>\n    <url-pattern>/*</url-pattern>\n")
                .append("    <dispatcher>REQUEST</dispatcher><dispatcher>FORWARD</dispatcher>"
                        + "<dispatcher>INCLUDE</dispatcher><dispatcher>ASYNC</dispatcher><dispatcher>ERROR</dispatcher>\n")
                .append("  </filter-mapping>\n")
                .append("  <servlet>\n    <servlet-name>whoami</servlet-name>\n    <servlet-class>")
                .append(WhoAmIServlet.class.getName()).append("</servlet-class>\n  </servlet>\n")
                .append("  <servlet-mapping>\n    <servlet-name>whoami</servlet-name>\n");
        for (String path : servletPaths) {
            xml.append("    <url-pattern>").append(path).append("</url-pattern>\n");
        }
        return xml.append("  </servlet-mapping>\n</web-app>\n").toString();
    }

    private static String param(String element, String name, String value) {
        return "  <" + element + "><param-name>" + name + "</param-name><param-value>" + value
                + "</param-value></" + element + ">\n";
    }
}
