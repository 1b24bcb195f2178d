package dev.wacht.jetty;

import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.WachtSetting;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jspecify.annotations.Nullable;

/**
 * Found by Jetty's {@code ServiceLoader} on the server's class path: gives a web application whose
 * {@code web.xml} says {@code <login-config><auth-method>WACHT</auth-method></login-config>} a
 * {@link WachtJettyAuthenticator}, configured by its {@code wacht.*} context-params (then system
 * properties and environment variables), closed when the application stops. It also answers the 403
 * Jetty decides for a Wacht caller without a constraint's role like the filter does: the application's
 * error handler is wrapped, and asked for every other error. An invalid setting fails the application's start.
 */
public final class WachtAuthenticatorFactory implements Authenticator.Factory {
    private static final String PREFIX = "wacht.";
    private static final String RESOURCE = WachtSetting.RESOURCE.settingName();
    private static final String PATH_RESOURCE = "@path";
    private static final Set<String> NAMES = WachtSetting.namesReadBy(WachtSetting.Component.JAKARTA_SECURITY);
    private static final System.Logger LOG = System.getLogger(WachtAuthenticatorFactory.class.getName());

    /** Used by the {@code ServiceLoader}. */
    public WachtAuthenticatorFactory() {
        // nothing to set up
    }

    /** A {@link WachtJettyAuthenticator} for an ee10 application whose auth-method is {@code WACHT}, otherwise null. */
    @Override
    public @Nullable Authenticator getAuthenticator(Server server, Context context, Authenticator.Configuration configuration) {
        if (!WachtJettyAuthenticator.AUTH_METHOD.equalsIgnoreCase(configuration.getAuthenticationType())) {
            return null;
        }
        ServletContextHandler handler = ServletContextHandler.getServletContextHandler(
                ServletContextHandler.getServletContext(context));
        Function<String, String> environment = WachtConfig.environmentSettings();
        for (String name : Collections.list(handler.getServletContext().getInitParameterNames())) {
            if (name.startsWith(PREFIX) && !NAMES.contains(name.substring(PREFIX.length()))) {
                throw new IllegalStateException(misconfigured(handler, "unknown context-param '" + name + "' (known: "
                        + PREFIX + String.join(", " + PREFIX, new TreeSet<>(NAMES)) + ")"));
            }
        }
        Function<String, String> settings = name -> {
            String value = handler.getInitParameter(PREFIX + name);
            return value == null || value.isBlank() ? environment.apply(name) : value;
        };
        WachtAuthenticator core;
        String resource = settings.apply(RESOURCE);
        try {
            core = WachtAuthenticator.create(WachtConfig.builder().apply(settings).build());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(misconfigured(handler, e.getMessage()), e);
        }
        WachtJettyAuthenticator authenticator = new WachtJettyAuthenticator(core,
                resource == null || resource.isBlank() || PATH_RESOURCE.equals(resource.trim()) ? null : resource.trim());
        handler.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
                core.close();
            }
        });
        Request.Handler errors = handler.getErrorHandler();
        handler.setErrorHandler((request, response, callback) -> authenticator.refuseForbidden(request, response, callback)
                || (errors != null && errors.handle(request, response, callback)));
        LOG.log(Level.INFO, "Wacht authenticator of ''{0}'' started: {1}", handler.getContextPath(), authenticator);
        return authenticator;
    }

    private static String misconfigured(ServletContextHandler handler, @Nullable String why) {
        return "Wacht Jetty authenticator of '" + handler.getContextPath() + "' is misconfigured and will not start: " + why;
    }
}
