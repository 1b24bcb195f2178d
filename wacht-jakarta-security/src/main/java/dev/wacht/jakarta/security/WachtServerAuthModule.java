package dev.wacht.jakarta.security;

import dev.wacht.core.Outcome;
import dev.wacht.core.WachtPrincipal;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.jspecify.annotations.Nullable;

/**
 * The Jakarta Authentication module, for containers without Jakarta Security that implement Jakarta
 * Authentication 3 (Tomcat 10.1 and 11): a request allowed by Wacht logs its {@link WachtPrincipal}
 * in as the container's caller, with every granted scope and permission as a group; a request without
 * a credential stays anonymous unless the resource is guarded; every other request is refused with
 * core's answer.
 *
 * <p>Register one per application, with its settings read from that application
 * ({@link WachtAuthenticationListener} does it from {@code web.xml}):
 * <pre>{@code
 * AuthConfigFactory.getFactory().registerServerAuthModule(new WachtServerAuthModule(context), context);
 * }</pre>
 * and {@link #close()} it when the application stops.
 */
public final class WachtServerAuthModule implements ServerAuthModule, AutoCloseable {
    private static final String MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    private static final Class<?>[] MESSAGE_TYPES = {HttpServletRequest.class, HttpServletResponse.class};
    /** What to use where this module cannot be registered (Jetty 12.0). */
    private static final String ALTERNATIVES = "on Jetty 12 use wacht-jetty's authenticator (<auth-method>WACHT</auth-method>, "
            + "docs/container-security.md, Jetty 12), elsewhere the Wacht servlet filter";

    private final ContainerAuthentication authentication;
    private volatile @Nullable CallbackHandler handler;

    /**
     * A module with the application's settings: {@code wacht.*} context-params, then MicroProfile
     * Config where present, then system properties and environment variables.
     *
     * @throws IllegalStateException naming the setting when a {@code wacht.*} name is unknown or a value is invalid
     */
    public WachtServerAuthModule(ServletContext context) {
        this.authentication = ContainerAuthentication.start(Objects.requireNonNull(context, "context"),
                "Jakarta Authentication module");
    }

    /**
     * Creates a module for the application and registers it with the default {@link AuthConfigFactory}
     * (Jakarta Authentication 3), replacing any module registered for it before.
     *
     * @return the module, to {@link #close()} when the application stops
     * @throws IllegalStateException when the container cannot register a module this way (Jetty 12.0), or
     *     naming the setting when the configuration is invalid
     */
    public static WachtServerAuthModule register(ServletContext context) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        if (factory == null) {
            throw new IllegalStateException("Wacht cannot register its Jakarta Authentication module for '"
                    + context.getContextPath() + "': the container has no Jakarta Authentication factory "
                    + "(AuthConfigFactory.getFactory() is null); " + ALTERNATIVES);
        }
        WachtServerAuthModule module = new WachtServerAuthModule(context);
        try {
            factory.registerServerAuthModule(module, context);
        } catch (UnsupportedOperationException e) {
            module.close();
            throw new IllegalStateException("Wacht cannot register its Jakarta Authentication module for '"
                    + context.getContextPath() + "': the container's factory " + factory.getClass().getName()
                    + " does not support registerServerAuthModule (Jakarta Authentication 3); " + ALTERNATIVES, e);
        }
        return module;
    }

    @Override
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
            @SuppressWarnings("rawtypes") Map options) {
        this.handler = handler;
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return MESSAGE_TYPES.clone();
    }

    @Override
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject client, Subject service) throws AuthException {
        HttpServletRequest request = (HttpServletRequest) messageInfo.getRequestMessage();
        HttpServletResponse response = (HttpServletResponse) messageInfo.getResponseMessage();
        boolean mandatory = Boolean.parseBoolean(String.valueOf(messageInfo.getMap().get(MANDATORY)));
        Outcome outcome = authentication.decide(request, mandatory);
        if (outcome == null) {
            return AuthStatus.SUCCESS;
        }
        if (outcome instanceof Outcome.Allowed) {
            WachtPrincipal principal = ((Outcome.Allowed) outcome).principal();
            login(client, principal, principal.authorities());
            return AuthStatus.SUCCESS;
        }
        try {
            authentication.refuse(request, response, outcome);
        } catch (IOException e) {
            throw new UncheckedIOException("could not send Wacht's refusal", e);
        }
        return AuthStatus.SEND_FAILURE;
    }

    private void login(Subject client, WachtPrincipal principal, Set<String> groups) throws AuthException {
        Callback[] callbacks = {
            new CallerPrincipalCallback(client, principal),
            new GroupPrincipalCallback(client, groups.toArray(new String[0])),
        };
        CallbackHandler containerHandler = handler;
        if (containerHandler == null) {
            throw new AuthException("the container asked Wacht's Jakarta Authentication module to validate a request "
                    + "before initialize gave it a callback handler; the caller cannot be logged in");
        }
        try {
            containerHandler.handle(callbacks);
        } catch (IOException | UnsupportedCallbackException e) {
            AuthException failure = new AuthException("the container refused the Wacht caller: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject service) {
        return AuthStatus.SEND_SUCCESS;
    }

    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) {
        if (subject != null) {
            subject.getPrincipals().clear();
        }
    }

    /** Closes the module's authenticator (its HTTP clients); call it when the application stops. */
    @Override
    public void close() {
        authentication.close();
    }
}
