package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.core.audit.WachtMeterBinder;
import dev.wacht.testkit.WachtEmulator;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics for an application configured by settings only (web.xml, properties): issue 14. */
class MicrometerSettingsTest {
    @Test
    void aMeterBinderNamedInSettingsIsBoundToMicrometersGlobalRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (WachtEmulator wacht = WachtEmulator.start();
                WachtAuthenticator authenticator = WachtAuthenticator.create(WachtConfig.builder()
                        .apply(name -> name.equals("gateway-url") ? wacht.baseUrl().toString()
                                : name.equals("audit-listeners") ? WachtMeterBinder.class.getName() : null)
                        .build())) {
            String token = wacht.mintToken(dev.wacht.testkit.TokenRequest.builder().clientId("oc_global").build())
                    .accessToken();
            assertThat(authenticator.authenticate(AccessRequest.builder().method("GET").resource("r")
                    .authorization(List.of("Bearer " + token)).build()).isAllowed()).isTrue();
            assertThat(authenticator.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
            assertThat(registry.get("wacht.authz.decisions").tag("client_id", "oc_global").tag("outcome", "allowed")
                    .counter().count()).isEqualTo(1.0);
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    @Test
    void withoutMicrometerTheErrorNamesTheMissingDependency() throws Exception {
        // The library's classes without Micrometer: what a WAR without micrometer-core sees.
        URL classes = Path.of("target/classes").toUri().toURL();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader withoutMicrometer = new URLClassLoader(new URL[] {classes},
                ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(withoutMicrometer);
            assertThatThrownBy(() -> WachtConfig.builder()
                    .auditListenerClasses(List.of(WachtMeterBinder.class.getName())).build())
                    .hasMessage("wacht.audit-listeners: class 'dev.wacht.core.audit.WachtMeterBinder' needs Micrometer:"
                            + " add io.micrometer:micrometer-core to the application (WEB-INF/lib), or name"
                            + " dev.wacht.core.audit.AuditMetrics instead (missing"
                            + " io.micrometer.core.instrument.binder.MeterBinder)");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
