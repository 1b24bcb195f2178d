package dev.wacht.jakarta.filter;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.ErrorResponse;
import dev.wacht.core.LogText;
import dev.wacht.core.Outcome;
import dev.wacht.core.ProtectedResourceMetadata;
import dev.wacht.core.RequestPath;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.WachtPrincipal;
import dev.wacht.core.audit.AuditMetrics;
import dev.wacht.jakarta.filter.internal.DeploymentCheck;
import dev.wacht.jakarta.filter.internal.FilterSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * A later dispatch of the same request (forward, include, async, error), or a later filter instance,
 * holds that principal to its own requirement (accepted kinds, resource binding, required permissions)
 * locally, without asking Wacht again.
 *
 * <p>Before anything else, a client's request whose raw path is not in normal form (see
 * {@link RequestPath}) is answered 400 {@code invalid_request}. Map the filter to {@code /*} for every
 * dispatcher type: exclusions are then decided on the same path the application routes on.
 */
public final class WachtFilter implements Filter {
    /** What {@code getAuthType()} returns for requests this filter authenticated. */
    public static final String AUTH_TYPE = "BEARER";
    /**
     * The servlet-context attribute holding the filter's {@link WachtAuthenticator} once it started (its
     * {@code auditDispatcher()} and {@code auditListeners()}); also published with the suffix
     * {@code :<filter-name>}, for applications with more than one Wacht filter.
     */
    public static final String AUTHENTICATOR_ATTRIBUTE = "dev.wacht.core.WachtAuthenticator";
    /**
     * The servlet-context attribute holding the filter's {@link AuditMetrics} when
     * {@code wacht.audit-listeners} names {@code dev.wacht.core.audit.AuditMetrics}; also published with
     * the suffix {@code :<filter-name>}.
     */
    public static final String METRICS_ATTRIBUTE = "dev.wacht.core.audit.AuditMetrics";

    private static final System.Logger LOG = System.getLogger(WachtFilter.class.getName());
    private static final String METADATA_CACHE_CONTROL = "public, max-age=300";

    private final @Nullable WachtFilterOptions programmatic;
    private volatile @Nullable Protection protection;

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
        context.setAttribute(DeploymentCheck.PROGRAMMATIC + filterName, true);
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
        ServletContext context = filterConfig.getServletContext();
        String owner = FilterSettings.ownerName(filterConfig.getFilterName(), context.getContextPath());
        WachtFilterOptions options;
        try {
            options = programmatic != null ? programmatic : DeploymentCheck.checkedOptions(filterConfig);
        } catch (IllegalArgumentException e) {
            throw new ServletException("Wacht " + owner + " is misconfigured and will not start: " + e.getMessage(), e);
        }
        WachtConfig config = options.config();
        if (config.name().equals(WachtConfig.DEFAULT_NAME)) {
            config = config.toBuilder().name(owner).build();
        }
        if (options.config().resourceUri().isPresent() && options.metadata().isEmpty()) {
            LOG.log(Level.WARNING, "Wacht filter ''{0}'': challenges advertise resource_metadata, but no "
                    + "wacht.authorization-servers is set, so this filter does not publish the document",
                    filterConfig.getFilterName());
        }
        protection = new Protection(options, WachtAuthenticator.create(config), filterConfig);
        publish(context, filterConfig.getFilterName(), protection.authenticator);
        LOG.log(Level.INFO, "Wacht {0} started: {1}", owner, options);
    }

    /** Makes the authenticator and in-memory metrics reachable for the application (servlet-context attributes). */
    private static void publish(ServletContext context, String filterName, WachtAuthenticator authenticator) {
        context.setAttribute(AUTHENTICATOR_ATTRIBUTE, authenticator);
        context.setAttribute(AUTHENTICATOR_ATTRIBUTE + ":" + filterName, authenticator);
        authenticator.auditListeners().stream().filter(AuditMetrics.class::isInstance).findFirst()
                .ifPresent(metrics -> {
                    context.setAttribute(METRICS_ATTRIBUTE, metrics);
                    context.setAttribute(METRICS_ATTRIBUTE + ":" + filterName, metrics);
                });
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
        RequestPath requestPath = requestPath(request);
        if (!requestPath.isNormal()) {
            active.refuse(request, "(not in normal form)", requestPath.refusal().get(), response);
            return;
        }
        String path = requestPath.path();
        if (active.isMetadataRequest(request, path)) {
            active.serveMetadata(response);
            return;
        }
        Object stored = request.getAttribute(WachtPrincipal.REQUEST_ATTRIBUTE);
        WachtPrincipal earlier = stored instanceof WachtPrincipal ? (WachtPrincipal) stored : null;
        if (active.options.excluded().matches(path) || (active.options.passCorsPreflight() && isPreflight(request))) {
            chain.doFilter(earlier == null ? request : authenticated(request, earlier), response);
            return;
        }
        AccessRequest access = active.accessRequest(request, requestPath.resource());
        // A principal stored by another filter or an earlier dispatch is held to this filter's own
        // requirement (kinds, binding, permissions), locally.
        Outcome outcome = earlier != null ? active.authenticator.authorize(earlier, access)
                : active.authenticator.authenticate(access);
        if (outcome instanceof Outcome.Allowed) {
            WachtPrincipal principal = ((Outcome.Allowed) outcome).principal();
            LOG.log(Level.DEBUG, "Wacht allowed {0} {1} for {2} (request_id {3})", LogText.escape(request.getMethod()),
                    LogText.escape(path), LogText.escape(principal), LogText.escape(outcome.requestId().orElse("-")));
            request.setAttribute(WachtPrincipal.REQUEST_ATTRIBUTE, principal);
            request.setAttribute(WachtAuthenticator.REQUEST_ATTRIBUTE, active.authenticator);
            access.clientIp().ifPresent(ip -> request.setAttribute(AccessRequest.CLIENT_IP_ATTRIBUTE, ip));
            chain.doFilter(authenticated(request, principal), response);
            return;
        }
        active.refuse(request, path, outcome, response);
    }

    /**
     * Refuses a request this filter authenticated, on a scope check made by a layer after it (such as
     * wacht-mcp's per-tool scopes): answers 403 {@code insufficient_scope} whose {@code scope} names
     * {@code required}, exactly as the filter's own refusals are answered, and emits the scope-denied
     * audit event.
     *
     * @param required the scopes or permissions the request needs, at least one, each a plain name
     * @throws IllegalStateException if the filter is not initialised
     * @throws ServletException when the request is an INCLUDE, which cannot carry a refusal's status
     */
    public void refuseScope(HttpServletRequest request, HttpServletResponse response, WachtPrincipal principal,
            List<String> required) throws IOException, ServletException {
        Protection active = protection;
        if (active == null) {
            throw new IllegalStateException("Wacht filter used before a successful init");
        }
        RequestPath requestPath = requestPath(request);
        AccessRequest accessRequest = active.accessRequest(request, requestPath.resource());
        active.refuse(request, requestPath.path(), active.authenticator.denyScope(principal, required, accessRequest),
                response);
    }

    /** Closes the authenticator (its HTTP clients); the filter refuses requests afterwards. */
    @Override
    public void destroy() {
        Protection active = protection;
        protection = null;
        if (active != null) {
            withdraw(active.filterConfig.getServletContext(), active.filterConfig.getFilterName(),
                    active.authenticator);
            active.authenticator.close();
        }
    }

    /** Also withdraws what {@link #init} published in the servlet context. */
    private static void withdraw(ServletContext context, String filterName, WachtAuthenticator authenticator) {
        for (String name : List.of(AUTHENTICATOR_ATTRIBUTE, METRICS_ATTRIBUTE)) {
            Object published = context.getAttribute(name + ":" + filterName);
            if (published != null) {
                context.removeAttribute(name + ":" + filterName);
            }
            if ((published != null && context.getAttribute(name) == published)
                    || context.getAttribute(name) == authenticator) {
                context.removeAttribute(name);
            }
        }
    }

    private static HttpServletRequest authenticated(HttpServletRequest request, WachtPrincipal principal) {
        return request.getUserPrincipal() == principal ? request : new AuthenticatedRequest(request, principal);
    }

    /**
     * The path this dispatch is judged by. A client's request (REQUEST) is judged by its raw URI after
     * the context path, checked by core's firewall, never by the container's normalised servlet path;
     * an INCLUDE by the included target ({@code jakarta.servlet.include.*}), not the including page;
     * FORWARD, ASYNC and ERROR by their target's servlet path and path info, chosen by the application.
     */
    static RequestPath requestPath(HttpServletRequest request) {
        DispatcherType type = request.getDispatcherType();
        if (type == DispatcherType.REQUEST) {
            return RequestPath.ofRaw(request.getRequestURI(), request.getContextPath());
        }
        if (type == DispatcherType.INCLUDE) {
            return RequestPath.ofDecoded(concat(request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH),
                    request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO)));
        }
        return RequestPath.ofDecoded(concat(request.getServletPath(), request.getPathInfo()));
    }

    private static String concat(@Nullable Object servletPath, @Nullable Object pathInfo) {
        return (servletPath == null ? "" : servletPath.toString()) + (pathInfo == null ? "" : pathInfo.toString());
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** What an initialised filter works with. */
    private static final class Protection {
        private final WachtFilterOptions options;
        private final WachtAuthenticator authenticator;
        private final @Nullable ProtectedResourceMetadata metadata;
        private final byte @Nullable [] metadataJson;
        private final FilterConfig filterConfig;

        Protection(WachtFilterOptions options, WachtAuthenticator authenticator, FilterConfig filterConfig) {
            this.filterConfig = filterConfig;
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
            byte[] json = Objects.requireNonNull(metadataJson,
                    "Wacht filter bug: metadata served although none is configured (isMetadataRequest guards it)");
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", METADATA_CACHE_CONTROL);
            response.setHeader("Access-Control-Allow-Origin", "*");
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
        }

        AccessRequest accessRequest(HttpServletRequest request, String pathResource) {
            List<String> forwardedFor = Collections.list(request.getHeaders("X-Forwarded-For"));
            return AccessRequest.builder()
                    .method(request.getMethod())
                    .resource(options.resource().orElse(pathResource))
                    .requiredPermissions(options.requiredPermissions())
                    .authorization(Collections.list(request.getHeaders("Authorization")))
                    .clientIp(options.proxies().clientIp(request.getRemoteAddr(), forwardedFor))
                    .userAgent(request.getHeader("User-Agent"))
                    .queryString(request.getQueryString())
                    .accessTokenInForm(() -> isForm(request) && request.getParameter("access_token") != null)
                    .build();
        }

        void refuse(HttpServletRequest request, String path, Outcome outcome, HttpServletResponse response)
                throws IOException, ServletException {
            ErrorResponse answer = authenticator.errorResponse(outcome, options.challengeScopes());
            // wacht-core already logs gateway failures at WARNING/ERROR; this is the per-request trail.
            LOG.log(Level.DEBUG, "Wacht refused {0} {1} with {2}: {3} (request_id {4})",
                    LogText.escape(request.getMethod()), LogText.escape(path), answer.status(),
                    LogText.escape(outcome), LogText.escape(outcome.requestId().orElse("-")));
            if (request.getDispatcherType() == DispatcherType.INCLUDE) {
                // An include cannot set the status: refuse by failing the include, never by running it.
                throw new ServletException("Wacht filter refused the include of " + LogText.escape(path) + " with "
                        + answer.status() + ": the request carries no credential accepted for the included path");
            }
            response.setStatus(answer.status());
            answer.headers().forEach(response::setHeader);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
