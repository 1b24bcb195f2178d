package dev.wacht.it.jetty;

import jakarta.security.auth.message.config.AuthConfigFactory;
import org.eclipse.jetty.ee.WebAppClassLoading;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * The server side of Jakarta Authentication on the embedded Jetty, exactly as docs/container-security.md
 * ("Jetty 12") tells users of an embedded server: before the server starts, Jetty's factory becomes the
 * default {@link AuthConfigFactory}, and web applications may see the Jakarta Authentication API, which
 * Jetty hides from them once {@code jetty-ee10-jaspi} (the other half, on the class path) is there.
 */
public final class JakartaAuthenticationSetup implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(JakartaAuthenticationSetup.class);
    }

    /** Sets Jetty's factory and shows web applications the API before the container starts. */
    public void setUp(@Observes BeforeStart event) {
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
        WebAppClassLoading.addHiddenClasses("-jakarta.security.auth.message.");
    }
}
