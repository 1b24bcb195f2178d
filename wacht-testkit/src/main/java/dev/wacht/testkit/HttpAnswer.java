package dev.wacht.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One answer of the OAuth host: status, extra headers and body. Immutable once built. */
final class HttpAnswer {
    static final String HTML = "text/html; charset=utf-8";

    final int status;
    final @Nullable String contentType;
    final byte[] body;
    final Map<String, String> headers;

    private HttpAnswer(int status, @Nullable String contentType, byte[] body, Map<String, String> headers) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = headers;
    }

    /** A JSON answer. */
    static HttpAnswer json(int status, Object json) {
        return new HttpAnswer(status, Gateway.APPLICATION_JSON, Json.write(json).getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    /** Wacht's error envelope {@code {"errors":[{"message","code"}]}}. */
    static HttpAnswer envelope(int status, @Nullable String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("code", status);
        return json(status, Map.of("errors", List.of(e)));
    }

    /** A redirect with an empty body. */
    static HttpAnswer redirect(int status, String location) {
        return new HttpAnswer(status, null, new byte[0], Map.of("Location", location));
    }

    /** An empty answer (e.g. 204). */
    static HttpAnswer empty(int status) {
        return new HttpAnswer(status, null, new byte[0], Map.of());
    }

    static HttpAnswer html(int status, String page) {
        return new HttpAnswer(status, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** This answer with one more header. */
    HttpAnswer withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpAnswer(status, contentType, body, h);
    }

    void send(HttpExchange ex) throws IOException {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            ex.getResponseHeaders().set(h.getKey(), h.getValue());
        }
        WachtEmulator.send(ex, status, contentType, body);
    }
}
