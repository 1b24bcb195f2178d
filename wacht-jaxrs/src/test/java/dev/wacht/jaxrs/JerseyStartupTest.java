package dev.wacht.jaxrs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.core.WachtConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** Invalid configuration fails when the application starts, naming the setting or the resource. */
class JerseyStartupTest {
    @Path("/bad")
    @RequiresScope("files read")
    public static class BadResource {
        @GET
        public String get() {
            return "never";
        }
    }

    private static void start(ResourceConfig config) {
        new ApplicationHandler(config);
    }

    @Test
    void anInvalidSettingNamesTheSetting() {
        ResourceConfig app = new ResourceConfig(FileResource.class).register(WachtFeature.class)
                .addProperties(Map.of("wacht.gateway-url", "ftp://gateway.example.com"));
        assertThatThrownBy(() -> start(app)).hasStackTraceContaining("wacht.gateway-url:");
    }

    @Test
    void anUnknownWachtPropertyIsRejected() {
        ResourceConfig app = new ResourceConfig(FileResource.class).register(WachtFeature.class)
                .addProperties(Map.of("wacht.gatway-url", "https://gateway.example.com"));
        assertThatThrownBy(() -> start(app))
                .hasStackTraceContaining("unknown JAX-RS property 'wacht.gatway-url': did you mean wacht.gateway-url?");
    }

    @Test
    void anInvalidResourceNameIsRejected() {
        ResourceConfig app = new ResourceConfig(FileResource.class).register(WachtFeature.class)
                .addProperties(Map.of("wacht.resource", "my api"));
        assertThatThrownBy(() -> start(app)).hasStackTraceContaining("wacht.resource:");
        ResourceConfig programmatic = new ResourceConfig(FileResource.class)
                .register(new WachtFeature(WachtConfig.builder().build(), "a?b"));
        assertThatThrownBy(() -> start(programmatic)).hasStackTraceContaining("wacht.resource:");
    }

    @Test
    void anInvalidScopeNamesTheResource() {
        ResourceConfig app = new ResourceConfig(BadResource.class).register(WachtFeature.class);
        assertThatThrownBy(() -> start(app))
                .hasStackTraceContaining("@RequiresScope on " + BadResource.class.getName() + "#get");
    }
}
