package dev.wacht.testkit;

import static dev.wacht.testkit.OAuthFlows.REDIRECT;
import static dev.wacht.testkit.OAuthFlows.VERIFIER;
import static dev.wacht.testkit.OAuthFlows.authorizeParams;
import static dev.wacht.testkit.OAuthFlows.basic;
import static dev.wacht.testkit.OAuthFlows.params;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error case of the flow (docs/oauth-issuer.md), each pinned to the exact status and body Wacht gives. */
class OAuthFlowErrorsTest {
    static final String ISS = "&iss=https%3A%2F%2Fauth.example.com";
    static final String INVALID_CLIENT = "{\"error\":\"invalid_client\"}";
    static final String INVALID_GRANT = "{\"error\":\"invalid_grant\"}";

    MutableClock clock = new MutableClock(Instant.parse("2026-05-20T10:00:00Z"));
    WachtEmulator wacht;
    OAuthFlows flows;
    String clientId;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.builder().issuer("https://auth.example.com").clock(clock).start();
        wacht.defineScope(ScopeDefinition.of("mcp:invoke", "", null, null));
        wacht.allowDynamicClientRegistration(true);
        wacht.setConsent(Consent.approveAs("777"));
        flows = new OAuthFlows(wacht);
        clientId = flows.registerPublicClient();
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    static void assertEnvelope(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).isEqualTo("{\"errors\":[{\"message\":\"" + message + "\",\"code\":" + status + "}]}");
    }

    static void assertRedirectedError(HttpResponse<String> r, String query) {
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Location")).hasValue(REDIRECT + "?" + query + "&state=xyz" + ISS);
    }

    static void assertOAuthError(HttpResponse<String> r, int status, String body) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo(body);
        if (status == 401) {
            assertThat(r.headers().allValues("WWW-Authenticate"))
                    .containsExactly("Basic realm=\"oauth\", error=\"invalid_client\"");
        } else {
            assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }

    // ------------------------------------------------------------------ /oauth/authorize

    @Test
    void authorizeErrorsThatRedirectCarryErrorDescriptionStateAndIss() {
        Map<String, String> p = authorizeParams(clientId);
        p.remove("response_type");
        assertRedirectedError(flows.authorize(p), "error=invalid_request&error_description=missing+response_type");
        assertRedirectedError(flows.authorize(authorizeParams(clientId, "response_type", "token")),
                "error=invalid_request&error_description=Only+response_type%3Dcode+is+supported");
        Map<String, String> noChallenge = authorizeParams(clientId);
        noChallenge.remove("code_challenge");
        assertRedirectedError(flows.authorize(noChallenge),
                "error=invalid_request&error_description=code_challenge+is+required+for+public+clients");
        assertRedirectedError(flows.authorize(authorizeParams(clientId, "code_challenge", "x".repeat(42))),
                "error=invalid_request&error_description=invalid+code_challenge");
        assertRedirectedError(flows.authorize(authorizeParams(clientId, "code_challenge_method", "plain")),
                "error=invalid_request&error_description=unsupported+code_challenge_method");
        assertRedirectedError(flows.authorize(authorizeParams(clientId, "code_challenge_method", "s256")),
                "error=invalid_request&error_description=unsupported+code_challenge_method");
        assertRedirectedError(flows.authorize(authorizeParams(clientId, "response_mode", "fragment")),
                "error=invalid_request&error_description=Unsupported+response_mode+%60fragment%60%3B+only+%60query"
                        + "%60+is+advertised");
        assertRedirectedError(flows.authorize(authorizeParams(clientId, "prompt", "login bogus")),
                "error=invalid_request&error_description=Unknown+prompt+value+%60bogus%60");
        assertRedirectedError(flows.authorize(authorizeParams(clientId, "max_age", "-1")),
                "error=invalid_request&error_description=max_age+must+be+non-negative");
        assertRedirectedError(flows.authorize(authorizeParams(clientId, "scope", "mcp:invoke nope other openid")),
                "error=invalid_scope&error_description=Unsupported+scopes+requested%3A+nope%2C+other");
        assertRedirectedError(flows.authorize(authorizeParams(clientId, "resource", "/relative")),
                "error=invalid_request&error_description=resource+must+be+an+absolute+URI");
    }

    @Test
    void authorizeErrorsThatCannotRedirectUseTheEnvelope() {
        Map<String, String> p = authorizeParams(clientId);
        p.remove("client_id");
        assertEnvelope(flows.authorize(p), 400, "missing client_id");
        p = authorizeParams(clientId);
        p.remove("redirect_uri");
        assertEnvelope(flows.authorize(p), 400, "missing redirect_uri");
        assertEnvelope(flows.authorize(authorizeParams("oc_unknown")), 404, "OAuth client not found");
        // A wrong redirect_uri never redirects, not even to the registered one.
        assertEnvelope(flows.authorize(authorizeParams(clientId, "redirect_uri", "https://evil.example/cb")), 400,
                "redirect_uri is not registered for this client");
        assertEnvelope(flows.authorize(authorizeParams(clientId, "redirect_uri", "http://localhost:53123/callback")),
                400, "redirect_uri is not registered for this client");
        assertEnvelope(flows.authorize(authorizeParams(clientId, "redirect_uri", REDIRECT + "/more")), 400,
                "redirect_uri is not registered for this client");
        // Parser failures: a non-integer max_age, a parameter given twice.
        assertEnvelope(flows.authorize(authorizeParams(clientId, "max_age", "soon")), 400, "Bad request");
        HttpResponse<String> twice = new Http(wacht).send("GET", "/oauth/authorize?" + OAuthFlows.form(
                authorizeParams(clientId)) + "&resource=https%3A%2F%2Fa&resource=https%3A%2F%2Fb", null, null);
        assertEnvelope(twice, 400, "Bad request");
        assertEnvelope(new Http(wacht).send("POST", "/oauth/authorize", "application/json", "{}"), 415,
                "Request failed");
    }

    @Test
    void loopbackRedirectUrisMatchOnAnyPortAndPostWorksLikeGet() {
        HttpResponse<String> otherPort = flows.authorize(authorizeParams(clientId, "redirect_uri",
                "http://127.0.0.1:40001/callback"));
        assertThat(otherPort.statusCode()).isEqualTo(302);
        assertThat(otherPort.headers().firstValue("Location").orElseThrow())
                .startsWith("http://127.0.0.1:40001/callback?code=oac_");
        HttpResponse<String> post = flows.post("/oauth/authorize", null, authorizeParams(clientId));
        assertThat(post.statusCode()).isEqualTo(302);
        // The code is bound to the redirect_uri as sent: the token request must repeat it exactly.
        String code = OAuthFlows.redirectParams(otherPort).get("code");
        assertOAuthError(flows.token(params("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "client_id", clientId, "code_verifier", VERIFIER)), 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"redirect_uri mismatch\"}");
    }

    @Test
    void anInactiveClientIsRefusedWithARedirectWhenTheRedirectUriIsRegistered() {
        JsonObject registered = flows.register("{\"redirect_uris\":[\"" + REDIRECT
                + "\"],\"token_endpoint_auth_method\":\"none\"}");
        String id = registered.getString("client_id");
        assertThat(flows.json("DELETE", "/oauth/register/" + id, registered.getString("registration_access_token"),
                null).statusCode()).isEqualTo(204);
        assertRedirectedError(flows.authorize(authorizeParams(id)),
                "error=unauthorized_client&error_description=OAuth+client+is+inactive");
    }

    // ------------------------------------------------------------------ /oauth/token

    @Test
    void tokenRequestsMustBeFormsWithAGrantType() {
        HttpResponse<String> json = new Http(wacht).send("POST", "/oauth/token", "application/json",
                "{\"grant_type\":\"authorization_code\"}");
        assertEnvelope(json, 415, "Request failed");
        assertEnvelope(flows.token(params("client_id", clientId)), 422, "Invalid request payload");
        assertEnvelope(new Http(wacht).send("POST", "/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=a&grant_type=b&client_id=" + clientId), 422, "Invalid request payload");
        assertEnvelope(new Http(wacht).send("GET", "/oauth/token", null, null), 405, "Method not allowed");
    }

    @Test
    void pkceIsS256OnlyAndTheVerifierIsChecked() {
        String code = flows.code(authorizeParams(clientId));
        assertOAuthError(flows.token(params("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "client_id", clientId)), 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"code_verifier is required\"}");
        assertOAuthError(flows.token(params("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "client_id", clientId, "code_verifier", VERIFIER + "x")), 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"invalid code_verifier\"}");
        // Failed attempts do not use the code up.
        flows.exchange(clientId, code);

        // A confidential client may send plain at /authorize, but no code issued with it can be redeemed.
        MintedClient confidential = wacht.createClient("client_secret_basic", List.of(REDIRECT));
        String plain = flows.code(authorizeParams(confidential.clientId(), "code_challenge", "verifier-as-is",
                "code_challenge_method", "plain"));
        assertOAuthError(flows.post("/oauth/token", basic(confidential.clientId(), confidential.clientSecret()
                .orElseThrow()), params("grant_type", "authorization_code", "code", plain, "redirect_uri", REDIRECT,
                "code_verifier", "verifier-as-is")), 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"unsupported code_challenge_method\"}");
    }

    @Test
    void codesAreSingleUseBoundToTheirClientAndLiveTenMinutes() {
        String code = flows.code(authorizeParams(clientId));
        JsonObject first = flows.exchange(clientId, code);
        Map<String, String> again = params("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "client_id", clientId, "code_verifier", VERIFIER);
        assertOAuthError(flows.token(again), 400, INVALID_GRANT);
        // An ordinary replay revokes nothing.
        assertThat(new Http(wacht).checkToken(first.getString("access_token")).statusCode()).isEqualTo(200);

        String other = flows.registerPublicClient();
        String foreign = flows.code(authorizeParams(clientId));
        assertOAuthError(flows.token(params("grant_type", "authorization_code", "code", foreign, "redirect_uri",
                REDIRECT, "client_id", other, "code_verifier", VERIFIER)), 400, INVALID_GRANT);
        assertOAuthError(flows.token(params("grant_type", "authorization_code", "code", "oac_unknown",
                "redirect_uri", REDIRECT, "client_id", clientId, "code_verifier", VERIFIER)), 400, INVALID_GRANT);
        assertOAuthError(flows.token(params("grant_type", "authorization_code", "redirect_uri", REDIRECT,
                "client_id", clientId)), 400, "{\"error\":\"invalid_request\",\"error_description\":\"code is required\"}");
        assertOAuthError(flows.token(params("grant_type", "authorization_code", "code", foreign, "client_id", clientId)),
                400, "{\"error\":\"invalid_request\",\"error_description\":\"redirect_uri is required\"}");
        assertOAuthError(flows.token(params("grant_type", "refresh_token", "client_id", clientId)),
                400, "{\"error\":\"invalid_request\",\"error_description\":\"refresh_token is required\"}");

        String late = flows.code(authorizeParams(clientId));
        clock.advance(Duration.ofMinutes(10));
        assertOAuthError(flows.token(params("grant_type", "authorization_code", "code", late, "redirect_uri", REDIRECT,
                "client_id", clientId, "code_verifier", VERIFIER)), 400, INVALID_GRANT);
    }

    @Test
    void clientsAuthenticateStrictlyByTheirRegisteredMethod() {
        MintedClient basicClient = wacht.createClient("client_secret_basic", List.of(REDIRECT));
        MintedClient postClient = wacht.createClient("client_secret_post", List.of(REDIRECT));
        String basicSecret = basicClient.clientSecret().orElseThrow();
        String postSecret = postClient.clientSecret().orElseThrow();
        Map<String, String> exchange = params("grant_type", "authorization_code", "code", "oac_x", "redirect_uri",
                REDIRECT);

        // client_secret_basic: the secret in the form is refused; a wrong secret is refused.
        Map<String, String> inForm = params("client_id", basicClient.clientId(), "client_secret", basicSecret);
        inForm.putAll(exchange);
        assertOAuthError(flows.token(inForm), 401, INVALID_CLIENT);
        assertOAuthError(flows.post("/oauth/token", basic(basicClient.clientId(), basicSecret + "x"), exchange), 401,
                INVALID_CLIENT);
        assertOAuthError(flows.post("/oauth/token", basic(basicClient.clientId(), basicSecret), exchange), 400,
                INVALID_GRANT); // authenticated: the unknown code is what fails

        // client_secret_post: Basic is refused; the form secret is trimmed.
        assertOAuthError(flows.post("/oauth/token", basic(postClient.clientId(), postSecret), exchange), 401,
                INVALID_CLIENT);
        Map<String, String> post = params("client_id", postClient.clientId(), "client_secret", postSecret + " ");
        post.putAll(exchange);
        assertOAuthError(flows.token(post), 400, INVALID_GRANT);

        // Unknown clients, a missing client_id, and a malformed Basic header (even for a public client).
        assertOAuthError(flows.token(params("grant_type", "authorization_code", "client_id", "oc_nobody")), 401,
                INVALID_CLIENT);
        assertOAuthError(flows.token(params("grant_type", "authorization_code")), 401, INVALID_CLIENT);
        assertOAuthError(flows.post("/oauth/token", "Basic %%%", params("grant_type", "authorization_code",
                "client_id", clientId)), 401, INVALID_CLIENT);
        assertOAuthError(flows.post("/oauth/token", basic(clientId, ""), params("grant_type", "authorization_code")),
                401, INVALID_CLIENT);

        // A rotated secret stops working at once; a deactivated client is refused.
        String key = wacht.backendApiKey();
        String rotated = Http.obj(flows.json("POST", "/oauth/apps/test-app/clients/" + basicClient.clientRecordId()
                + "/rotate-secret", key, null)).getString("client_secret");
        assertOAuthError(flows.post("/oauth/token", basic(basicClient.clientId(), basicSecret), exchange), 401,
                INVALID_CLIENT);
        assertOAuthError(flows.post("/oauth/token", basic(basicClient.clientId(), rotated), exchange), 400,
                INVALID_GRANT);
        flows.json("DELETE", "/oauth/apps/test-app/clients/" + basicClient.clientRecordId(), key, null);
        assertOAuthError(flows.post("/oauth/token", basic(basicClient.clientId(), rotated), exchange), 401,
                INVALID_CLIENT);
    }

    @Test
    void aGrantTypeTheClientLacksIsUnauthorizedClient() {
        String codeOnly = flows.register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":"
                + "\"none\",\"grant_types\":[\"authorization_code\"]}").getString("client_id");
        JsonObject tokens = flows.exchange(codeOnly, flows.code(authorizeParams(codeOnly)));
        assertThat(tokens.getString("refresh_token")).startsWith("ort_"); // always issued
        String unauthorized = "{\"error\":\"unauthorized_client\",\"error_description\":"
                + "\"grant_type is not allowed for this client\"}";
        assertOAuthError(flows.token(params("grant_type", "refresh_token", "refresh_token",
                tokens.getString("refresh_token"), "client_id", codeOnly)), 400, unauthorized);
        assertOAuthError(flows.token(params("grant_type", "client_credentials", "client_id", clientId)), 400,
                unauthorized);
        assertOAuthError(flows.token(params("grant_type", "", "client_id", clientId)), 400, unauthorized);
    }

    // ------------------------------------------------------------------ introspection and revocation

    @Test
    void introspectionAndRevocationSeeOnlyTheCallersTokens() {
        JsonObject tokens = flows.exchange(clientId, flows.code(authorizeParams(clientId)));
        String token = tokens.getString("access_token");
        String other = flows.registerPublicClient();
        assertThat(flows.post("/oauth/introspect", null, params("token", token, "client_id", other)).body())
                .isEqualTo("{\"active\":false}");
        assertThat(flows.post("/oauth/revoke", null, params("token", token, "client_id", other)).body())
                .isEqualTo("{\"revoked\":true}");
        assertThat(new Http(wacht).checkToken(token).statusCode()).isEqualTo(200);
        assertThat(flows.post("/oauth/revoke", null, params("token", "oat_unknown", "client_id", clientId)).body())
                .isEqualTo("{\"revoked\":true}");
        assertOAuthError(flows.post("/oauth/introspect", null, params("token", " ", "client_id", clientId)), 400,
                "{\"error\":\"invalid_request\",\"error_description\":\"token is required\"}");
        assertEnvelope(flows.post("/oauth/introspect", null, params("client_id", clientId)), 422,
                "Invalid request payload");
        assertOAuthError(flows.post("/oauth/introspect", null, params("token", token, "client_id", "oc_x")), 401,
                INVALID_CLIENT);
        // access_token hint: the refresh token survives.
        flows.post("/oauth/revoke", null, params("token", tokens.getString("refresh_token"), "token_type_hint",
                "access_token", "client_id", clientId));
        assertThat(flows.token(params("grant_type", "refresh_token", "refresh_token",
                tokens.getString("refresh_token"), "client_id", clientId)).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ CORS

    @Test
    void corsAllowsWachtsOriginsAndAnswersEveryOptions() throws Exception {
        HttpResponse<String> preflight = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                wacht.baseUrl().resolve("/oauth/token")).method("OPTIONS", java.net.http.HttpRequest.BodyPublishers
                .noBody()).header("Origin", "http://localhost:6274")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.body()).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:6274");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("*");
        assertThat(preflight.headers().firstValue("Vary"))
                .hasValue("origin, access-control-request-method, access-control-request-headers");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).isEmpty();

        for (String origin : List.of("https://console.wacht.dev", "http://127.0.0.1", "https://localhost:8443")) {
            HttpResponse<String> metadata = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                    wacht.baseUrl().resolve("/.well-known/oauth-authorization-server")).header("Origin", origin)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metadata.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
        }
        for (String origin : List.of("https://evil.example", "http://localhost.evil.example", "null",
                "https://console.wacht.dev.evil.example")) {
            HttpResponse<String> refused = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                    wacht.baseUrl().resolve("/oauth/register")).method("OPTIONS",
                    java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", origin).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }
}
