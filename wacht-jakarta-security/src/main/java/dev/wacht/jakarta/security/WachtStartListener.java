package dev.wacht.jakarta.security;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Starts Wacht's Jakarta Security mechanism when the web application starts, on servers with CDI, so
 * that an invalid setting fails the deployment there (Payara's CDI start event does not carry the
 * servlet context, so the mechanism would otherwise start on the first request). Declared by this
 * library's {@code web-fragment.xml}; without CDI (Tomcat, Jetty) it does nothing. Not for use by
 * applications.
 */
public final class WachtStartListener implements ServletContextListener {
    /** Starts the mechanism's authenticator where the server has CDI. */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (Settings.visible("jakarta.enterprise.inject.spi.CDI", event.getServletContext().getClassLoader())) {
            WachtBeans.startFromListener(event.getServletContext());
        }
    }
}
