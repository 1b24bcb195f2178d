package dev.wacht.jakarta.security;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.ErrorResponse;
import dev.wacht.core.Outcome;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtPrincipal;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * What the Jakarta Security mechanism and the Jakarta Authentication module share: one
 * {@link WachtAuthenticator} per application, the decision for a request (made once per request,
 * however often the container asks), and the answers to refused
 * requests, rendered by core's {@link ErrorResponse} exactly as the servlet filter renders them.
 */
final class ContainerAuthentication implements AutoCloseable {
    /** The servlet context attribute under which an application's instance is found (by the refusal servlet). */
    static final String CONTEXT_ATTRIBUTE = ContainerAuthentication.class.getName();
    private static final String OUTCOME_ATTRIBUTE = ContainerAuthentication.class.getName() + ".outcome";
    private static final System.Logger LOG = System.getLogger(ContainerAuthentication.class.getName());
    private static final int MAX_PATH_RESOURCE = 1024;

    private final Settings settings;
    private final WachtAuthenticator authenticator;

    private ContainerAuthentication(Settings settings) {
        this.settings = settings;
        this.authenticator = WachtAuthenticator.create(settings.config());
    }

    /**
     * Reads the application's settings, creates its authenticator and publishes it to the context.
     *
     * @param mechanism what is starting, for the log and the error message
     * @throws IllegalStateException naming the setting when the configuration is invalid
     */
    static ContainerAuthentication start(ServletContext context, String mechanism) {
        Settings settings;
        try {
            settings = Settings.read(context);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Wacht " + mechanism + " of '" + context.getContextPath()
                    + "' is misconfigured and will not start: " + e.getMessage(), e);
        }
        ContainerAuthentication authentication = new ContainerAuthentication(settings);
        context.setAttribute(CONTEXT_ATTRIBUTE, authentication);
        LOG.log(Level.INFO, "Wacht {0} of ''{1}'' started: {2}", mechanism, context.getContextPath(), settings);
        return authentication;
    }

    /** The application's authenticator. */
    WachtAuthenticator authenticator() {
        return authenticator;
    }

    /**
     * The decision for a request: null for an anonymous caller (no {@code Authorization} header) of a
     * resource the container does not guard, otherwise Wacht's outcome. A request that carries a
     * credential is always decided, so an unprotected resource sees its caller, and a bad credential
     * is refused wherever it is sent. Asked twice for one request, it answers from the first decision.
     * An allowed caller is also published as the request attribute {@link WachtPrincipal#REQUEST_ATTRIBUTE}.
     */
    @Nullable Outcome decide(HttpServletRequest request, boolean mandatory) {
        Object earlier = request.getAttribute(OUTCOME_ATTRIBUTE);
        if (earlier instanceof Outcome) {
            return (Outcome) earlier;
        }
        if (!mandatory && !request.getHeaders("Authorization").hasMoreElements()) {
            return null;
        }
        Outcome outcome = authenticator.authenticate(accessRequest(request, applicationPath(request)));
        request.setAttribute(OUTCOME_ATTRIBUTE, outcome);
        if (outcome instanceof Outcome.Allowed) {
            request.setAttribute(WachtPrincipal.REQUEST_ATTRIBUTE, ((Outcome.Allowed) outcome).principal());
        }
        return outcome;
    }

    /**
     * Answers a refused request and commits the answer, so that no container replaces its body
     * (WildFly does with an uncommitted one).
     */
    void refuse(HttpServletRequest request, HttpServletResponse response, Outcome outcome) throws IOException {
        ErrorResponse answer = authenticator.errorResponse(outcome);
        LOG.log(Level.DEBUG, "Wacht refused {0} with {1}: {2} (request_id {3})", request.getMethod(),
                answer.status(), outcome, outcome.requestId().orElse("-"));
        response.resetBuffer();
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /**
     * Answers a 401 or 403 that the container itself decided (a security constraint or
     * {@code @RolesAllowed}) during its error dispatch: a Wacht caller without the role gets 403
     * {@code insufficient_scope}, an anonymous caller the 401 challenge.
     */
    void refuseForContainer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? applicationPath(request)
                : pathWithin(request.getContextPath(), uri.toString());
        AccessRequest access = accessRequest(request, path);
        Object principal = request.getAttribute(WachtPrincipal.REQUEST_ATTRIBUTE);
        Outcome outcome = principal instanceof WachtPrincipal
                ? authenticator.denyRole((WachtPrincipal) principal, access)
                : authenticator.authenticate(AccessRequest.builder().method(access.method())
                        .resource(access.resource()).clientIp(access.clientIp().orElse(null)).build());
        refuse(request, response, outcome);
    }

    private AccessRequest accessRequest(HttpServletRequest request, String path) {
        String resource = settings.resource() != null ? settings.resource()
                : path.length() <= MAX_PATH_RESOURCE ? path : path.substring(0, MAX_PATH_RESOURCE);
        return AccessRequest.builder()
                .method(request.getMethod())
                .resource(resource)
                .authorization(Collections.list(request.getHeaders("Authorization")))
                .clientIp(request.getRemoteAddr())
                .userAgent(request.getHeader("User-Agent"))
                .build();
    }

    /** The decoded path within the application, never empty. */
    private static String applicationPath(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    private static String pathWithin(String contextPath, String uri) {
        String path = uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    /** Closes the authenticator (its HTTP clients). */
    @Override
    public void close() {
        authenticator.close();
    }

    @Override
    public String toString() {
        return "ContainerAuthentication[" + settings + "]";
    }
}
