package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The request-path firewall and the canonical {@code @path} resource, as plain inputs. */
class RequestPathTest {

    @ParameterizedTest
    @ValueSource(strings = {
        // path parameters in any segment (Tomcat strips them, JAX-RS routes on them)
        "/files/..;/public/x", "/admin/..;/public/x", "/files/..;/health", "/jx/r;n=0", "/jx/r;", "/a;b/c",
        "/;/public", "/public;x",
        // encoded dot, slash, backslash, semicolon and percent, any case
        "/files/%2e%2e/public/x", "/files/.%2e/public/a", "/files/%2E%2E/public/x", "/files/%2e./x", "/a%2fb",
        "/a%2Fb", "/a%5cb", "/a%5Cb", "/a%3bb", "/a%3Bb", "/a%252e%252e/x", "/a%25",
        // dot segments, raw
        "/files/../public/x", "/./public", "/public/.", "/public/..", "/..", "/.",
        // empty segments, repeated separators
        "//public", "/files//public", "/a///b",
        // backslash, control and non-ASCII characters, raw or encoded
        "/a\\b", "/a\u0000b", "/a\tb", "/a\rb", "/a\nb", "/a b", "/a\u007fb", "/a\u00e9", "/a%00", "/a%0d%0a", "/a%0A",
        "/a%1f", "/a%7f", "/a%7F", "/n%C2%85event", "/n%e2%80%a8x", "/n%E2%80%A9x",
        // malformed encodings and invalid UTF-8
        "/a%", "/a%2", "/a%zz", "/a%c3", "/a%ff", "/a%c0%ae%c0%ae/x",
        // not starting with '/'
        "public", "*"})
    void pathsNotInNormalFormAreRefused(String raw) {
        RequestPath p = RequestPath.ofRaw(raw, "");
        assertThat(p.isNormal()).as(raw).isFalse();
        assertThat(p.refusal()).hasValueSatisfying(d -> {
            assertThat(d.reason()).isEqualTo(DenialReason.INVALID_REQUEST);
            assertThat(d.description()).startsWith("The request path is not in normal form: ");
        });
        assertThatThrownBy(p::resource).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "/api/me, /api/me, /api/me",
        "/api/me/, /api/me/, /api/me",
        "/, /, /",
        "'', /, /",
        "/caf%C3%A9/x, /café/x, /café/x",
        "/a%20b, /a b, /a b",
        "/a.b/c..d/.e, /a.b/c..d/.e, /a.b/c..d/.e",
        "/public/x, /public/x, /public/x"})
    void normalPathsAreDecodedAndTheResourceHasNoTrailingSlash(String raw, String path, String resource) {
        RequestPath p = RequestPath.ofRaw(raw, "");
        assertThat(p.isNormal()).isTrue();
        assertThat(p.path()).isEqualTo(path);
        assertThat(p.resource()).isEqualTo(resource);
        assertThat(p.refusal()).isEmpty();
    }

    @Test
    void theResourceIsRelativeToTheApplication() {
        assertThat(RequestPath.ofRaw("/app/api/me", "/app").resource()).isEqualTo("/api/me");
        assertThat(RequestPath.ofRaw("/app/api/me", "/app/").resource()).isEqualTo("/api/me");
        assertThat(RequestPath.ofRaw("/app", "/app").resource()).isEqualTo("/");
        assertThat(RequestPath.ofRaw("/app/", "/app").resource()).isEqualTo("/");
        // The JAX-RS base URI of an application mapped to /jx/*
        assertThat(RequestPath.ofRaw("/ctx/jx/r", "/ctx/jx/").resource()).isEqualTo("/r");
        assertThat(RequestPath.ofRaw("/application/x", "/app").isNormal()).isFalse();
        assertThat(RequestPath.ofRaw("/other/x", "/app").isNormal()).isFalse();
        assertThat(RequestPath.ofRaw("/app;x=1/api", "/app").isNormal()).isFalse();
    }

    @Test
    void theResourceIsBounded() {
        String longPath = "/" + "a".repeat(5000);
        assertThat(RequestPath.ofRaw(longPath, "").resource()).hasSize(RequestPath.MAX_RESOURCE);
        assertThat(RequestPath.ofRaw("/" + "a".repeat(RequestPath.MAX_RAW_LENGTH), "").isNormal()).isFalse();
    }

    @Test
    void decodedPathsOfForwardsAndIncludesFollowTheSameRules() {
        assertThat(RequestPath.ofDecoded("/secret").resource()).isEqualTo("/secret");
        assertThat(RequestPath.ofDecoded("").path()).isEqualTo("/");
        assertThat(RequestPath.ofDecoded("/a b;c").path()).isEqualTo("/a b;c");
        for (String bad : new String[] {"/a/../b", "/a//b", "/a/.", "relative", "/a\nb", "/a\u2028b", "/a\u0085b"}) {
            assertThat(RequestPath.ofDecoded(bad).isNormal()).as(bad).isFalse();
        }
    }
}
