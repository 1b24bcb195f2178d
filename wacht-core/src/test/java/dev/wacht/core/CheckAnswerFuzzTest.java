package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the byte reader of check answers against the JSON-P reader it replaced ({@link JsonPCheckAnswer},
 * the oracle of {@link CheckAnswerDifferentialTest}): for any body, both agree on whether it is a JSON
 * object, on the error thrown while reading it, and on every member's value or error.
 */
class CheckAnswerFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void readsEveryBodyLikeTheJsonPReader(byte[] body) {
        assertThat(CheckAnswerDifferentialTest.byteReader(body)).isEqualTo(CheckAnswerDifferentialTest.jsonP(body));
    }
}
