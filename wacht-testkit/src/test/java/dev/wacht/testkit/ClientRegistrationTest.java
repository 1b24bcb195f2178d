package dev.wacht.testkit;

import static dev.wacht.testkit.OAuthFlowErrorsTest.assertEnvelope;
import static dev.wacht.testkit.OAuthFlows.REDIRECT;
import static dev.wacht.testkit.OAuthFlows.authorizeParams;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dynamic client registration (docs/oauth-issuer.md, "Registration"): RFC 7591 registration and RFC 7592 management, Wacht's way. */
class ClientRegistrationTest {
    static final String MINIMAL = "{\"redirect_uris\":[\"" + REDIRECT + "\"]}";

    WachtEmulator wacht;
    OAuthFlows flows;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.builder().issuer("https://auth.example.com").start();
        flows = new OAuthFlows(wacht);
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    HttpResponse<String> register(String json) {
        return flows.json("POST", "/oauth/register", null, json);
    }

    @Test
    void registrationIsOffByDefaultAndSwitchablePerApp() {
        assertThat(wacht.dynamicClientRegistrationAllowed()).isFalse();
        assertEnvelope(register(MINIMAL), 403, "Dynamic client registration is disabled for this OAuth app");
        // The metadata advertises the endpoint either way.
        assertThat(Http.obj(new Http(wacht).send("GET", "/.well-known/oauth-authorization-server", null, null))
                .getString("registration_endpoint")).isEqualTo("https://auth.example.com/oauth/register");

        Http http = new Http(wacht);
        assertThat(http.admin("POST", "/oauth/registration", "{\"enabled\":true}").body())
                .isEqualTo("{\"enabled\":true}");
        assertThat(register(MINIMAL).statusCode()).isEqualTo(200);
        assertThat(Http.obj(flows.json("GET", "/oauth/apps", wacht.backendApiKey(), null)).getJsonArray("apps")
                .getJsonObject(0).getBoolean("allow_dynamic_client_registration")).isTrue();
        wacht.reset();
        assertEnvelope(register(MINIMAL), 403, "Dynamic client registration is disabled for this OAuth app");
    }

    @Test
    void defaultsAreAConfidentialBasicClientWithBothGrantTypes() {
        wacht.allowDynamicClientRegistration(true);
        HttpResponse<String> r = register(MINIMAL);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject c = Http.obj(r);
        assertThat(c.keySet()).containsExactly("client_id", "client_id_issued_at", "client_secret",
                "client_secret_expires_at", "token_endpoint_auth_method", "grant_types", "redirect_uris",
                "registration_client_uri", "registration_access_token", "id_token_signed_response_alg");
        assertThat(c.getString("client_secret")).matches("oc_secret_[A-Za-z0-9_-]{43}");
        assertThat(c.getInt("client_secret_expires_at")).isZero();
        assertThat(c.getString("token_endpoint_auth_method")).isEqualTo("client_secret_basic");
        assertThat(c.getJsonArray("grant_types").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(c.getString("id_token_signed_response_alg")).isEqualTo("RS256");
        assertThat(wacht.clientSecretMatches(recordId(c.getString("client_id")), c.getString("client_secret")))
                .isTrue();
        JsonObject post = Http.obj(register("{\"redirect_uris\":[\"https://app.example/cb\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_post\",\"grant_types\":[]}"));
        assertThat(post.getJsonArray("grant_types")).hasSize(2);
        assertThat(post.containsKey("client_secret")).isTrue();
    }

    String recordId(String clientId) {
        for (jakarta.json.JsonValue v : Http.obj(flows.json("GET", "/oauth/apps/test-app/clients",
                wacht.backendApiKey(), null)).getJsonArray("clients")) {
            if (v.asJsonObject().getString("client_id").equals(clientId)) {
                return v.asJsonObject().getString("id");
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    @Test
    void invalidRegistrationsGetWachtsMessages() {
        wacht.allowDynamicClientRegistration(true);
        assertEnvelope(new Http(wacht).send("POST", "/oauth/register", "application/x-www-form-urlencoded",
                "redirect_uris=x"), 415, "Request failed");
        assertEnvelope(register("{not json"), 400, "Bad request");
        assertEnvelope(register("{\"redirect_uris\":\"" + REDIRECT + "\"}"), 422, "Invalid request payload");
        assertEnvelope(register("[]"), 422, "Invalid request payload");
        assertEnvelope(register("{\"redirect_uris\":[\"cursor://callback\"]}"), 400,
                "redirect_uris must hold http or https URLs without a fragment, not cursor://callback");
        assertEnvelope(register("{\"redirect_uris\":[\"https://app.example/cb#frag\"]}"), 400,
                "redirect_uris must hold http or https URLs without a fragment, not https://app.example/cb#frag");
        assertEnvelope(register("{}"), 400, "redirect_uris must include at least one URI for authorization_code");
        assertEnvelope(register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"grant_types\":[\"client_credentials\"]}"),
                400, "client_credentials is disabled for now");
        assertEnvelope(register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"grant_types\":[\"password\"]}"), 400,
                "unsupported grant_type: password. supported values: authorization_code, refresh_token");
        assertEnvelope(register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"grant_types\":[\"refresh_token\"]}"),
                400, "authorization_code grant is required");
        assertEnvelope(register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"tls\"}"),
                400, "unsupported client_auth_method: tls");
        assertEnvelope(register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"id_token_signed_response_alg\":"
                + "\"ES256\"}"), 400, "id_token_signing_alg `ES256` is not supported. Only RS256 is currently "
                + "supported.");
        assertEnvelope(register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"jwks_uri\":\"https://k.example\"}"), 400,
                "jwks_uri/jwks/public_key_pem are only allowed when client_auth_method is private_key_jwt");
        assertEnvelope(register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"logo_uri\":\"ftp://x.example/l.png\"}"),
                400, "logo_uri must be an http or https URL");
        // Plain http is allowed for any host, and unknown fields are ignored.
        assertThat(register("{\"redirect_uris\":[\"http://app.example/cb\"],\"response_types\":[\"code\"],"
                + "\"software_statement\":\"x\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void rfc7592ManagementWithTheRegistrationAccessToken() {
        wacht.allowDynamicClientRegistration(true);
        JsonObject c = Http.obj(register("{\"client_name\":\"Inspector\",\"redirect_uris\":[\"" + REDIRECT
                + "\"],\"token_endpoint_auth_method\":\"none\",\"contacts\":[\"ops@example.com\"]}"));
        String id = c.getString("client_id");
        String token = c.getString("registration_access_token");
        String path = "/oauth/register/" + id;

        assertEnvelope(flows.json("GET", "/oauth/register/oc_unknown", null, null), 404, "OAuth client not found");
        HttpResponse<String> anonymous = flows.json("GET", path, null, null);
        assertEnvelope(anonymous, 401, "Unauthorized");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertEnvelope(flows.json("GET", path, token + "x", null), 401, "Unauthorized");
        HttpResponse<String> lowerCase = Http.CLIENT.sendAsync(java.net.http.HttpRequest.newBuilder(
                wacht.baseUrl().resolve(path)).header("Authorization", "bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).join();
        assertEnvelope(lowerCase, 401, "Unauthorized");

        JsonObject read = Http.obj(flows.json("GET", path, token, null));
        assertThat(read.keySet()).containsExactly("client_id", "client_name", "client_id_issued_at",
                "token_endpoint_auth_method", "contacts", "grant_types", "redirect_uris", "registration_client_uri",
                "id_token_signed_response_alg");
        assertThat(read.getString("client_name")).isEqualTo("Inspector");

        // PUT is a partial update: omitted fields stay.
        JsonObject updated = Http.obj(flows.json("PUT", path, token, "{\"client_name\":\"Renamed\"}"));
        assertThat(updated.getString("client_name")).isEqualTo("Renamed");
        assertThat(updated.getJsonArray("redirect_uris").getString(0)).isEqualTo(REDIRECT);
        assertThat(updated.containsKey("registration_access_token")).isFalse();
        assertEnvelope(flows.json("PUT", path, token, "{\"redirect_uris\":[\"myapp://cb\"]}"), 400,
                "redirect_uris must hold http or https URLs without a fragment, not myapp://cb");

        // GET, PUT and DELETE do not look at the app's registration flag.
        wacht.allowDynamicClientRegistration(false);
        wacht.setConsent(Consent.approveAs("5"));
        JsonObject tokens = flows.exchange(id, flows.code(authorizeParams(id, "scope", "")));
        HttpResponse<String> deleted = flows.json("DELETE", path, token, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertEnvelope(flows.json("GET", path, token, null), 401, "Unauthorized");
        // Tokens issued before keep working at the gateway, as at Wacht.
        assertThat(new Http(wacht).checkToken(tokens.getString("access_token")).statusCode()).isEqualTo(200);
        // A client made otherwise has no registration token.
        MintedClient made = wacht.createClient("none", java.util.List.of(REDIRECT));
        assertEnvelope(flows.json("GET", "/oauth/register/" + made.clientId(), token, null), 401, "Unauthorized");
    }
}
