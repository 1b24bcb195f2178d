package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.TokenRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** The servlet filter alone, configured in web.xml, in front of a servlet and a JAX-RS application. */
@RunAsClient
class FilterWebXmlIT extends WachtScenarios implements ServletScenarios, PathFirewallScenarios {
    private static final String METADATA_URL = "https://files.example.test/.well-known/oauth-protected-resource/api";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.filterOnly();
    }

    /** The application has a resource URI, so its opaque tokens must have been issued for it. */
    @Override
    TokenRequest.Builder tokenRequest(String... scopes) {
        return super.tokenRequest(scopes).oauthResource(Wars.RESOURCE_URI);
    }

    @Test
    void challengesNameTheMetadataDocument() {
        assertThat(challenge(get(PROTECTED, null)))
                .isEqualTo("Bearer realm=\"wacht\", resource_metadata=\"" + METADATA_URL + "\"");
    }

    @Test
    void servesProtectedResourceMetadataWithoutACredential() {
        HttpResponse<String> response = get(".well-known/oauth-protected-resource", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body())
                .contains("\"resource\":\"" + Wars.RESOURCE_URI + "\"")
                .contains("\"authorization_servers\":[\"" + WACHT.issuer() + "\"]")
                .contains("\"scopes_supported\":[\"files:read\"]");
        assertThat(get(".well-known/oauth-protected-resource/api", null).body()).isEqualTo(response.body());
        assertThat(WACHT.checks()).isEmpty();
    }

    @Test
    void aTokenIssuedForAnotherResourceIsInvalid() {
        String elsewhere = WACHT.mintToken(TokenRequest.builder().scopes("files:read")
                .oauthResource("https://other.example.test/api").build()).accessToken();
        assertInvalidToken(get(PROTECTED, elsewhere));
    }

    /** With a resource URI set, Wacht's JWTs (which name no resource) are refused (issue 12, finding 3). */
    @Test
    @Override
    void aJwtAccessTokenIsVerifiedLocally() {
        MintedToken jwt = WACHT.mintJwt(TokenRequest.builder().scopes("files:read").userId("u-9").build());
        HttpResponse<String> response = get(PROTECTED, jwt.accessToken());
        assertInvalidToken(response);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(WACHT.checks()).isEmpty();
    }

    @Test
    void anExcludedPathIsReachedWithoutACredential() {
        HttpResponse<String> response = get("health", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("name=none|");
    }

    @Test
    void theGatewayIsAskedForTheConfiguredResourceAndPermissions() {
        assertThat(get(PROTECTED, token("files:read")).statusCode()).isEqualTo(200);
        assertThat(WACHT.checks()).singleElement().satisfies(check -> {
            assertThat(check.resource()).isEqualTo("/files");
            assertThat(check.requiredPermissions()).containsExactly("files:read");
            assertThat(check.clientIp()).isEqualTo("127.0.0.1");
        });
    }
}
