package dev.wacht.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OAuth issuer on the emulator's port: {@code GET /.well-known/jwks.json},
 * {@code /.well-known/openid-configuration} and {@code /.well-known/oauth-authorization-server}
 * (docs/wacht-wire.md, "Discovery", "Signing keys"), and the signing-key routes of the management API ("Management API"), which take a
 * bearer API key and answer errors in the {@code {"errors":[{message,code}]}} envelope. Issuer
 * faults apply to the well-known routes only.
 */
final class IssuerEndpoints {
    static final String JWKS_PATH = "/.well-known/jwks.json";
    private static final String WELL_KNOWN = "/.well-known/";
    private static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post",
            "client_secret_jwt", "private_key_jwt", "none");

    private final Registry registry;
    private final FaultController faults = new FaultController();
    private final AtomicInteger jwksRequests = new AtomicInteger();

    IssuerEndpoints(Registry registry) {
        this.registry = registry;
    }

    FaultController faults() {
        return faults;
    }

    int jwksRequests() {
        return jwksRequests.get();
    }

    void reset() {
        faults.set(Fault.none());
        jwksRequests.set(0);
    }

    static boolean handles(String path) {
        return path.startsWith(WELL_KNOWN);
    }

    void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        Object document;
        switch (path) {
            case JWKS_PATH:
                document = registry.signingKeys().jwks();
                break;
            case WELL_KNOWN + "openid-configuration":
                document = discovery(true);
                break;
            case WELL_KNOWN + "oauth-authorization-server":
                document = discovery(false);
                break;
            default:
                WachtEmulator.send(ex, 404, null, new byte[0]);
                return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET,HEAD");
            WachtEmulator.send(ex, 405, null, new byte[0]);
            return;
        }
        if (path.equals(JWKS_PATH)) {
            jwksRequests.incrementAndGet();
        }
        serve(ex, Json.write(document).getBytes(StandardCharsets.UTF_8));
    }

    /** Answers a well-known document, misbehaving as the issuer fault says. */
    private void serve(HttpExchange ex, byte[] body) throws IOException {
        FaultController.Armed armed = faults.consume();
        Fault.Mode mode = armed == null ? Fault.Mode.NONE : armed.fault.mode();
        String contentType = Gateway.APPLICATION_JSON;
        switch (mode) {
            case STATUS:
                WachtEmulator.send(ex, armed.fault.status(), Gateway.TEXT_PLAIN,
                        ("Emulated issuer failure (HTTP " + armed.fault.status() + ")").getBytes(StandardCharsets.UTF_8));
                return;
            case DROP:
                ex.close();
                return;
            case HANG:
                armed.await(-1);
                ex.close();
                return;
            case DELAY:
                armed.await(armed.fault.delay().toMillis());
                if (faults.isClosed()) {
                    ex.close();
                    return;
                }
                break;
            case GARBAGE:
                body = "<html><body>502 Bad Gateway</body></html> not json }{".getBytes(StandardCharsets.UTF_8);
                break;
            case OVERSIZE:
                WachtEmulator.sendOversize(ex);
                return;
            case WRONG_SHAPE:
                body = armed.fault.body().getBytes(StandardCharsets.UTF_8);
                break;
            case TRUNCATE:
                body = Arrays.copyOf(body, body.length / 2);
                break;
            case CONTENT_TYPE:
                contentType = "text/html; charset=utf-8";
                break;
            default:
                break;
        }
        WachtEmulator.send(ex, 200, contentType, body);
    }

    /** The authorization-server metadata; the OpenID configuration adds {@code jwks_uri} and more. */
    private Map<String, Object> discovery(boolean openId) {
        String issuer = registry.oauthApp().issuer;
        List<String> scopes = new ArrayList<>();
        for (ScopeDefinition d : registry.scopeDefinitions()) {
            scopes.add(d.scope());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + "/oauth/authorize");
        m.put("token_endpoint", issuer + "/oauth/token");
        m.put("revocation_endpoint", issuer + "/oauth/revoke");
        m.put("introspection_endpoint", issuer + "/oauth/introspect");
        m.put("registration_endpoint", issuer + "/oauth/register");
        m.put("response_types_supported", List.of("code"));
        m.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        m.put("token_endpoint_auth_methods_supported", AUTH_METHODS);
        m.put("code_challenge_methods_supported", List.of("S256"));
        if (openId) {
            m.put("jwks_uri", issuer + JWKS_PATH);
            m.put("userinfo_endpoint", issuer + "/oauth/userinfo");
            m.put("end_session_endpoint", issuer + "/oauth/logout");
            m.put("id_token_signing_alg_values_supported", List.of("RS256"));
            m.put("subject_types_supported", List.of("public"));
            m.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "sid",
                    "name", "email", "email_verified"));
            m.put("response_modes_supported", List.of("query"));
            scopes.addAll(0, List.of("openid", "profile", "email", "offline_access"));
        }
        m.put("scopes_supported", scopes);
        return m;
    }
}
