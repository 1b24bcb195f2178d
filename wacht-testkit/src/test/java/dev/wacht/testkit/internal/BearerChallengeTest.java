package dev.wacht.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The challenge-syntax oracle itself: what RFC 6750 and RFC 9728 allow passes, everything else fails. */
class BearerChallengeTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "Bearer",
        "Bearer realm=\"wacht\"",
        "Bearer realm=\"wacht\", error=\"invalid_token\"",
        "Bearer realm=\"wacht\", error=\"invalid_request\", error_description=\"Bearer token contains whitespace\"",
        "Bearer realm=\"wacht\", error=\"insufficient_scope\", scope=\"files:read files:write\"",
        "Bearer realm=\"a \\\"quoted\\\" realm\"",
        "Bearer resource_metadata=\"https://api.example/.well-known/oauth-protected-resource\""
    })
    void wellFormedChallengesPass(String challenge) {
        assertThat(BearerChallenge.isWellFormed(challenge)).as(challenge).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "bearer realm=\"wacht\"",
        "Basic realm=\"wacht\"",
        "Bearer realm=wacht",
        "Bearer realm=\"wacht\",error=\"invalid_token\"",
        "Bearer realm=\"wacht\" error=\"invalid_token\"",
        "Bearer realm=\"wacht\", error=\"invalid token\\\"\"",
        "Bearer realm=\"wacht\", error_description=\"quote \\\" inside\"",
        "Bearer realm=\"wacht\", error_description=\"line\r\nbreak\"",
        "Bearer realm=\"w\u00e4cht\"",
        "Bearer realm=\"wacht\", scope=\"a  b\"",
        "Bearer realm=\"wacht\", scope=\"\"",
        "Bearer realm=\"wacht\", token=\"oat_abc\"",
        "Bearer realm=\"wacht\", "
    })
    void malformedChallengesFail(String challenge) {
        assertThat(BearerChallenge.isWellFormed(challenge)).as(challenge).isFalse();
    }
}
