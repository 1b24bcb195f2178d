package dev.wacht.jetty;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.ErrorResponse;
import dev.wacht.core.LogText;
import dev.wacht.core.Outcome;
import dev.wacht.core.RequestPath;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtPrincipal;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import javax.security.auth.Subject;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.authentication.LoginAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * A Jetty 12 authenticator that logs a Wacht caller in: the container's caller is the
 * {@link WachtPrincipal}, its roles are the granted scopes and permissions. A resource that a
 * security constraint guards needs a valid credential (401 challenge without one); an unguarded
 * resource is reached anonymously, but a request that carries a credential is always checked, and a
 * bad one is refused wherever it is sent. Refusals are core's {@link ErrorResponse}, written by this
 * authenticator, which also completes Jetty's callback. Select it with
 * {@code <auth-method>WACHT</auth-method>} in a web application, or
 * {@code securityHandler.setAuthenticationType("WACHT")} on embedded Jetty: {@link WachtAuthenticatorFactory}
 * then creates it from the settings and also answers Jetty's 403 for a missing role. An instance set
 * with {@code setAuthenticator} leaves that 403 to Jetty.
 */
public final class WachtJettyAuthenticator implements Authenticator {
    /** The authentication type: the {@code auth-method} that selects this authenticator, and {@code getAuthType()}. */
    public static final String AUTH_METHOD = "WACHT";
    private static final System.Logger LOG = System.getLogger(WachtJettyAuthenticator.class.getName());
    /**
     * Jetty asks {@link #getConstraintAuthentication} right before {@link #validateRequest} on the same
     * thread, and only the former learns whether the resource is guarded: it is handed over here.
     */
    private static final ThreadLocal<Constraint.@Nullable Authorization> GUARD = new ThreadLocal<>();

    private final WachtAuthenticator authenticator;
    private final @Nullable String resource;
    private @Nullable IdentityService identityService;

    /**
     * An authenticator that asks the given core authenticator.
     *
     * @param authenticator the core authenticator (its owner closes it)
     * @param resource the fixed resource name sent to Wacht, or null to send each request's path
     */
    public WachtJettyAuthenticator(WachtAuthenticator authenticator, @Nullable String resource) {
        this.authenticator = authenticator;
        this.resource = resource;
    }

    /** Takes the security handler's identity service, which makes the caller's user identity. */
    @Override
    public void setConfiguration(Configuration configuration) {
        identityService = configuration.getIdentityService();
    }

    /** {@value #AUTH_METHOD}. */
    @Override
    public String getAuthenticationType() {
        return AUTH_METHOD;
    }

    /**
     * Asks Jetty to call {@link #validateRequest} for every request, guarded or not, so that a
     * credential sent to an unguarded resource is checked too.
     */
    @Override
    public Constraint.Authorization getConstraintAuthentication(String pathInContext,
            Constraint.Authorization existing, Function<Boolean, Session> getSession) {
        GUARD.set(existing);
        return guarded(existing) ? existing : Constraint.Authorization.ANY_USER;
    }

    /**
     * Decides a request: the caller's state when allowed, null for an anonymous caller of an
     * unguarded resource, otherwise {@link AuthenticationState#SEND_FAILURE} after writing the refusal.
     */
    @Override
    public @Nullable AuthenticationState validateRequest(Request request, Response response, Callback callback) {
        Constraint.Authorization guard = GUARD.get();
        GUARD.remove();
        // Called without the guard (Jetty's lazy authentication): the caller is needed, so it is mandatory.
        boolean mandatory = guard == null || guarded(guard);
        List<String> authorization = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        if (!mandatory && authorization.isEmpty()) {
            return null;
        }
        Outcome outcome = decide(request, authorization);
        if (outcome instanceof Outcome.Allowed allowed) {
            WachtPrincipal principal = allowed.principal();
            request.setAttribute(WachtPrincipal.REQUEST_ATTRIBUTE, principal);
            return new LoginAuthenticator.UserAuthenticationSucceeded(AUTH_METHOD, identity(principal));
        }
        refuse(request, response, callback, outcome);
        return AuthenticationState.SEND_FAILURE;
    }

    private Outcome decide(Request request, List<String> authorization) {
        RequestPath path = RequestPath.ofRaw(request.getHttpURI().getPath(), request.getContext().getContextPath());
        if (!path.isNormal()) {
            return path.refusal().orElseThrow();
        }
        return authenticator.authenticate(accessRequest(request, path.resource(), authorization));
    }

    private AccessRequest accessRequest(Request request, String path, List<String> authorization) {
        return AccessRequest.builder()
                .method(request.getMethod())
                .resource(resource != null ? resource : path)
                .authorization(authorization)
                .clientIp(Request.getRemoteAddr(request))
                .userAgent(request.getHeaders().get(HttpHeader.USER_AGENT))
                .build();
    }

    /**
     * Answers the 403 Jetty decides for a Wacht caller without a constraint's role as 403
     * {@code insufficient_scope}, like the filter (the error handler {@link WachtAuthenticatorFactory} installs).
     *
     * @return whether it answered (false: not a Wacht caller's 403, left to Jetty's error handler)
     */
    boolean refuseForbidden(Request request, Response response, Callback callback) {
        Object caller = request.getAttribute(WachtPrincipal.REQUEST_ATTRIBUTE);
        if (response.getStatus() != 403 || !(caller instanceof WachtPrincipal principal) || response.isCommitted()) {
            return false;
        }
        RequestPath path = RequestPath.ofRaw(request.getHttpURI().getPath(), request.getContext().getContextPath());
        Outcome outcome = path.isNormal()
                ? authenticator.denyRole(principal, accessRequest(request, path.resource(), List.of()))
                : path.refusal().orElseThrow();
        response.reset();
        write(response, callback, authenticator.errorResponse(outcome));
        return true;
    }

    private UserIdentity identity(WachtPrincipal principal) {
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.setReadOnly();
        String[] roles = principal.authorities().toArray(new String[0]);
        IdentityService identities = identityService;
        return identities != null ? identities.newUserIdentity(subject, principal, roles)
                : UserIdentity.from(subject, principal, roles);
    }

    private void refuse(Request request, Response response, Callback callback, Outcome outcome) {
        ErrorResponse answer = authenticator.errorResponse(outcome);
        LOG.log(Level.DEBUG, "Wacht refused {0} with {1}: {2}", LogText.escape(request.getMethod()), answer.status(),
                LogText.escape(outcome));
        write(response, callback, answer);
    }

    private static void write(Response response, Callback callback, ErrorResponse answer) {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, String.valueOf(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static boolean guarded(Constraint.Authorization authorization) {
        return authorization != Constraint.Authorization.ALLOWED && authorization != Constraint.Authorization.INHERIT;
    }

    @Override
    public String toString() {
        return "WachtJettyAuthenticator[resource=" + (resource == null ? "@path" : resource) + "]";
    }
}
