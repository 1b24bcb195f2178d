package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Required-permission expressions (docs/wacht-wire.md, "Gateway request") and the permission-denied outcome ("Answer forms"). */
class PermissionExpressionTest {
    static final Set<String> HELD = Set.of("a", "b", "c");

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a|true",
        "x|false",
        "a,b|true",
        "a, b ,c|true",
        "a,x|false",
        "a,,b,|true",
        "a AND b|true",
        "a AND x|false",
        "a OR x|true",
        "x OR y|false",
        "x OR a AND b|true",
        "a AND x OR b|true",
        "a AND (x OR b)|true",
        "(x OR y) AND a|false",
        "((a))|false",
        "((a)) AND b|true",
        "a AND (b AND (c OR x))|true",
        "x AND y OR c|true",
        "x AND (y OR c)|false",
        "a AND|false",
        "OR a|false",
        "(a OR b|false",
        "a OR b)|false",
        "a b AND c|false",
        "a and b|false",
    })
    void evaluation(String expression, boolean expected) {
        assertThat(PermissionExpression.satisfied(expression, HELD)).isEqualTo(expected);
    }

    @Test
    void commaPartsAreNotSplitWhenOperatorsArePresent() {
        // With " AND " present the whole string is an expression; "a,b" is then one (unknown) name.
        assertThat(PermissionExpression.satisfied("a,b AND c", HELD)).isFalse();
        assertThat(PermissionExpression.satisfied("a,b", HELD)).isTrue();
    }

    @Test
    void joinTrimsDropsEmptiesAndUsesAnd() {
        assertThat(PermissionExpression.join(List.of(" a ", "", "  ", "b OR c"))).isEqualTo("a AND b OR c");
        assertThat(PermissionExpression.join(List.of())).isEmpty();
        assertThat(PermissionExpression.join(null)).isEmpty();
        assertThat(PermissionExpression.satisfied("", HELD)).isTrue();
    }

    // ------------------------------------------------------------ end to end

    static WachtEmulator wacht;
    static Http http;
    static String token;

    @BeforeAll
    static void start() {
        wacht = WachtEmulator.start();
        http = new Http(wacht);
        token = wacht.mintToken("a", "b", "c").accessToken();
    }

    @AfterAll
    static void stop() {
        wacht.close();
    }

    private static boolean allowed(String... required) {
        JsonObject o = Http.obj(http.checkToken(token, required));
        return o.getBoolean("allowed");
    }

    @Test
    void listElementsAreAllRequired() {
        assertThat(allowed("a", "b")).isTrue();
        assertThat(allowed("a", "x")).isFalse();
        assertThat(allowed(" a ", "", "  ")).isTrue();
        assertThat(allowed("", " ")).isTrue();
    }

    @Test
    void oneElementWithOrChangesTheMeaningOfTheWholeList() {
        // ["x", "y OR a"] becomes "x AND y OR a" = (x AND y) OR a.
        assertThat(allowed("x", "y OR a")).isTrue();
        assertThat(allowed("a OR x", "b")).isTrue();
        assertThat(allowed("(x OR a)", "(y OR b)")).isTrue();
        assertThat(allowed("(x OR y)", "a")).isFalse();
    }

    @Test
    void commaSeparatedSingleElement() {
        assertThat(allowed("a,b,c")).isTrue();
        assertThat(allowed("a,b,x")).isFalse();
    }

    @Test
    void deniedBodySkipsRateLimits() {
        wacht.setRateLimits(List.of(RateLimitRule.ofMillis(1, 60_000)));
        try {
            for (int i = 0; i < 3; i++) {
                JsonObject o = Http.obj(http.checkToken(token, "nope"));
                assertThat(o.getBoolean("allowed")).isFalse();
                assertThat(o.getString("reason")).isEqualTo("permission_denied");
                assertThat(o.getString("blocked_rule")).isEqualTo("permission_denied");
                assertThat(o.getJsonArray("rate_limits")).isEmpty();
                assertThat(o.isNull("retry_after")).isTrue();
                assertThat(o.getJsonObject("headers").getString("x-wacht-permission-denied")).isEqualTo("true");
                assertThat(o.getJsonObject("headers").keySet()).noneMatch(k -> k.startsWith("x-ratelimit-"));
            }
            // Denied checks did not use up the single allowed request.
            assertThat(allowed("a")).isTrue();
            assertThat(allowed("a")).isFalse();
        } finally {
            wacht.reset();
            token = wacht.mintToken("a", "b", "c").accessToken();
        }
    }

    @Test
    void recordedRequiredPermissionsAreAsSent() {
        wacht.clearChecks();
        allowed(" a ", "", "b OR c");
        assertThat(wacht.checks()).singleElement()
                .satisfies(c -> assertThat(c.requiredPermissions()).isEqualTo(Arrays.asList(" a ", "", "b OR c")));
    }
}
