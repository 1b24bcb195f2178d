package dev.wacht.jakarta.filter;

import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/** A real embedded Tomcat 10.1 on a free loopback port, with contexts set up in code or from a web.xml. */
final class EmbeddedTomcat implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Tomcat's INFO lines drown the test output; kept referenced so the level sticks. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(Level.SEVERE);
    }

    /**
     * Tomcat's loggers that print raw request bytes, headers included: at FINE the input buffer dumps
     * every request as received, and the processor quotes a header line it refuses (docs/reliability.md, "Logging
     * and secrets"). The container's own trace, before and outside any filter.
     */
    private static final List<String> RAW_REQUEST_LOGGERS = List.of("org.apache.coyote.http11.Http11InputBuffer",
            "org.apache.coyote.http11.Http11Processor");

    private final Tomcat tomcat = new Tomcat();

    EmbeddedTomcat() {
        this(8 * 1024);
    }

    /** A Tomcat whose connector accepts request headers of up to {@code maxHeaderBytes} in total. */
    EmbeddedTomcat(int maxHeaderBytes) {
        try {
            Path base = Files.createTempDirectory(Paths.get("target"), "tomcat");
            tomcat.setBaseDir(base.toAbsolutePath().toString());
            tomcat.setHostname("127.0.0.1");
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.getConnector().setProperty("maxHttpRequestHeaderSize", Integer.toString(maxHeaderBytes));
            tomcat.getHost();
            tomcat.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds and starts a context whose filters and servlets the initializer registers. */
    Context addContext(String path, ServletContainerInitializer setup) {
        StandardContext context = new StandardContext();
        context.setName(path);
        context.setPath(path);
        context.setParentClassLoader(EmbeddedTomcat.class.getClassLoader());
        context.addLifecycleListener(new Tomcat.FixContextListener());
        context.addServletContainerInitializer(setup, null);
        tomcat.getHost().addChild(context);
        return context;
    }

    /**
     * Adds and starts a context from {@code docBase/WEB-INF/web.xml}, without Tomcat's default
     * web.xml and without scanning the class path. A context whose start failed is returned stopped.
     */
    Context addWebapp(String path, Path docBase) {
        StandardContext context = new StandardContext();
        context.setName(path);
        context.setPath(path);
        context.setDocBase(docBase.toAbsolutePath().toString());
        context.setParentClassLoader(EmbeddedTomcat.class.getClassLoader());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        context.setJarScanner(scanner);
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        tomcat.getHost().addChild(context);
        return context;
    }

    /**
     * True for a log record that is not the library's: Tomcat's raw-request trace, or the JDK HTTP
     * client's debug trace of a test request to this Tomcat (its URI may carry a query-string token).
     */
    boolean isContainerOrClientTrace(LogRecord record) {
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        return RAW_REQUEST_LOGGERS.contains(logger) || logger.equals("jdk.internal.httpclient.debug")
                && String.valueOf(record.getMessage()).contains(uri("").getAuthority());
    }

    /** The names of the threads that are inside {@link WachtFilter#doFilter} right now. */
    static List<String> threadsInTheFilter() {
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                .filter(t -> Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName()
                        .equals(WachtFilter.class.getName()) && f.getMethodName().equals("doFilter")))
                .map(ThreadInfo::getThreadName).collect(Collectors.toList());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = request(path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
