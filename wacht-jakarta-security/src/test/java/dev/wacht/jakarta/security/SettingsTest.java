package dev.wacht.jakarta.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("wacht.realm");
        System.clearProperty("wacht.request-timeout");
    }

    /** A servlet context with these context-params (and no MicroProfile Config on the test class path). */
    private static ServletContext context(Map<String, String> params) {
        return (ServletContext) Proxy.newProxyInstance(SettingsTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getInitParameterNames":
                            return Collections.enumeration(params.keySet());
                        case "getInitParameter":
                            return params.get((String) args[0]);
                        case "getClassLoader":
                            return SettingsTest.class.getClassLoader();
                        case "getContextPath":
                            return "/app";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void contextParamsComeBeforeSystemPropertiesWhichComeBeforeDefaults() {
        System.setProperty("wacht.realm", "from-property");
        System.setProperty("wacht.request-timeout", "3s");
        Settings settings = Settings.read(context(Map.of("wacht.realm", "from-web-xml", "wacht.resource", "mcp")));
        assertThat(settings.config().realm()).isEqualTo("from-web-xml");
        assertThat(settings.config().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.config().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.resource()).isEqualTo("mcp");
    }

    @Test
    void theDefaultResourceIsEachRequestsPath() {
        assertThat(Settings.read(context(Map.of())).resource()).isNull();
        assertThat(Settings.of(Map.of("resource", "@path")::get).resource()).isNull();
    }

    @Test
    void anUnknownContextParamFailsTheStartNamingIt() {
        assertThatThrownBy(() -> ContainerAuthentication.start(context(Map.of("wacht.realms", "x")), "module"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Wacht module of '/app' is misconfigured and will not start: "
                        + "unknown context-param 'wacht.realms' (known: wacht.accept, ");
    }

    @Test
    void anInvalidValueFailsWithCoresMessage() {
        assertThatThrownBy(() -> Settings.read(context(Map.of("wacht.request-timeout", "soon"))))
                .hasMessage("wacht.request-timeout: expected a duration such as 500ms, 5s, 1m, 1h or PT5S, got 'soon'");
        assertThatThrownBy(() -> Settings.of(Map.of("resource", "two words")::get))
                .hasMessageStartingWith("wacht.resource: must be @path or 1 to 256 printable ASCII characters");
    }
}
