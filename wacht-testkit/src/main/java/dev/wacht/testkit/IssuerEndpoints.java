package dev.wacht.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The OAuth host on the emulator's port: {@code GET /.well-known/jwks.json},
 * {@code /.well-known/openid-configuration}, {@code /.well-known/oauth-authorization-server} and
 * {@code /.well-known/oauth-protected-resource} (docs/oauth-issuer.md, "Discovery and CORS"; docs/wacht-wire.md, "Signing keys"), and the
 * {@code /oauth/…} runtime routes: authorize and consent ({@link AuthorizeEndpoint}), token, introspection
 * and revocation ({@link TokenEndpoint}), registration ({@link ClientRegistration}). Wacht's CORS layer
 * wraps every one of them; unknown routes answer the {@code {"errors":[…]}} envelope. Issuer
 * faults apply to the well-known routes only.
 */
final class IssuerEndpoints {
    static final String JWKS_PATH = "/.well-known/jwks.json";
    static final int MAX_BODY = 64 * 1024;
    private static final String WELL_KNOWN = "/.well-known/";
    private static final String OAUTH = "/oauth/";
    /** The origins Wacht's CORS layer echoes: its console, and localhost or 127.0.0.1 on any port. */
    private static final Pattern ALLOWED_ORIGIN = Pattern.compile(
            "https://console\\.wacht\\.dev|https?://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?");
    private static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post",
            "client_secret_jwt", "private_key_jwt", "none");

    private final Registry registry;
    private final FaultController faults = new FaultController();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AuthorizeEndpoint authorize;
    private final TokenEndpoint tokens;
    private final ClientRegistration registration;

    /** @param consentBase the emulator's own address, where the consent page is served */
    IssuerEndpoints(Registry registry, URI consentBase) {
        this.registry = registry;
        this.authorize = new AuthorizeEndpoint(registry, consentBase);
        this.tokens = new TokenEndpoint(registry);
        this.registration = new ClientRegistration(registry);
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

    /** Whether the path belongs to the OAuth host (the management routes under /oauth/apps do not). */
    static boolean handles(String path) {
        return path.startsWith(WELL_KNOWN) || (path.startsWith(OAUTH) && !ManagementApi.handles(path));
    }

    void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        if (cors(ex)) {
            return;
        }
        if (path.startsWith(OAUTH)) {
            runtime(ex, path, method).send(ex);
            return;
        }
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
            case WELL_KNOWN + "oauth-protected-resource":
                document = protectedResource();
                break;
            default:
                HttpAnswer.envelope(404, "Not found").send(ex);
                return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            HttpAnswer.envelope(405, "Method not allowed").withHeader("Allow", "GET,HEAD").send(ex);
            return;
        }
        if (path.equals(JWKS_PATH)) {
            jwksRequests.incrementAndGet();
        }
        serve(ex, Json.write(document).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Wacht's CORS layer: {@code Vary} always, the origin echoed when allowed, and every {@code OPTIONS}
     * answered here with 200 and {@code *} methods and headers. Returns true when the request was answered.
     */
    private static boolean cors(HttpExchange ex) throws IOException {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        ex.getResponseHeaders().set("Vary", "origin, access-control-request-method, access-control-request-headers");
        if (origin != null && ALLOWED_ORIGIN.matcher(origin).matches()) {
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        }
        if (!ex.getRequestMethod().equals("OPTIONS")) {
            return false;
        }
        ex.getResponseHeaders().set("Access-Control-Allow-Methods", "*");
        ex.getResponseHeaders().set("Access-Control-Allow-Headers", "*");
        ex.getRequestBody().readNBytes(MAX_BODY);
        WachtEmulator.send(ex, 200, null, new byte[0]);
        return true;
    }

    /** The {@code /oauth/…} routes. */
    private HttpAnswer runtime(HttpExchange ex, String path, String method) throws IOException {
        byte[] raw = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            return HttpAnswer.envelope(413, "Payload too large");
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        boolean post = method.equals("POST");
        switch (path) {
            case "/oauth/authorize":
                return post || method.equals("GET")
                        ? authorize.authorize(method, ex.getRequestURI().getRawQuery(), contentType, body)
                        : notAllowed();
            case AuthorizeEndpoint.CONSENT_PAGE:
                // POST too: a browser re-posts a POST /oauth/authorize across its 307 to this page.
                return method.equals("GET") || post ? authorize.consentPage(ex.getRequestURI().getRawQuery())
                        : notAllowed();
            case AuthorizeEndpoint.CONSENT_DECISION:
                return post ? authorize.consentDecision(contentType, body) : notAllowed();
            case "/oauth/token":
                return post ? tokens.token(authorization, contentType, body) : notAllowed();
            case "/oauth/introspect":
                return post ? tokens.introspect(authorization, contentType, body) : notAllowed();
            case "/oauth/revoke":
                return post ? tokens.revoke(authorization, contentType, body) : notAllowed();
            default:
                break;
        }
        if (ClientRegistration.handles(path)) {
            return registration.handle(method, path, authorization, contentType, body);
        }
        return HttpAnswer.envelope(404, "Not found");
    }

    private static HttpAnswer notAllowed() {
        return HttpAnswer.envelope(405, "Method not allowed");
    }

    /** The issuer's own RFC 9728 document: it describes the issuer host, not a customer's API. */
    private Map<String, Object> protectedResource() {
        String issuer = registry.oauthApp().issuer;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", issuer);
        m.put("authorization_servers", List.of(issuer));
        m.put("bearer_methods_supported", List.of("header"));
        m.put("scopes_supported", appScopes());
        return m;
    }

    private List<String> appScopes() {
        List<String> scopes = new ArrayList<>();
        for (ScopeDefinition d : registry.scopeDefinitions()) {
            scopes.add(d.scope());
        }
        return scopes;
    }

    /** Answers a well-known document, misbehaving as the issuer fault says. */
    private void serve(HttpExchange ex, byte[] body) throws IOException {
        FaultController.Armed armed = faults.consume();
        Fault.Mode mode = armed.fault.mode();
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
                body = armed.fault.wrongShapeBody().getBytes(StandardCharsets.UTF_8);
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
        List<String> scopes = appScopes();
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
            scopes.addAll(0, AuthorizeEndpoint.OIDC_SCOPES);
        }
        m.put("scopes_supported", scopes);
        return m;
    }
}
