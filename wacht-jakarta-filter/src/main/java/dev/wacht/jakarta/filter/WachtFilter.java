package dev.wacht.jakarta.filter;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.ErrorResponse;
import dev.wacht.core.Outcome;
import dev.wacht.core.ProtectedResourceMetadata;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.WachtPrincipal;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A servlet filter that lets a request through only with a Wacht credential that the gateway accepts
 * for the configured resource and permissions, and answers every other request itself (401, 400, 403,
 * 429, 503 or 500, as rendered by {@link WachtAuthenticator#errorResponse}). It also publishes the
 * RFC 9728 protected resource metadata when configured to.
 *
 * <p>Declared in {@code web.xml}, it reads {@code wacht.<name>} init-params, then context-params, then
 * system properties and environment variables; an unknown {@code wacht.*} parameter or an invalid
 * value fails {@link #init}. Constructed with {@link WachtFilterOptions}, it uses those options only.
 * Until it is initialised, or when initialisation failed, it refuses every request with 500.
 *
 * <p>An allowed request goes on wrapped: {@code getUserPrincipal()} is the {@link WachtPrincipal},
 * {@code isUserInRole(x)} is true for each granted scope and permission, {@code getAuthType()} is
 * {@value #AUTH_TYPE}, and the principal is the request attribute {@link WachtPrincipal#REQUEST_ATTRIBUTE}.
 * A later dispatch of the same request (forward, include, async, error) reuses it without asking Wacht
 * again.
 */
public final class WachtFilter implements Filter {
    /** What {@code getAuthType()} returns for requests this filter authenticated. */
    public static final String AUTH_TYPE = "BEARER";

    private static final System.Logger LOG = System.getLogger(WachtFilter.class.getName());
    private static final String PREFIX = "wacht.";
    private static final int MAX_PATH_RESOURCE = 1024;
    private static final String METADATA_CACHE_CONTROL = "public, max-age=300";

    private final WachtFilterOptions programmatic;
    private volatile Protection protection;

    /** A filter configured by {@code wacht.*} init-params, context-params, system properties and environment. */
    public WachtFilter() {
        this.programmatic = null;
    }

    /** A filter with the given options; init-params and context-params are not read. */
    public WachtFilter(WachtFilterOptions options) {
        this.programmatic = Objects.requireNonNull(options, "options");
    }

    /**
     * Adds a filter with these options to a servlet context, with async support, for every dispatcher
     * type, before the filters declared in {@code web.xml}. Call it from a
     * {@code ServletContainerInitializer} or a {@code ServletContextListener}.
     *
     * @param urlPatterns the URL patterns to protect, such as {@code /*}; include the metadata path
     *     ({@link ProtectedResourceMetadata#WELL_KNOWN_PATH}{@code /*}) when metadata is published
     */
    public static FilterRegistration.Dynamic register(ServletContext context, String filterName,
            WachtFilterOptions options, String... urlPatterns) {
        FilterRegistration.Dynamic registration = context.addFilter(filterName, new WachtFilter(options));
        if (registration == null) {
            throw new IllegalStateException("a filter named '" + filterName + "' is already registered");
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, urlPatterns);
        return registration;
    }

    /**
     * Reads and checks the configuration and creates the authenticator.
     *
     * @throws ServletException naming the parameter when one is unknown or its value is invalid
     */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        WachtFilterOptions options;
        try {
            options = programmatic != null ? programmatic : readOptions(filterConfig);
        } catch (IllegalArgumentException e) {
            throw new ServletException("Wacht filter '" + filterConfig.getFilterName()
                    + "' is misconfigured and will not start: " + e.getMessage(), e);
        }
        if (options.config().resourceUri().isPresent() && options.metadata().isEmpty()) {
            LOG.log(Level.WARNING, "Wacht filter ''{0}'': challenges advertise resource_metadata, but no "
                    + "wacht.authorization-servers is set, so this filter does not publish the document",
                    filterConfig.getFilterName());
        }
        protection = new Protection(options, WachtAuthenticator.create(options.config()));
        LOG.log(Level.INFO, "Wacht filter ''{0}'' started: {1}", filterConfig.getFilterName(), options);
    }

    /** Authenticates the request, answers it (metadata or refusal), or passes it on authenticated. */
    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest) || !(servletResponse instanceof HttpServletResponse)) {
            throw new ServletException("WachtFilter handles HTTP requests only");
        }
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        Protection active = protection;
        if (active == null) {
            LOG.log(Level.ERROR, "Wacht filter used before a successful init; refusing the request");
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setHeader("Cache-Control", "no-store");
            return;
        }
        Object earlier = request.getAttribute(WachtPrincipal.REQUEST_ATTRIBUTE);
        if (earlier instanceof WachtPrincipal) {
            chain.doFilter(authenticated(request, (WachtPrincipal) earlier), response);
            return;
        }
        String path = applicationPath(request);
        if (active.isMetadataRequest(request, path)) {
            active.serveMetadata(response);
            return;
        }
        if (active.options.excluded().matches(path) || (active.options.passCorsPreflight() && isPreflight(request))) {
            chain.doFilter(request, response);
            return;
        }
        Outcome outcome = active.authenticator.authenticate(active.accessRequest(request, path));
        if (outcome instanceof Outcome.Allowed) {
            WachtPrincipal principal = ((Outcome.Allowed) outcome).principal();
            LOG.log(Level.DEBUG, "Wacht allowed {0} {1} for {2} (request_id {3})", request.getMethod(), path,
                    principal, outcome.requestId().orElse("-"));
            request.setAttribute(WachtPrincipal.REQUEST_ATTRIBUTE, principal);
            chain.doFilter(authenticated(request, principal), response);
            return;
        }
        active.refuse(request, path, outcome, response);
    }

    /** Closes the authenticator (its HTTP clients); the filter refuses requests afterwards. */
    @Override
    public void destroy() {
        Protection active = protection;
        protection = null;
        if (active != null) {
            active.authenticator.close();
        }
    }

    private static HttpServletRequest authenticated(HttpServletRequest request, WachtPrincipal principal) {
        return request.getUserPrincipal() == principal ? request : new AuthenticatedRequest(request, principal);
    }

    /** The decoded, normalised path within the application, never empty. */
    private static String applicationPath(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    private static boolean isPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** Layers init-params over context-params over system properties and environment, after checking names. */
    private static WachtFilterOptions readOptions(FilterConfig filterConfig) {
        ServletContext context = filterConfig.getServletContext();
        Set<String> known = WachtFilterOptions.settingNames();
        checkNames("init-param", filterConfig.getInitParameterNames(), known);
        checkNames("context-param", context.getInitParameterNames(), known);
        Function<String, String> environment = WachtConfig.environmentSettings();
        return WachtFilterOptions.fromSettings(name -> {
            String value = filterConfig.getInitParameter(PREFIX + name);
            if (value == null || value.isBlank()) {
                value = context.getInitParameter(PREFIX + name);
            }
            return value == null || value.isBlank() ? environment.apply(name) : value;
        });
    }

    private static void checkNames(String kind, Enumeration<String> names, Set<String> known) {
        for (String name : Collections.list(names)) {
            if (name.startsWith(PREFIX) && !known.contains(name.substring(PREFIX.length()))) {
                throw new IllegalArgumentException("unknown " + kind + " '" + name + "' (known: wacht."
                        + String.join(", wacht.", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** What an initialised filter works with. */
    private static final class Protection {
        private final WachtFilterOptions options;
        private final WachtAuthenticator authenticator;
        private final ProtectedResourceMetadata metadata;
        private final byte[] metadataJson;

        Protection(WachtFilterOptions options, WachtAuthenticator authenticator) {
            this.options = options;
            this.authenticator = authenticator;
            this.metadata = options.metadata().orElse(null);
            this.metadataJson = metadata == null ? null : metadata.json().getBytes(StandardCharsets.UTF_8);
        }

        boolean isMetadataRequest(HttpServletRequest request, String path) {
            String method = request.getMethod();
            return metadata != null && ("GET".equals(method) || "HEAD".equals(method))
                    && (path.equals(ProtectedResourceMetadata.WELL_KNOWN_PATH) || path.equals(metadata.path()));
        }

        void serveMetadata(HttpServletResponse response) throws IOException {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", METADATA_CACHE_CONTROL);
            response.setHeader("Access-Control-Allow-Origin", "*");
            response.setContentLength(metadataJson.length);
            response.getOutputStream().write(metadataJson);
        }

        AccessRequest accessRequest(HttpServletRequest request, String path) {
            String resource = options.resource().orElseGet(() -> path.length() <= MAX_PATH_RESOURCE ? path
                    : path.substring(0, MAX_PATH_RESOURCE));
            List<String> forwardedFor = Collections.list(request.getHeaders("X-Forwarded-For"));
            return AccessRequest.builder()
                    .method(request.getMethod())
                    .resource(resource)
                    .requiredPermissions(options.requiredPermissions())
                    .authorization(Collections.list(request.getHeaders("Authorization")))
                    .clientIp(options.proxies().clientIp(request.getRemoteAddr(), forwardedFor))
                    .userAgent(request.getHeader("User-Agent"))
                    .build();
        }

        void refuse(HttpServletRequest request, String path, Outcome outcome, HttpServletResponse response)
                throws IOException {
            ErrorResponse answer = authenticator.errorResponse(outcome);
            // wacht-core already logs gateway failures at WARNING/ERROR; this is the per-request trail.
            LOG.log(Level.DEBUG, "Wacht refused {0} {1} with {2}: {3} (request_id {4})", request.getMethod(), path,
                    answer.status(), outcome, outcome.requestId().orElse("-"));
            response.setStatus(answer.status());
            answer.headers().forEach(response::setHeader);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
