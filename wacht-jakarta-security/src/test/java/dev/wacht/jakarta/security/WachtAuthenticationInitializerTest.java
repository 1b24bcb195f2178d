package dev.wacht.jakarta.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.authenticator.jaspic.AuthConfigFactoryImpl;
import org.junit.jupiter.api.Test;

class WachtAuthenticationInitializerTest {
    private final List<Object> listeners = new ArrayList<>();

    /**
     * A servlet context at {@code /app} with these context-params and virtual host; it records the
     * listeners added to it and refuses every other use.
     */
    private ServletContext context(Map<String, String> params, String virtualHost) {
        return (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getInitParameterNames":
                            return Collections.enumeration(params.keySet());
                        case "getInitParameter":
                            return params.get((String) args[0]);
                        case "getClassLoader":
                            return getClass().getClassLoader();
                        case "getContextPath":
                            return "/app";
                        case "getVirtualServerName":
                            return virtualHost;
                        case "setAttribute":
                            return null;
                        case "addListener":
                            listeners.add(args[0]);
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private ServletContext optedIn(String value) {
        Map<String, String> params = new HashMap<>();
        params.put(WachtAuthenticationInitializer.OPT_IN, value);
        return context(params, null);
    }

    @Test
    void withoutTheContextParamItDoesNothing() {
        new WachtAuthenticationInitializer().onStartup(Set.of(), context(Map.of(), null));
        new WachtAuthenticationInitializer().onStartup(Set.of(), optedIn("false"));
        new WachtAuthenticationInitializer().onStartup(Set.of(), optedIn(" "));
        assertThat(listeners).isEmpty();
    }

    @Test
    void aValueOtherThanTrueOrFalseFailsTheStartNamingTheContextParam() {
        assertThatThrownBy(() -> new WachtAuthenticationInitializer().onStartup(Set.of(), optedIn("yes")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Wacht Jakarta Authentication module of '/app' will not start: context-param "
                        + "dev.wacht.register-auth-config-provider: expected true or false, got 'yes'");
        assertThat(listeners).isEmpty();
    }

    @Test
    void askedForWithoutAFactoryTheStartFailsSayingHowToSetOneUp() {
        assertThatThrownBy(() -> WachtAuthenticationInitializer.register(optedIn("true"), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Wacht cannot register its Jakarta Authentication module for '/app': the "
                        + "container has no Jakarta Authentication factory (AuthConfigFactory.getFactory() is null); "
                        + "the context-param dev.wacht.register-auth-config-provider asks for one")
                .hasMessageContaining("authconfigprovider.factory=org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory")
                .hasMessageContaining("ee10-jaspi");
        assertThat(listeners).isEmpty();
    }

    @Test
    void aMisconfiguredApplicationFailsBeforeAnythingIsRegistered() {
        AuthConfigFactory factory = new AuthConfigFactoryImpl();
        Map<String, String> params = Map.of(WachtAuthenticationInitializer.OPT_IN, "true",
                "wacht.request-timeout", "soon");
        assertThatThrownBy(() -> WachtAuthenticationInitializer.register(context(params, null), factory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wacht.request-timeout");
        assertThat(factory.getConfigProvider(ModuleConfigProvider.LAYER, "server /app", null)).isNull();
        assertThat(listeners).isEmpty();
    }

    @Test
    void theModuleIsRegisteredForJettysApplicationContextUntilTheApplicationStops() {
        AuthConfigFactory factory = new AuthConfigFactoryImpl();
        String id = WachtAuthenticationInitializer.register(optedIn("true"), factory);

        AuthConfigProvider provider = factory.getConfigProvider("HttpServlet", "server /app", null);
        assertThat(provider).isInstanceOf(ModuleConfigProvider.class);
        assertThat(factory.getRegistrationIDs(provider)).containsExactly(id);
        assertThat(listeners).hasSize(1);

        ((ServletContextListener) listeners.get(0)).contextDestroyed(new ServletContextEvent(optedIn("true")));
        assertThat(factory.getConfigProvider("HttpServlet", "server /app", null)).isNull();
    }

    @Test
    void theApplicationContextNamesTheVirtualHostWhenThereIsOne() {
        assertThat(WachtAuthenticationInitializer.appContext(context(Map.of(), "files.example.test")))
                .isEqualTo("files.example.test /app");
        assertThat(WachtAuthenticationInitializer.appContext(context(Map.of(), null))).isEqualTo("server /app");
    }
}
