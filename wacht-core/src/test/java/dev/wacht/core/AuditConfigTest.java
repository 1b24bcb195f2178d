package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.core.audit.AuditListener;
import dev.wacht.core.audit.AuditMetrics;
import dev.wacht.core.audit.LoggingAuditListener;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The management-url and audit-listeners settings, and the three ways of registering a listener. */
class AuditConfigTest {
    @Test
    void listenersComeFromTheBuilderTheSettingAndServiceLoader() {
        AuditMetrics given = new AuditMetrics();
        WachtConfig config = WachtConfig.builder().auditListener(given)
                .apply(Map.of("audit-listeners", " dev.wacht.core.audit.AuditMetrics , ")::get).build();
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(config)) {
            List<AuditListener> listeners = authenticator.auditListeners();
            assertThat(listeners).hasSize(4);
            assertThat(listeners.get(0)).isInstanceOf(LoggingAuditListener.class);
            assertThat(listeners.get(1)).isSameAs(given);
            assertThat(listeners.get(2)).isInstanceOf(AuditMetrics.class).isNotSameAs(given);
            assertThat(listeners.get(3)).isInstanceOf(CountingAuditListener.class);
        }
    }

    @Test
    void theConfigurationIsInertAndItsCopiesKeepTheGivenListeners() {
        AuditMetrics given = new AuditMetrics();
        int created = CountingAuditListener.instances();
        WachtConfig config = WachtConfig.builder().auditListener(given)
                .auditListenerClasses(List.of(CountingAuditListener.class.getName())).build();
        WachtConfig copy = config.toBuilder().build().toBuilder().build();
        assertThat(CountingAuditListener.instances()).as("building and copying instantiate nothing").isEqualTo(created);
        assertThat(copy.givenAuditListeners()).containsExactly(given);
        assertThat(copy.auditListenerClasses()).containsExactly(CountingAuditListener.class.getName());
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(copy)) {
            assertThat(authenticator.auditListeners()).contains(given);
            assertThat(CountingAuditListener.instances()).as("the authenticator creates the named one and the "
                    + "discovered one").isEqualTo(created + 2);
        }
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
