package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings table drives names, defaults, bounds and the components' name sets. */
class WachtSettingTest {
    @Test
    void everyComponentsNamesComeFromTheTable() {
        assertThat(WachtConfig.settingNames()).isEqualTo(WachtSetting.namesReadBy(WachtSetting.Component.CORE))
                .contains("gateway-url", "cache-max-ttl", "trust-store-type").doesNotContain("resource");
        assertThat(WachtSetting.namesReadBy(WachtSetting.Component.JAKARTA_SECURITY))
                .containsAll(WachtConfig.settingNames()).contains("resource").doesNotContain("exclude");
        assertThat(WachtSetting.namesReadBy(WachtSetting.Component.FILTER))
                .containsAll(WachtConfig.settingNames()).contains("resource", "exclude", "challenge-scopes");
        assertThat(WachtSetting.namesReadBy(WachtSetting.Component.MCP)).contains("challenge-scopes")
                .doesNotContain("exclude");
        assertThat(WachtSetting.allNames()).hasSize(WachtSetting.values().length);
        assertThat(WachtSetting.named("request-timeout")).contains(WachtSetting.REQUEST_TIMEOUT);
        assertThat(WachtSetting.named("request_timeout")).isEmpty();
        assertThat(WachtSetting.REQUEST_TIMEOUT.environmentVariable()).isEqualTo("WACHT_REQUEST_TIMEOUT");
        assertThat(WachtSetting.REQUEST_TIMEOUT.property()).isEqualTo("wacht.request-timeout");
    }

    @Test
    void everyDefaultIsAValidValueOfItsSetting() {
        for (WachtSetting s : WachtSetting.values()) {
            if (s.defaultValue().isEmpty()) {
                continue;
            }
            switch (s.type()) {
                case INTEGER:
                    assertThat(s.check(s.defaultInt())).as(s.property()).isEqualTo(s.defaultInt());
                    break;
                case DURATION:
                case TIMEOUT:
                    assertThat(s.check(s.defaultDuration())).as(s.property()).isEqualTo(s.defaultDuration());
                    break;
                case BOOLEAN:
                    s.defaultBool();
                    break;
                default:
                    assertThat(s.defaultString()).as(s.property()).isNotBlank();
            }
        }
    }

    /** Each core bound of the table is the one the configuration enforces, with a message naming the setting. */
    @Test
    void theTablesBoundsAreTheConfigurationsBounds() {
        int checked = 0;
        for (WachtSetting s : WachtSetting.values()) {
            if (!s.readBy().contains(WachtSetting.Component.CORE)) {
                continue;
            }
            String tooLarge;
            switch (s.type()) {
                case INTEGER:
                    tooLarge = Long.toString((long) s.integer(s.maximum().orElseThrow()) + 1);
                    break;
                case DURATION:
                case TIMEOUT:
                    tooLarge = Long.toString(s.duration(s.maximum().orElseThrow()).toMillis() + 1);
                    break;
                default:
                    continue;
            }
            String justAbove = tooLarge;
            assertThatThrownBy(() -> WachtConfig.builder().apply(Map.of(s.settingName(), justAbove)::get).build())
                    .as(s.property()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(s.property() + ": must be");
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(12);
        assertThat(WachtConfig.builder().clockSkew(Duration.ofMinutes(5)).build().clockSkew())
                .isEqualTo(Duration.ofMinutes(5));
    }
}
