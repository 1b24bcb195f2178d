package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** Shared checks of the filter's answers. */
final class HttpResponseAssert {
    private HttpResponseAssert() {
    }

    /** A 401 with exactly this challenge, no-store and a JSON body. */
    static void bareChallenge(HttpResponse<String> response, String challenge) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(challenge);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(WachtFilterTest.json(response.body()).getString("error")).isEqualTo("unauthorized");
    }
}
