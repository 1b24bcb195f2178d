package dev.wacht.it;

import dev.wacht.it.app.Describe;
import dev.wacht.it.app.FilteredApi;
import dev.wacht.it.app.McpApp;
import dev.wacht.it.app.MetricsServlet;
import dev.wacht.it.app.Open;
import dev.wacht.it.app.ScannedApi;
import dev.wacht.it.app.ScopedWhoAmI;
import dev.wacht.it.app.WhoAmI;
import dev.wacht.it.app.WhoAmIServlet;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n");
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

    private static Map<String, String> jaxrsSettings() {
        Map<String, String> settings = Wacht.connection();
        settings.put("wacht.resource", "files");
        return settings;
    }

    /**
     * Creates a WAR with its libraries, leaving out the named Wacht jars. Every WAR also carries a
     * {@code jetty-ee10-web.xml} that only Jetty reads: the Arquillian Jetty adapter makes the web
     * application's class loader look in the test JVM's class path first, where it would find this
     * test application's classes instead of those in {@code WEB-INF/classes}; the file restores
     * the Servlet specification's order.
     */
    private static WebArchive war(String name, String... leftOut) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name);
        war.addAsWebInfResource(new StringAsset("<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE Configure PUBLIC \"-//Jetty//Configure//EN\" \"https://jetty.org/configure_10_0.dtd\">\n"
                + "<Configure class=\"org.eclipse.jetty.ee10.webapp.WebAppContext\">\n"
                + "  <Set name=\"parentLoaderPriority\">false</Set>\n"
                + "</Configure>\n"), "jetty-ee10-web.xml");
        Path dir = Path.of(System.getProperty("wacht.it.war-lib", "target/war-lib"));
        List<String> excluded = List.of(leftOut);
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
