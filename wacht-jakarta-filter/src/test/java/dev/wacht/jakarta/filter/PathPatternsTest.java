package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.core.WachtSetting;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathPatternsTest {
    @Test
    void exactAndPrefixPatterns() {
        PathPatterns patterns = PathPatterns.parse(WachtSetting.EXCLUDE, List.of("/health", "/public/*"));
        assertThat(patterns.matches("/health")).isTrue();
        assertThat(patterns.matches("/health/")).isFalse();
        assertThat(patterns.matches("/healthz")).isFalse();
        assertThat(patterns.matches("/public")).isTrue();
        assertThat(patterns.matches("/public/a/b")).isTrue();
        assertThat(patterns.matches("/publicity")).isFalse();
        assertThat(PathPatterns.parse(WachtSetting.EXCLUDE, List.of("/*")).matches("/anything")).isTrue();
    }

    @Test
    void malformedPatternsNameTheSetting() {
        for (String bad : List.of("health", "/a*", "/*/b", "*.html")) {
            assertThatThrownBy(() -> PathPatterns.parse(WachtSetting.EXCLUDE, List.of(bad)))
                    .hasMessageStartingWith("wacht.exclude: '" + bad + "'");
        }
    }
}
