package dev.wacht.jakarta.security;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * Registers the {@link WachtServerAuthModule} for Jetty 12, when the application asks for it with the
 * context-param {@value #OPT_IN} {@code = true}; without it, it does nothing (Tomcat, WildFly and
 * Payara use {@link WachtAuthenticationListener} or the Jakarta Security mechanism instead).
 *
 * <p>Jetty looks for the application's Jakarta Authentication provider once, before any
 * {@code ServletContextListener} runs, and its factory registers providers only, not modules. So this
 * initializer (found by the container through {@code META-INF/services}) registers the module wrapped in
 * a provider, for layer {@code HttpServlet} and Jetty's application context {@code "<virtual host or
 * server> <context path>"}, and removes and closes it when the application stops. The server must have
 * a Jakarta Authentication factory (docs/container-security.md, "Jetty 12"); without one the application
 * fails to start with a message that says so.
 */
public final class WachtAuthenticationInitializer implements ServletContainerInitializer {
    /** The context-param that turns the registration on ({@code true}) or leaves it off ({@code false}, unset). */
    public static final String OPT_IN = "dev.wacht.register-auth-config-provider";
    private static final System.Logger LOG = System.getLogger(WachtAuthenticationInitializer.class.getName());
    /** Jetty's server name in an application context when the application has no virtual host. */
    private static final String DEFAULT_SERVER = "server";

    /** Registers the module when the application opted in; otherwise does nothing. */
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (optedIn(context)) {
            register(context, AuthConfigFactory.getFactory());
        }
    }

    /**
     * Whether the application set {@value #OPT_IN} to {@code true}.
     *
     * @throws IllegalStateException naming the context-param when its value is neither true nor false
     */
    static boolean optedIn(ServletContext context) {
        String value = context.getInitParameter(OPT_IN);
        if (value == null || value.isBlank() || "false".equalsIgnoreCase(value.trim())) {
            return false;
        }
        if ("true".equalsIgnoreCase(value.trim())) {
            return true;
        }
        throw new IllegalStateException("Wacht Jakarta Authentication module of '" + context.getContextPath()
                + "' will not start: context-param " + OPT_IN + ": expected true or false, got '"
                + value + "'");
    }

    /**
     * Creates the application's module, registers it with the factory as a provider and adds the listener
     * that removes and closes it when the application stops.
     *
     * @return the registration's id
     * @throws IllegalStateException when the server has no factory, or naming the setting when the
     *     configuration is invalid
     */
    static String register(ServletContext context, AuthConfigFactory factory) {
        AuthConfigFactory checked = WachtServerAuthModule.requireFactory(factory, context, "the context-param "
                + OPT_IN + " asks for one: give the server jetty-ee10-jaspi and a factory (jetty-home: the module "
                + "ee10-jaspi; embedded: the security property authconfigprovider.factory="
                + "org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory), see docs/container-security.md, "
                + "\"Jetty 12\"");
        WachtServerAuthModule module = new WachtServerAuthModule(context);
        String appContext = appContext(context);
        String id = checked.registerConfigProvider(new ModuleConfigProvider(module), ModuleConfigProvider.LAYER,
                appContext, "Wacht Jakarta Authentication module");
        context.addListener(new Unregister(checked, id, module));
        LOG.log(Level.INFO, "Wacht Jakarta Authentication module registered for ''{0}''", appContext);
        return id;
    }

    /** Jetty's application context: the first virtual host (or "server") and the context path (or "/"). */
    static String appContext(ServletContext context) {
        String host = context.getVirtualServerName();
        String path = context.getContextPath();
        return (host == null || host.isEmpty() ? DEFAULT_SERVER : host) + " " + (path.isEmpty() ? "/" : path);
    }

    /** Removes the registration and closes the module when the application stops. */
    private static final class Unregister implements ServletContextListener {
        private final AuthConfigFactory factory;
        private final String id;
        private final WachtServerAuthModule module;

        Unregister(AuthConfigFactory factory, String id, WachtServerAuthModule module) {
            this.factory = factory;
            this.id = id;
            this.module = module;
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            factory.removeRegistration(id);
            module.close();
        }
    }
}
