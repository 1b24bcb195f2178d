package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.core.audit.AuditListener;
import dev.wacht.core.audit.AuditMetrics;
import dev.wacht.core.audit.LoggingAuditListener;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The management-url and audit-listeners settings, and the three ways of registering a listener. */
class AuditConfigTest {
    @Test
    void listenersComeFromTheBuilderTheSettingAndServiceLoader() {
        AuditMetrics given = new AuditMetrics();
        WachtConfig config = WachtConfig.builder().auditListener(given)
                .apply(Map.of("audit-listeners", " dev.wacht.core.audit.AuditMetrics , ")::get).build();
        assertThat(config.auditListeners()).hasSize(4);
        assertThat(config.auditListeners().get(0)).isInstanceOf(LoggingAuditListener.class);
        assertThat(config.auditListeners().get(1)).isSameAs(given);
        assertThat(config.auditListeners().get(2)).isInstanceOf(AuditMetrics.class).isNotSameAs(given);
        assertThat(config.auditListeners().get(3)).isInstanceOf(CountingAuditListener.class);

        WachtConfig copy = config.toBuilder().build();
        assertThat(copy.auditListeners()).hasSize(4);
        assertThat(copy.auditListeners().get(1)).isSameAs(given);
    }

    @Test
    void badListenerNamesFailAtStartUpNamingTheSetting() {
        for (String name : new String[] {"com.example.Missing", "java.lang.String", PrivateCtor.class.getName()}) {
            assertThatThrownBy(() -> WachtConfig.builder().apply(Map.of("audit-listeners", name)::get).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("wacht.audit-listeners:")
                    .hasMessageContaining(name);
        }
    }

    @Test
    void managementUrlDefaultsToTheBackendApiAndFollowsTheHttpsRule() {
        assertThat(WachtConfig.builder().build().managementUrl()).isEqualTo(URI.create("https://api.wacht.dev"));
        assertThat(WachtConfig.builder().apply(Map.of("management-url", "http://127.0.0.1:8089/")::get).build()
                .managementUrl()).isEqualTo(URI.create("http://127.0.0.1:8089"));
        assertThatThrownBy(() -> WachtConfig.builder().managementUrl("http://api.internal").build())
                .hasMessageStartingWith("wacht.management-url:");
        assertThat(WachtConfig.builder().managementUrl("http://api.internal").allowInsecureHttp(true).build()
                .managementUrl()).isEqualTo(URI.create("http://api.internal"));
        assertThat(WachtConfig.settingNames()).contains("management-url", "audit-listeners");
    }

    /** A listener without a public no-argument constructor. */
    public static final class PrivateCtor implements AuditListener {
        private PrivateCtor() {
        }

        @Override
        public void onEvent(dev.wacht.core.audit.AuditEvent event) {
        }
    }
}
