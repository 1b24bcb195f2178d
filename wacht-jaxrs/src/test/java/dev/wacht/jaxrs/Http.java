package dev.wacht.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** A small java.net.http client for the tests, and the RFC 6750 §3 challenge syntax. */
final class Http {
    static final String USER_AGENT = "wacht-jaxrs-test/1";

    /** A {@code Bearer} challenge whose auth-params are all quoted-strings (RFC 6750 §3, RFC 9110 §11.6.1). */
    static final Pattern CHALLENGE = Pattern.compile(
            "Bearer [a-z_]+=\"(?:[\\t\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t\\x20-\\x7e])*\""
                    + "(?:, [a-z_]+=\"(?:[\\t\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t\\x20-\\x7e])*\")*");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path, String... authorization) {
        return send("GET", path, null, authorization);
    }

    HttpResponse<String> send(String method, String path, String body, String... authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("User-Agent", USER_AGENT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "text/plain");
        }
        for (String a : authorization) {
            b.header("Authorization", a);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The single {@code WWW-Authenticate} value, checked against the challenge syntax. */
    static String challenge(HttpResponse<String> response) {
        assertThat(response.headers().allValues("WWW-Authenticate")).hasSize(1);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).matches(CHALLENGE);
        return challenge;
    }
}
