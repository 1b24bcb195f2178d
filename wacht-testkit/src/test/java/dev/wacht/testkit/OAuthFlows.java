package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper: drives the emulator's OAuth host like a client would, one HTTP request at a time. */
final class OAuthFlows {
    static final String REDIRECT = "http://127.0.0.1:53123/callback";
    /** A verifier and its S256 challenge (computed outside Java: base64url(SHA-256(verifier)), no padding). */
    static final String VERIFIER = "dBjftJeZ4CVP-mJ92OMsNSwjYBQZDP2lQyVrxuWFY9c";
    static final String CHALLENGE = "MOFd4z6UGIQibAdhRfVris8i-LFzHocIlsJdzpaHSlo";

    private final WachtEmulator wacht;
    private final Http http;

    OAuthFlows(WachtEmulator wacht) {
        this.wacht = wacht;
        this.http = new Http(wacht);
    }

    static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** Name/value pairs in order. */
    static Map<String, String> params(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** The usual authorize parameters of a public client with PKCE; later pairs add or replace. */
    static Map<String, String> authorizeParams(String clientId, String... more) {
        Map<String, String> m = params("response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT,
                "scope", "mcp:invoke", "state", "xyz", "code_challenge", CHALLENGE, "code_challenge_method", "S256");
        m.putAll(params(more));
        return m;
    }

    HttpResponse<String> authorize(Map<String, String> params) {
        return http.send("GET", "/oauth/authorize?" + form(params), null, null);
    }

    /** A form POST, optionally with an {@code Authorization} header. */
    HttpResponse<String> post(String path, String authorization, Map<String, String> params) {
        HttpRequest.Builder b = HttpRequest.newBuilder(wacht.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> token(Map<String, String> params) {
        return post("/oauth/token", null, params);
    }

    /** A JSON request with an optional bearer token. */
    HttpResponse<String> json(String method, String path, String bearer, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(wacht.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers a client by DCR (registration must be allowed) and returns the 200 answer's body. */
    JsonObject register(String json) {
        HttpResponse<String> r = json("POST", "/oauth/register", null, json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.obj(r);
    }

    /** A public MCP-style client registered by DCR with {@link #REDIRECT}. */
    String registerPublicClient() {
        return register("{\"client_name\":\"Test MCP client\",\"redirect_uris\":[\"" + REDIRECT
                + "\"],\"token_endpoint_auth_method\":\"none\"}").getString("client_id");
    }

    static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** The query parameters of a redirect's {@code Location}, decoded. */
    static Map<String, String> redirectParams(HttpResponse<String> r) {
        URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : location.getRawQuery().split("&", -1)) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    /** Runs authorize with the current consent setting and returns the code from the 302. */
    String code(Map<String, String> params) {
        HttpResponse<String> r = authorize(params);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return redirectParams(r).get("code");
    }

    /** Exchanges a public client's code with the RFC 7636 verifier; asserts 200. */
    JsonObject exchange(String clientId, String code) {
        HttpResponse<String> r = token(params("grant_type", "authorization_code", "code", code, "redirect_uri",
                REDIRECT, "client_id", clientId, "code_verifier", VERIFIER));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.obj(r);
    }
}
