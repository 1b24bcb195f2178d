package dev.wacht.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** Properties a runtime adds after the feature ran (as RESTEasy does for the Application's) are seen on first use. */
class LateSettingsTest {
    @Test
    void readsTheConfigurationOnFirstUseAndKeepsIt() {
        ResourceConfig configuration = new ResourceConfig();
        LateSettings late = new LateSettings(configuration);
        configuration.property("wacht.gateway-url", "http://127.0.0.1:3002");
        configuration.property("wacht.resource", "mcp");
        Settings settings = late.get();
        assertThat(settings.authenticator().config().gatewayUrl()).isEqualTo(URI.create("http://127.0.0.1:3002"));
        configuration.property("wacht.gateway-url", "http://127.0.0.1:4000");
        assertThat(late.get()).isSameAs(settings);
    }
}
