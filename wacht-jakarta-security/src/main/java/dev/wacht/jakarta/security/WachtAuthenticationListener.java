package dev.wacht.jakarta.security;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.jspecify.annotations.Nullable;

/**
 * Registers a {@link WachtServerAuthModule} for the application when it starts and removes and
 * closes it when it stops: the one line a Tomcat application needs in {@code web.xml},
 * {@code <listener><listener-class>dev.wacht.jakarta.security.WachtAuthenticationListener</listener-class></listener>}.
 * A misconfiguration fails the application's start with a message naming the setting.
 */
public final class WachtAuthenticationListener implements ServletContextListener {
    private @Nullable WachtServerAuthModule module;

    /** Creates and registers the module. */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        module = WachtServerAuthModule.register(event.getServletContext());
    }

    /** Removes and closes the module. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (module != null) {
            AuthConfigFactory.getFactory().removeServerAuthModule(event.getServletContext());
            module.close();
            module = null;
        }
    }
}
