package dev.wacht.testkit;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Test helper: a java.net.http client for one emulator or gateway. */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;

    Http(WachtEmulator emulator) {
        this(emulator.baseUrl());
    }

    /** A client for any Wacht gateway (the emulator or a real deployment). */
    Http(URI base) {
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST /v1/authz/check with a JSON body. */
    HttpResponse<String> check(String json) {
        return send("POST", "/v1/authz/check", "application/json", json);
    }

    /** A well-formed check body. */
    static String checkBody(String type, String value, String resource, String method, String... required) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"principal\":{\"type\":").append(quote(type)).append(",\"value\":").append(quote(value))
                .append("},\"resource\":").append(quote(resource)).append(",\"method\":").append(quote(method));
        if (required.length > 0) {
            sb.append(",\"required_permissions\":[");
            for (int i = 0; i < required.length; i++) {
                sb.append(i > 0 ? "," : "").append(quote(required[i]));
            }
            sb.append("]");
        }
        return sb.append("}").toString();
    }

    HttpResponse<String> checkToken(String token, String... required) {
        return check(checkBody("oauth_access_token", token, "/mcp", "POST", required));
    }

    HttpResponse<String> checkKey(String key, String... required) {
        return check(checkBody("api_key", key, "/mcp", "POST", required));
    }

    HttpResponse<String> admin(String method, String path, String json) {
        return send(method, "/_emulator" + path, "application/json", json);
    }

    static String quote(String s) {
        return Json.write(s);
    }

    static JsonValue parse(String json) {
        return Json.PROVIDER.createReader(new StringReader(json)).readValue();
    }

    static JsonObject obj(HttpResponse<String> r) {
        return parse(r.body()).asJsonObject();
    }
}
