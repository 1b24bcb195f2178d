package dev.wacht.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.internal.HostileAuthorization.Answer;
import dev.wacht.testkit.internal.HostileAuthorization.Case;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The corpus oracle itself: {@link Case#mismatch} accepts the documented answer and nothing else. */
class HostileAuthorizationTest {
    private static final Map<String, Case> CASES = HostileAuthorization.corpus().stream()
            .collect(Collectors.toMap(Case::name, c -> c));
    private static final Answer BARE_400 = new Answer(400, List.of(), "<html>Bad Request</html>");
    private static final Answer CLOSED = new Answer(-1, List.of(), "");

    @Test
    void caseNamesAreUnique() {
        assertThat(CASES).hasSize(HostileAuthorization.corpus().size());
    }

    @Test
    void theDocumentedAnswerPasses() {
        assertThat(CASES.get("no-header").mismatch(new Answer(401, List.of("Bearer realm=\"wacht\""), ""), "wacht", 0,
                false)).isNull();
        assertThat(CASES.get("tab-in-token").mismatch(new Answer(400,
                List.of("Bearer realm=\"wacht\", error=\"invalid_request\", error_description=\"x\""), ""), "wacht", 0,
                false)).isNull();
    }

    @Test
    void aBare400OrAClosedConnectionFailsUnlessTheContainerIsDeclaredToRefuseTheCase() {
        Case c = CASES.get("ctl-01-middle");
        assertThat(c.mismatch(BARE_400, "wacht", 0, false)).isNotNull();
        assertThat(c.mismatch(CLOSED, "wacht", 0, false)).isNotNull();
        assertThat(c.mismatch(BARE_400, "wacht", 0, true)).isNull();
        assertThat(c.mismatch(CLOSED, "wacht", 0, true)).isNull();
    }

    @Test
    void aCaseDeclaredRefusedByTheContainerMustBeRefused() {
        Answer filters = new Answer(400, List.of("Bearer realm=\"wacht\", error=\"invalid_request\""), "");
        assertThat(CASES.get("ctl-01-middle").mismatch(filters, "wacht", 0, true)).contains("refuse");
    }

    @Test
    void aWrongStatusErrorRealmOrChallengeCountFails() {
        Case c = CASES.get("no-header");
        assertThat(c.mismatch(new Answer(403, List.of("Bearer realm=\"wacht\""), ""), "wacht", 0, false)).isNotNull();
        assertThat(c.mismatch(new Answer(401, List.of("Bearer realm=\"other\""), ""), "wacht", 0, false)).isNotNull();
        assertThat(c.mismatch(new Answer(401, List.of("Bearer realm=\"wacht\", error=\"invalid_token\""), ""),
                "wacht", 0, false)).isNotNull();
        assertThat(c.mismatch(new Answer(401, List.of("Bearer realm=\"wacht\"", "Basic realm=\"wacht\""), ""),
                "wacht", 0, false)).isNotNull();
        assertThat(c.mismatch(new Answer(401, List.of("Bearer realm=wacht"), ""), "wacht", 0, false)).isNotNull();
    }

    @Test
    void aServerErrorOrAnUnexpectedGatewayCheckFailsEvenWhenTheContainerMayRefuse() {
        Case c = CASES.get("ctl-01-middle");
        assertThat(c.mismatch(new Answer(500, List.of(), ""), "wacht", 0, true)).contains("server error");
        assertThat(c.mismatch(BARE_400, "wacht", 1, true)).contains("gateway");
    }

    @Test
    void aRewrittenCaseIsHeldToItsNewAnswer() {
        Case c = CASES.get("valid-cr").answeredAs(200, null, true);
        assertThat(c.mismatch(new Answer(200, List.of(), "{}"), "wacht", 1, false)).isNull();
        assertThat(c.mismatch(new Answer(200, List.of("Bearer realm=\"wacht\""), "{}"), "wacht", 1, false)).isNotNull();
        assertThat(c.mismatch(BARE_400, "wacht", 1, false)).isNotNull();
    }
}
