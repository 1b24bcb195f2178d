package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limiting (docs/wacht-wire.md, "Rate limits"). */
class RateLimitTest {
    MutableClock clock = new MutableClock(Instant.parse("2026-04-01T00:00:00Z"));
    WachtEmulator wacht;
    Http http;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.builder().clock(clock).deploymentId("9").start();
        http = new Http(wacht);
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    private JsonObject check(String token, String resource) {
        return Http.obj(http.check(Http.checkBody("oauth_access_token", token, resource, "GET")));
    }

    private JsonObject checkFrom(String token, String ip) {
        return Http.obj(http.check("{\"principal\":{\"type\":\"oauth_access_token\",\"value\":\"" + token
                + "\"},\"resource\":\"/r\",\"method\":\"GET\",\"client_ip\":\"" + ip + "\"}"));
    }

    @Test
    void defaultRuleIsReportedWhenNothingIsConfigured() {
        assertThat(wacht.rateLimits()).containsExactly(RateLimitRule.defaultRule());
        JsonObject o = check(wacht.mintToken().accessToken(), "/r");
        assertThat(o.getJsonArray("rate_limits").getJsonObject(0).getString("rule")).isEqualTo("1000/60s");
        assertThat(o.getJsonArray("rate_limits").getJsonObject(0).getInt("remaining")).isEqualTo(999);
    }

    @Test
    void remainingCountsDownAndBlocksWithRetryAfterInMillis() {
        wacht.setRateLimits(List.of(RateLimitRule.of(3, Duration.ofSeconds(10))));
        String t = wacht.mintToken().accessToken();
        for (int expected = 2; expected >= 0; expected--) {
            JsonObject o = check(t, "/r");
            assertThat(o.getBoolean("allowed")).isTrue();
            assertThat(o.getJsonArray("rate_limits").getJsonObject(0).getInt("remaining")).isEqualTo(expected);
            assertThat(o.getJsonObject("headers").getString("x-ratelimit-10s-remaining"))
                    .isEqualTo(Integer.toString(expected));
            assertThat(o.getJsonObject("headers").getString("x-ratelimit-10s-limit")).isEqualTo("3");
            assertThat(o.getJsonObject("headers").containsKey("x-ratelimit-10s-reset")).isFalse();
        }
        JsonObject blocked = check(t, "/r");
        assertThat(blocked.getBoolean("allowed")).isFalse();
        assertThat(blocked.getString("reason")).isEqualTo("rate_limited");
        assertThat(blocked.getString("blocked_rule")).isEqualTo("3/10s");
        assertThat(blocked.getJsonNumber("retry_after").longValue()).isEqualTo(10_000);
        assertThat(blocked.getJsonArray("rate_limits").getJsonObject(0).getInt("remaining")).isZero();
        assertThat(blocked.getJsonObject("headers").getString("x-ratelimit-10s-reset")).isEqualTo("10000");
        assertThat(blocked.getJsonObject("identity")).isNotNull();
        assertThat(wacht.checks().get(wacht.checks().size() - 1).reason()).isEqualTo("rate_limited");
    }

    @Test
    void windowSlidesWithTheClock() {
        wacht.setRateLimits(List.of(RateLimitRule.ofMillis(2, 500)));
        String t = wacht.mintToken().accessToken();
        assertThat(check(t, "/r").getBoolean("allowed")).isTrue();
        clock.advance(Duration.ofMillis(300));
        assertThat(check(t, "/r").getBoolean("allowed")).isTrue();
        JsonObject blocked = check(t, "/r");
        assertThat(blocked.getBoolean("allowed")).isFalse();
        assertThat(blocked.getString("blocked_rule")).isEqualTo("2/500ms");
        assertThat(blocked.getJsonObject("headers").getString("x-ratelimit-500ms-reset")).isEqualTo("500");
        clock.advance(Duration.ofMillis(200)); // the first request leaves the window
        JsonObject again = check(t, "/r");
        assertThat(again.getBoolean("allowed")).isTrue();
        assertThat(again.getJsonArray("rate_limits").getJsonObject(0).getInt("remaining")).isZero();
    }

    @Test
    void perAppSharesOneBucketPerUserAppWhilePerKeySplitsByGrantAndResource() {
        wacht.setRateLimits(List.of(
                RateLimitRule.of(2, Duration.ofMinutes(1)),
                RateLimitRule.of(1, Duration.ofSeconds(1)).withMode(RateLimitRule.Mode.PER_KEY).withPriority(-1)));
        String a = wacht.mintToken().accessToken();
        String b = wacht.mintToken().accessToken(); // same user (oauth_1), another grant
        String other = wacht.mintToken(TokenRequest.builder().userId("2").build()).accessToken();

        JsonObject first = check(a, "/x");
        assertThat(first.getBoolean("allowed")).isTrue();
        assertThat(first.getJsonArray("rate_limits").getJsonObject(0).getString("rule")).isEqualTo("1/1s");
        assertThat(first.getJsonArray("rate_limits").getJsonObject(1).getString("rule")).isEqualTo("2/60s");

        JsonObject sameGrantSameResource = check(a, "/x");
        assertThat(sameGrantSameResource.getString("blocked_rule")).isEqualTo("1/1s");
        assertThat(sameGrantSameResource.getJsonNumber("retry_after").longValue()).isEqualTo(1000);
        // The per-app rule still counted it (it passed that rule).
        assertThat(sameGrantSameResource.getJsonArray("rate_limits").getJsonObject(1).getInt("remaining")).isZero();

        JsonObject otherGrant = check(b, "/x");
        assertThat(otherGrant.getBoolean("allowed")).isFalse();
        assertThat(otherGrant.getString("blocked_rule")).isEqualTo("2/60s");
        assertThat(otherGrant.getJsonArray("rate_limits").getJsonObject(0).getInt("remaining")).isZero();
        assertThat(otherGrant.getJsonNumber("retry_after").longValue()).isEqualTo(60_000);

        JsonObject otherUser = check(other, "/x");
        assertThat(otherUser.getBoolean("allowed")).isTrue();
    }

    @Test
    void everyRuleIsEvaluatedAndRetryAfterIsTheSmallestBlockingWindow() {
        wacht.setRateLimits(List.of(
                RateLimitRule.of(1, Duration.ofHours(1)).withPriority(1),
                RateLimitRule.of(1, Duration.ofSeconds(5)).withPriority(2),
                RateLimitRule.of(10, Duration.ofMinutes(1)).withPriority(3)));
        String t = wacht.mintToken().accessToken();
        check(t, "/r");
        JsonObject o = check(t, "/r");
        assertThat(o.getString("blocked_rule")).isEqualTo("1/3600s");
        assertThat(o.getJsonNumber("retry_after").longValue()).isEqualTo(5000);
        assertThat(o.getJsonArray("rate_limits")).hasSize(3);
        assertThat(o.getJsonArray("rate_limits").getJsonObject(2).getInt("remaining")).isEqualTo(8);
        assertThat(o.getJsonObject("headers").getString("x-ratelimit-3600s-reset")).isEqualTo("3600000");
        assertThat(o.getJsonObject("headers").getString("x-ratelimit-5s-reset")).isEqualTo("5000");
        assertThat(o.getJsonObject("headers").containsKey("x-ratelimit-60s-reset")).isFalse();
    }

    @Test
    void endpointsSelectRulesAndNoMatchingRuleMeansNoLimit() {
        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofMinutes(1)).withEndpoints("/limited")));
        String t = wacht.mintToken().accessToken();
        JsonObject free = check(t, "/free");
        assertThat(free.getJsonArray("rate_limits")).isEmpty();
        assertThat(free.getJsonObject("headers").keySet()).noneMatch(k -> k.startsWith("x-ratelimit-"));
        assertThat(check(t, "limited?x=1").getBoolean("allowed")).isTrue();
        assertThat(check(t, "/limited").getBoolean("allowed")).isFalse();
        assertThat(check(t, "/free").getBoolean("allowed")).isTrue();
    }

    @Test
    void emptyRuleListLimitsNothingAndResetRestoresTheDefault() {
        wacht.setRateLimits(List.of());
        String t = wacht.mintToken().accessToken();
        assertThat(check(t, "/r").getJsonArray("rate_limits")).isEmpty();
        wacht.reset();
        assertThat(wacht.rateLimits()).containsExactly(RateLimitRule.defaultRule());
        String t2 = wacht.mintToken().accessToken();
        assertThat(check(t2, "/r").getJsonArray("rate_limits")).hasSize(1);
    }

    @Test
    void ipModesSplitByClientIp() {
        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofMinutes(1))
                .withMode(RateLimitRule.Mode.PER_APP_AND_IP)));
        String t = wacht.mintToken().accessToken();
        assertThat(checkFrom(t, "198.51.100.1").getBoolean("allowed")).isTrue();
        assertThat(checkFrom(t, "198.51.100.1").getBoolean("allowed")).isFalse();
        assertThat(checkFrom(t, "198.51.100.2").getBoolean("allowed")).isTrue();

        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofMinutes(1))
                .withMode(RateLimitRule.Mode.PER_KEY_AND_IP)));
        assertThat(checkFrom(t, "198.51.100.1").getBoolean("allowed")).isTrue();
        assertThat(checkFrom(t, "198.51.100.1").getBoolean("allowed")).isFalse();
        assertThat(checkFrom(t, "198.51.100.2").getBoolean("allowed")).isTrue();
        // Without client_ip the peer address (or X-Original-Client-IP) is used.
        assertThat(check(t, "/r").getBoolean("allowed")).isTrue();
        assertThat(check(t, "/r").getBoolean("allowed")).isFalse();
    }

    @Test
    void apiKeysPerKeyAndPerApp() {
        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofMinutes(1)).withMode(RateLimitRule.Mode.PER_KEY)));
        MintedApiKey k1 = wacht.mintApiKey();
        MintedApiKey k2 = wacht.mintApiKey();
        assertThat(Http.obj(http.checkKey(k1.apiKey())).getBoolean("allowed")).isTrue();
        assertThat(Http.obj(http.checkKey(k1.apiKey())).getBoolean("allowed")).isFalse();
        assertThat(Http.obj(http.checkKey(k2.apiKey())).getBoolean("allowed")).isTrue();

        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofMinutes(1))));
        assertThat(Http.obj(http.checkKey(k1.apiKey())).getBoolean("allowed")).isTrue();
        HttpResponse<String> r = http.checkKey(k2.apiKey());
        assertThat(Http.obj(r).getBoolean("allowed")).isFalse(); // both keys share app aa_9
    }

    @Test
    void ruleStrings() {
        assertThat(RateLimitRule.of(1000, Duration.ofMinutes(1)).ruleString()).isEqualTo("1000/60s");
        assertThat(RateLimitRule.of(5, Duration.ofHours(1)).ruleString()).isEqualTo("5/3600s");
        assertThat(RateLimitRule.ofMillis(5, 250).ruleString()).isEqualTo("5/250ms");
        assertThat(RateLimitRule.ofMillis(5, 1000).ruleString()).isEqualTo("5/1s");
        assertThat(RateLimitRule.of(7, Duration.ofDays(1)).windowLabel()).isEqualTo("86400s");
    }
}
