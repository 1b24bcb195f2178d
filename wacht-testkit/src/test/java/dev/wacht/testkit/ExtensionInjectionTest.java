package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Constructor, lifecycle and test-method injection by {@link WachtEmulatorExtension}. */
@ExtendWith(WachtEmulatorExtension.class)
class ExtensionInjectionTest {
    static final AtomicReference<WachtEmulator> FROM_BEFORE_ALL = new AtomicReference<>();

    final WachtEmulator fromConstructor;
    WachtEmulator fromBeforeEach;

    ExtensionInjectionTest(WachtEmulator emulator) {
        this.fromConstructor = emulator;
    }

    @BeforeAll
    static void beforeAll(WachtEmulator emulator) {
        FROM_BEFORE_ALL.set(emulator);
    }

    @AfterAll
    static void afterAll(WachtEmulator emulator) {
        assertThat(emulator).isSameAs(FROM_BEFORE_ALL.get());
        assertThat(new Http(emulator).send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }

    @BeforeEach
    void beforeEach(WachtEmulator emulator) {
        fromBeforeEach = emulator;
    }

    @Test
    void sameRunningEmulatorEverywhere(WachtEmulator emulator) {
        assertThat(emulator).isSameAs(fromConstructor).isSameAs(fromBeforeEach).isSameAs(FROM_BEFORE_ALL.get());
        assertThat(new Http(emulator).send("GET", "/health", null, null).body()).isEqualTo("OK");
    }

    @Test
    void stillTheSameInstanceInAnotherTest(WachtEmulator emulator) {
        assertThat(emulator).isSameAs(FROM_BEFORE_ALL.get());
    }

    @Nested
    class Inner {
        @Test
        void nestedClassesShareTheEmulator(WachtEmulator emulator) {
            assertThat(emulator).isSameAs(FROM_BEFORE_ALL.get());
        }
    }
}
