package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.ScopeDefinition;
import dev.wacht.testkit.TokenRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Container-managed security: the container logs the Wacht caller in (Jakarta Security mechanism on
 * WildFly and Payara, Jakarta Authentication module on Tomcat) and enforces roles itself
 * (security constraints, {@code @RolesAllowed} on JAX-RS and EJBs), while every refusal is answered
 * like the filter's. The inherited scenarios run against {@code api/whoami}, guarded by a security
 * constraint on {@code files:read}. The cases that need EJB, CDI or Jakarta Security are
 * {@link ContainerSecurityEeServerIT}'s, so that every container runs all of this class.
 */
@RunAsClient
class ContainerSecurityIT extends WachtScenarios {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.containerSecurity();
    }

    /** The container's name for its own login: {@code JASPI} (WildFly), {@code BASIC} (Payara), {@code JASPIC} (Tomcat). */
    @Override
    String authenticationScheme() {
        return System.getProperty("wacht.it.auth-type");
    }

    /** The container enforces the constraint; it does not say which role was missing, so neither can the challenge. */
    @Override
    @Test
    void aTokenWithoutTheScopeIsForbiddenNamingIt() {
        assertInsufficientScope(get(PROTECTED, token("profile")));
    }

    private static void assertInsufficientScope(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(challenge(response)).startsWith("Bearer realm=\"wacht\"").contains("error=\"insufficient_scope\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"error\":\"insufficient_scope\"");
    }

    @Test
    void theSettingsNameTheResourceSentToTheGateway() {
        assertThat(get(PROTECTED, token("files:read")).statusCode()).isEqualTo(200);
        assertThat(WACHT.checks()).singleElement().satisfies(check -> assertThat(check.resource()).isEqualTo("/files"));
    }

    @Test
    void aServletBehindAConstraintSeesTheCaller() {
        HttpResponse<String> response = get("servlet/whoami", token("files:read", "files:admin"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("name=u-7|scheme=" + authenticationScheme()
                + "|files:read=true|files:admin=true|verified-by=GATEWAY|attribute=true");
    }

    @Test
    void aConstraintChallengesAnAnonymousCallerLikeTheFilter() {
        HttpResponse<String> response = get("servlet/whoami", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(challenge(response)).isEqualTo("Bearer realm=\"wacht\"");
        assertThat(response.body()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void aConstraintRefusesAMissingRoleLikeTheFilter() {
        assertInsufficientScope(get("servlet/whoami", token("profile")));
    }

    @Test
    void anUnguardedResourceIsReachedWithoutACredentialAndSeesTheCallerWithOne() {
        HttpResponse<String> anonymous = get("open/whoami", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).startsWith("name=none|");
        assertThat(WACHT.checks()).isEmpty();
        HttpResponse<String> caller = get("open/whoami", token("files:read"));
        assertThat(caller.statusCode()).isEqualTo(200);
        assertThat(caller.body()).startsWith("name=u-7|").contains("|files:read=true|");
    }

    @Test
    void anUnguardedResourceStillRefusesABadCredential() {
        assertInvalidToken(get("open/whoami", "oat_thisTokenWasNeverIssuedByTheEmulator0000000"));
    }

    @Test
    void jaxRsRolesAllowedChecksTheGrantedScopes() {
        HttpResponse<String> admin = get("api/admin", token("files:admin"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("admin");
        HttpResponse<String> reader = get("api/admin", token("files:read"));
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.body()).doesNotContain("admin");
    }

    /**
     * A token of user u-7 whose one scope, {@code files:export}, maps to the permission {@code files:admin}
     * (a workspace grant): it holds {@code files:admin} as a permission only.
     */
    static String adminByPermission() {
        WACHT.defineScope(ScopeDefinition.workspace("files:export", "files:admin"));
        return WACHT.mintToken(TokenRequest.builder().scopes("files:export").userId("u-7")
                .grantedResource("urn:wacht:workspace:42").build()).accessToken();
    }

    /**
     * The groups are the granted scopes and the permissions, told apart: {@code files:export} maps to the
     * workspace permission {@code files:admin}, so a token for a workspace holding only the scope
     * {@code files:export} has the role {@code files:admin} (servlet and JAX-RS {@code @RolesAllowed}) but
     * not {@code files:read}, which is neither; the same scope on a user's grant maps to nothing.
     */
    @Test
    void aPermissionThatIsNotAScopeIsARoleAndANameThatIsNeitherIsNot() {
        String workspace = adminByPermission();
        HttpResponse<String> caller = get("open/whoami", workspace);
        assertThat(caller.statusCode()).isEqualTo(200);
        assertThat(caller.body()).startsWith("name=u-7|").contains("|files:read=false|files:admin=true|");
        assertThat(get("api/admin", workspace).statusCode()).isEqualTo(200);
        assertThat(get("servlet/whoami", workspace).statusCode()).isEqualTo(403);

        String user = token("files:export");
        assertThat(get("open/whoami", user).body()).contains("|files:read=false|files:admin=false|");
        assertThat(get("api/admin", user).statusCode()).isEqualTo(403);
    }
}
