package dev.wacht.jaxrs;

import static dev.wacht.jaxrs.Http.bearer;
import static dev.wacht.jaxrs.Http.challenge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.testkit.Fault;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.RateLimitRule;
import dev.wacht.testkit.RecordedCheck;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JAX-RS extension's behaviour on a standalone runtime (no servlet filter): every runtime's
 * test class runs these against the real emulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContractTests {
    @RegisterExtension
    static final WachtEmulatorExtension EMULATOR = new WachtEmulatorExtension();

    WachtEmulator wacht;
    Http http;

    /** Serves the application on a loopback port and returns its base URI (ending in {@code /}). */
    abstract URI deploy(Application application) throws Exception;

    abstract void undeploy() throws Exception;

    /**
     * The application as a WAR would declare it: resource classes, {@code WachtFeature} registered
     * by class, and its settings as {@code wacht.*} properties.
     */
    static Application application(WachtEmulator wacht) {
        WachtConfig manual = WachtConfig.builder().gatewayUrl(wacht.baseUrl()).build();
        return new Application() {
            @Override
            public Set<Class<?>> getClasses() {
                return Set.of(FileResource.class, McpResource.class, WachtFeature.class);
            }

            @Override
            public Set<Object> getSingletons() {
                return Set.of(new OpenResource(WachtAuthenticator.create(manual)));
            }

            @Override
            public Map<String, Object> getProperties() {
                return Map.of("wacht.gateway-url", wacht.baseUrl().toString(), "wacht.realm", "files");
            }
        };
    }

    @BeforeAll
    void start(WachtEmulator emulator) throws Exception {
        wacht = emulator;
        http = new Http(deploy(application(emulator)));
    }

    @AfterAll
    void stop() throws Exception {
        undeploy();
    }

    @BeforeEach
    void clean() {
        wacht.reset();
    }

    private String token(String... scopes) {
        return bearer(wacht.mintToken(scopes).accessToken());
    }

    @Test
    void noCredentialIsABareChallengeWithoutAGatewayCall() {
        HttpResponse<String> r = http.get("files");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r)).isEqualTo("Bearer realm=\"files\"");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).contains("\"error\":\"unauthorized\"");
        assertThat(wacht.checks()).isEmpty();
    }

    @Test
    void malformedCredentialIsInvalidRequest() {
        HttpResponse<String> r = http.get("files", "Bearer a b");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(challenge(r)).startsWith("Bearer realm=\"files\", error=\"invalid_request\"");
        assertThat(wacht.checks()).isEmpty();
    }

    @Test
    void classLevelScopeIsSentToTheGatewayAndThePrincipalReachesTheMethod() {
        MintedToken token = wacht.mintToken("files:read");
        HttpResponse<String> r = http.get("files", bearer(token.accessToken()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("list for " + token.userId());
        assertThat(wacht.checks()).singleElement().satisfies(check -> {
            assertThat(check.method()).isEqualTo("GET");
            assertThat(check.resource()).isEqualTo("/files");
            assertThat(check.requiredPermissions()).containsExactly("files:read");
            assertThat(check.userAgent()).isEqualTo(Http.USER_AGENT);
        });
    }

    @Test
    void securityContextAnswersForScopesAndPermissions() {
        MintedToken token = wacht.mintToken("files:read");
        HttpResponse<String> r = http.get("files/whoami", bearer(token.accessToken()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(String.join("|", token.userId(), token.clientId(), "BEARER", "secure=false",
                "files:read=true", "files:admin=false", "principal=true"));
    }

    @Test
    void classLevelScopeMissingIsInsufficientScope() {
        HttpResponse<String> r = http.get("files", token("other:scope"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(challenge(r)).startsWith("Bearer realm=\"files\", error=\"insufficient_scope\"")
                .endsWith(", scope=\"files:read\"");
        assertThat(r.body()).contains("\"error\":\"insufficient_scope\"");
    }

    @Test
    void classAndMethodRequirementsBothApply() {
        HttpResponse<String> readOnly = http.send("DELETE", "files/7", null, token("files:read"));
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(challenge(readOnly)).endsWith(", scope=\"files:read files:delete\"");
        HttpResponse<String> deleteOnly = http.send("DELETE", "files/7", null, token("files:delete"));
        assertThat(deleteOnly.statusCode()).isEqualTo(403);

        HttpResponse<String> both = http.send("DELETE", "files/7", null, token("files:read", "files:delete"));
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(both.body()).isEqualTo("deleted 7");
        assertThat(wacht.checks()).extracting(RecordedCheck::requiredPermissions)
                .containsOnly(List.of("files:read", "files:delete"));
    }

    @Test
    void anyOfNeedsOneOfItsNamesOnTopOfTheClassRequirement() {
        assertThat(http.send("POST", "files", "a", token("files:read", "files:write")).statusCode())
                .isEqualTo(200);
        assertThat(http.send("POST", "files", "b", token("files:read", "files:admin")).body())
                .isEqualTo("stored b");
        assertThat(http.send("POST", "files", "c", token("files:write")).statusCode()).isEqualTo(403);

        HttpResponse<String> neither = http.send("POST", "files", "d", token("files:read"));
        assertThat(neither.statusCode()).isEqualTo(403);
        assertThat(challenge(neither)).contains("error=\"insufficient_scope\"")
                .endsWith(", scope=\"files:write files:admin\"");
        // The gateway checks the all-of part; the any-of part is checked locally.
        assertThat(wacht.checks()).extracting(RecordedCheck::requiredPermissions)
                .containsOnly(List.of("files:read"));
    }

    @Test
    void aMethodCanReplaceTheClassRequirement() {
        assertThat(http.get("files/index", token("files:list")).statusCode()).isEqualTo(200);
        HttpResponse<String> r = http.get("files/index", token("files:read"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(challenge(r)).endsWith(", scope=\"files:list\"");
        assertThat(http.get("files/health", token("other:scope")).body()).isEqualTo("healthy");
        assertThat(http.get("files/health").statusCode()).isEqualTo(401);
    }

    @Test
    void anEmptyAnnotationRequiresOnlyAuthentication() {
        assertThat(http.send("POST", "mcp", "{}", token()).statusCode()).isEqualTo(200);
        assertThat(wacht.checks()).singleElement().satisfies(
                check -> assertThat(check.requiredPermissions()).isNullOrEmpty());
        assertThat(http.send("POST", "mcp", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void unannotatedResourcesStayOpen() {
        HttpResponse<String> r = http.get("open");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("open, wacht principal: false");
        assertThat(http.get("open", token("files:read")).statusCode()).isEqualTo(200);
        assertThat(wacht.checks()).isEmpty();
    }

    @Test
    void revokedTokenIsInvalidToken() {
        MintedToken token = wacht.mintToken("files:read");
        wacht.revokeGrant(token.grantId());
        HttpResponse<String> r = http.get("files", bearer(token.accessToken()));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(challenge(r)).startsWith("Bearer realm=\"files\", error=\"invalid_token\", error_description=\"");
        assertThat(r.body()).doesNotContain(token.accessToken());
    }

    @Test
    void rateLimitedIs429WithRetryAfter() {
        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofMinutes(1))));
        String token = token("files:read");
        assertThat(http.get("files", token).statusCode()).isEqualTo(200);
        HttpResponse<String> r = http.get("files", token);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("60");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(r.body()).contains("\"error\":\"rate_limited\"");
    }

    @Test
    void gatewayFailureIs503WithRetryAfter() {
        String token = token("files:read");
        wacht.setFault(Fault.status(503));
        HttpResponse<String> r = http.get("files", token);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("5");
        assertThat(r.body()).contains("\"error\":\"temporarily_unavailable\"");
    }

    @Test
    void theExceptionMapperAnswersApplicationChecksTheSameWay() {
        HttpResponse<String> denied = http.get("open/manual", token("files:read"));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(challenge(denied)).startsWith("Bearer realm=\"files\", error=\"insufficient_scope\"")
                .endsWith(", scope=\"manual:run\"");
        HttpResponse<String> missing = http.get("open/manual");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(challenge(missing)).isEqualTo("Bearer realm=\"files\"");
        MintedToken token = wacht.mintToken("manual:run");
        assertThat(http.get("open/manual", bearer(token.accessToken())).body()).isEqualTo("manual " + token.clientId());
    }
}
