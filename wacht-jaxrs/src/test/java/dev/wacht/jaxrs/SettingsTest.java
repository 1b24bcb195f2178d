package dev.wacht.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.jakarta.filter.WachtFilterOptions;
import org.junit.jupiter.api.Test;

class SettingsTest {
    /** Jersey hands servlet context-params to JAX-RS; the filter's settings there must not fail start-up. */
    @Test
    void everySettingOfTheServletFilterIsToleratedInTheJaxrsConfiguration() {
        assertThat(Settings.knownNames()).containsAll(WachtFilterOptions.settingNames());
    }
}
