package dev.wacht.mcp;

import dev.wacht.core.ProtectedResourceMetadata;
import dev.wacht.core.WachtPrincipal;
import dev.wacht.jakarta.filter.WachtFilter;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Protects an MCP endpoint served by the MCP Java SDK's servlet transports
 * ({@code HttpServletStreamableServerTransportProvider}, {@code HttpServletStatelessServerTransport}).
 * Map it to the same path as the transport servlet. For every request, in this order:
 * <ol>
 * <li>an {@code Origin} that is not allowed is answered 403 (DNS-rebinding defence);</li>
 * <li>the bearer credential is verified by a {@link WachtFilter} with {@link WachtMcpOptions#filterOptions()}:
 *     401/400/403/429/503 exactly as that filter answers, with {@code resource_metadata}, and the base
 *     scopes in the 401's {@code scope}; the filter also serves the RFC 9728 metadata;</li>
 * <li>an {@code Mcp-Session-Id} the caller did not create is answered 404, like an unknown session;</li>
 * <li>a POST's JSON-RPC body is read once (at most {@link WachtMcpOptions#maxBodySize()} bytes, else
 *     413; UTF-8 only, else 415; JSON, else 400) with the transport's JSON mapper, and when a message
 *     calls a tool, prompt or resource whose declared scopes the caller lacks, the request is answered
 *     403 {@code insufficient_scope} with {@code scope} naming every scope the call needs, before any
 *     handler runs;</li>
 * <li>the transport gets the request with the checked body re-encoded, and the principal as the
 *     request attribute {@link WachtPrincipal#REQUEST_ATTRIBUTE}, which {@link WachtMcp#contextExtractor()}
 *     hands to the handlers.</li>
 * </ol>
 */
public final class WachtMcpFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(WachtMcpFilter.class.getName());
    private static final int READ_CHUNK = 8192;

    private final WachtMcpOptions options;
    private final WachtFilter authentication;
    private final SessionBindings sessions;
    private volatile @Nullable McpJsonMapper mapper;

    /** A filter enforcing these options. */
    public WachtMcpFilter(WachtMcpOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.authentication = new WachtFilter(options.filterOptions());
        this.sessions = new SessionBindings(options.maxSessions());
    }

    /**
     * Adds a filter with these options to a servlet context, with async support, for every dispatcher
     * type, mapped to the MCP endpoint's URL patterns and, when metadata is published, to the RFC 9728
     * well-known path. Call it from a {@code ServletContainerInitializer} or {@code ServletContextListener}.
     *
     * @param urlPatterns the MCP endpoint, such as {@code /mcp}
     */
    public static FilterRegistration.Dynamic register(ServletContext context, String filterName,
            WachtMcpOptions options, String... urlPatterns) {
        FilterRegistration.Dynamic registration = context.addFilter(filterName, new WachtMcpFilter(options));
        if (registration == null) {
            throw new IllegalStateException("a filter named '" + filterName + "' is already registered");
        }
        List<String> patterns = new ArrayList<>(Arrays.asList(urlPatterns));
        if (options.filterOptions().metadata().isPresent()) {
            patterns.add(ProtectedResourceMetadata.WELL_KNOWN_PATH + "/*");
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false,
                patterns.toArray(new String[0]));
        return registration;
    }

    /**
     * Starts the servlet filter that verifies credentials and picks the JSON mapper.
     *
     * @throws ServletException when the servlet filter does not start
     */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        authentication.init(filterConfig);
        mapper = options.jsonMapper().orElseGet(McpJsonDefaults::getMapper);
        LOG.log(Level.INFO, "Wacht MCP filter ''{0}'' started: {1}", filterConfig.getFilterName(), options);
    }

    /** Checks the request as listed on the class, and passes it on or answers it. */
    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse response)) {
            throw new ServletException("WachtMcpFilter handles HTTP requests only");
        }
        String path = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.startsWith(ProtectedResourceMetadata.WELL_KNOWN_PATH)) {
            authentication.doFilter(request, response, chain); // the metadata document
            return;
        }
        if (!options.origins().allows(Collections.list(request.getHeaders("Origin")))) {
            LOG.log(Level.DEBUG, "Wacht MCP refused {0}: Origin not allowed", request.getMethod());
            McpAnswers.send(response, HttpServletResponse.SC_FORBIDDEN, McpAnswers.INVALID_REQUEST,
                    "Origin not allowed");
            return;
        }
        authentication.doFilter(request, response,
                (r, s) -> protect((HttpServletRequest) r, (HttpServletResponse) s, chain));
    }

    /** Runs after the servlet filter allowed the request. */
    private void protect(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Object attribute = request.getAttribute(WachtPrincipal.REQUEST_ATTRIBUTE);
        if (!(attribute instanceof WachtPrincipal principal)) {
            if ("OPTIONS".equals(request.getMethod())) {
                chain.doFilter(request, response); // a CORS preflight, which carries no credential
                return;
            }
            LOG.log(Level.ERROR, "Wacht MCP: a {0} request reached the MCP checks without a principal; refused",
                    request.getMethod());
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setHeader("Cache-Control", "no-store");
            return;
        }
        String sessionId = request.getHeader(SessionResponse.SESSION_HEADER);
        if (sessionId != null && !sessions.belongsTo(sessionId, principal)) {
            LOG.log(Level.INFO, "Wacht MCP refused a {0} request of {1} naming an MCP session it did not create",
                    request.getMethod(), principal);
            McpAnswers.send(response, HttpServletResponse.SC_NOT_FOUND, McpAnswers.SESSION_NOT_FOUND,
                    "Session not found");
            return;
        }
        Checked checked = "POST".equals(request.getMethod()) ? checkBody(request, response)
                : new Checked(request, options.rules().base());
        if (checked == null) {
            return;
        }
        // All of the scopes, each a granted scope or permission; the names were checked when configured,
        // so no requirement object is built per request.
        for (String scope : checked.required()) {
            if (!principal.hasAuthority(scope)) {
                authentication.refuseScope(request, response, principal, checked.required());
                return;
            }
        }
        chain.doFilter(checked.request(), new SessionResponse(response, issued -> sessions.bind(issued, principal)));
        if (sessionId != null && "DELETE".equals(request.getMethod())
                && response.getStatus() == HttpServletResponse.SC_OK) {
            sessions.remove(sessionId);
        }
    }

    /**
     * A request to hand on and the scopes it needs: the base scopes (also checked here when another
     * Wacht filter authenticated the request before), plus those its JSON-RPC body calls for.
     */
    private record Checked(HttpServletRequest request, List<String> required) {
    }

    /** The request with its body read, checked and re-encoded, or null when the request was answered here. */
    private @Nullable Checked checkBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!isUtf8(request.getCharacterEncoding())) {
            McpAnswers.send(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, McpAnswers.INVALID_REQUEST,
                    "The body must be JSON in UTF-8");
            return null;
        }
        byte[] body = readBounded(request, options.maxBodySize());
        if (body == null) {
            McpAnswers.send(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, McpAnswers.INVALID_REQUEST,
                    "The body is larger than " + options.maxBodySize() + " bytes");
            return null;
        }
        McpJsonMapper active = mapper;
        if (active == null) {
            throw new IllegalStateException("Wacht MCP filter used before a successful init");
        }
        ScopeRules.Body checked;
        try {
            checked = options.rules().check(body, active);
        } catch (IOException e) {
            McpAnswers.send(response, HttpServletResponse.SC_BAD_REQUEST, McpAnswers.PARSE_ERROR,
                    "Parse error: the body is not a JSON value");
            return null;
        } catch (IllegalArgumentException e) {
            McpAnswers.send(response, HttpServletResponse.SC_BAD_REQUEST, McpAnswers.INVALID_REQUEST,
                    "Invalid request: a method, tool, prompt or resource name is not a plain string");
            return null;
        }
        return new Checked(new BodyRequest(request, checked.canonical()), checked.required());
    }

    private static boolean isUtf8(@Nullable String encoding) {
        if (encoding == null) {
            return true;
        }
        try {
            return Charset.forName(encoding.trim()).equals(StandardCharsets.UTF_8);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    /** The whole body, or null when it is longer than {@code max} bytes (checked before reading, and while reading). */
    private static byte @Nullable [] readBounded(HttpServletRequest request, int max) throws IOException {
        if (request.getContentLengthLong() > max) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, READ_CHUNK));
        byte[] chunk = new byte[READ_CHUNK];
        InputStream in = request.getInputStream();
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            if (out.size() + n > max) {
                return null;
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /** Stops the servlet filter (its gateway clients). */
    @Override
    public void destroy() {
        authentication.destroy();
    }
}
