package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A static {@code @RegisterExtension} field: one emulator for the whole class. */
class ExtensionStaticRegistrationTest {
    @RegisterExtension
    static final WachtEmulatorExtension WACHT = new WachtEmulatorExtension();
    static WachtEmulator first;

    @Test
    void one(WachtEmulator emulator) {
        check(emulator);
    }

    @Test
    void two(WachtEmulator emulator) {
        check(emulator);
    }

    private static synchronized void check(WachtEmulator emulator) {
        if (first == null) {
            first = emulator;
        }
        assertThat(emulator).isSameAs(first);
    }
}
