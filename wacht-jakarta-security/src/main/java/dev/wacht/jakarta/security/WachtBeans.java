package dev.wacht.jakarta.security;

import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtPrincipal;
import dev.wacht.management.WachtManagementClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Singleton;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The CDI side: builds the application's {@link ContainerAuthentication} from its settings when the
 * application starts (so a bad setting fails the deployment), closes it when the application stops,
 * and produces the beans applications inject. {@link WachtAuthenticator} and
 * {@link WachtManagementClient} are final classes, which CDI cannot proxy, so they are
 * {@link Singleton}s: one instance per application, like application scope, without a proxy.
 */
@ApplicationScoped
class WachtBeans {
    private @Nullable ContainerAuthentication authentication;

    /**
     * Starts with the web application where its start event carries its servlet context (WildFly), so
     * that a misconfiguration fails its deployment.
     */
    void start(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        authentication(context);
    }

    /**
     * Starts the application's authentication from {@link WachtStartListener}, where the server runs CDI
     * and this bean is enabled: on servers whose start event does not carry the servlet context (Payara),
     * this is what makes a misconfiguration fail the deployment. Does nothing without a CDI container.
     */
    static void startFromListener(ServletContext context) {
        CDI<Object> cdi;
        try {
            cdi = CDI.current();
        } catch (IllegalStateException e) {
            return; // the API without a container
        }
        Instance<WachtBeans> beans = cdi.select(WachtBeans.class);
        if (beans.isResolvable()) {
            beans.get().authentication(context);
        }
    }

    /** The application's authentication, started from this servlet context if it has not started yet. */
    synchronized ContainerAuthentication authentication(ServletContext context) {
        if (authentication == null) {
            authentication = ContainerAuthentication.start(context, "Jakarta Security mechanism");
        }
        return authentication;
    }

    /** The application's authentication. */
    synchronized ContainerAuthentication authentication() {
        if (authentication == null) {
            throw new IllegalStateException("Wacht's Jakarta Security mechanism has not started: it starts with "
                    + "the web application, or with its first request");
        }
        return authentication;
    }

    /** Closes the authenticator when the application stops. */
    @PreDestroy
    synchronized void stop() {
        if (authentication != null) {
            authentication.close();
            authentication = null;
        }
    }

    @Produces
    @Singleton
    WachtAuthenticator authenticator() {
        return authentication().authenticator();
    }

    /** The management client, linked to the authenticator so that revoking a grant empties its cache. */
    @Produces
    @Singleton
    WachtManagementClient managementClient() {
        WachtAuthenticator authenticator = authentication().authenticator();
        try {
            return WachtManagementClient.create(authenticator.config(), authenticator);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot inject WachtManagementClient: " + e.getMessage(), e);
        }
    }

    /**
     * The current request's caller. The principal's class is final, so the bean is dependent: inject
     * it where a new instance is made per request (request-scoped beans, JAX-RS resources), and
     * elsewhere inject {@code Instance<WachtPrincipal>} and call {@code get()} during the request.
     *
     * @throws IllegalStateException when the request has no Wacht caller
     */
    @Produces
    @Dependent
    WachtPrincipal caller(HttpServletRequest request) {
        Object principal = request.getAttribute(WachtPrincipal.REQUEST_ATTRIBUTE);
        if (principal instanceof WachtPrincipal) {
            return (WachtPrincipal) principal;
        }
        if (request.getUserPrincipal() instanceof WachtPrincipal) {
            return (WachtPrincipal) request.getUserPrincipal();
        }
        throw new IllegalStateException("No Wacht caller in this request (" + request.getMethod() + " "
                + request.getRequestURI().replaceAll("[^\\x20-\\x7e]", "?") + "): it carried no valid Wacht "
                + "credential. Guard the resource (@RolesAllowed or a security constraint) so that anonymous "
                + "callers are challenged before WachtPrincipal is injected.");
    }
}
