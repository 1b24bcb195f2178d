package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Container-managed security where the server also has EJB, CDI and Jakarta Security (WildFly,
 * Payara): the same {@code security.war} as {@link ContainerSecurityIT}, whose cases run everywhere;
 * these run only on those servers (the other submodules exclude {@code *EeServerIT}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ContainerSecurityEeServerIT {
    private static final WachtEmulator WACHT = Wacht.EMULATOR;

    @ArquillianResource
    private URL deployment;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.containerSecurity();
    }

    @BeforeEach
    void resetEmulator() {
        WACHT.reset();
    }

    /** An opaque access token of user u-7 with these scopes. */
    private static String token(String... scopes) {
        return WACHT.mintToken(TokenRequest.builder().scopes(scopes).userId("u-7").build()).accessToken();
    }

    /** GET of a path of the deployment, with the bearer token unless it is null. */
    private HttpResponse<String> get(String path, String token) {
        return Wacht.get(Wacht.loopback(deployment), path, token == null ? null : "Bearer " + token);
    }

    @Test
    void anEjbSeesTheCallerAndChecksItsRole() {
        HttpResponse<String> admin = get("api/ejb", token("files:read", "files:admin"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("ejb=WachtPrincipal:u-7");
        assertThat(get("api/ejb", token("files:read")).statusCode()).isEqualTo(403);
        assertThat(get("api/ejb", ContainerSecurityIT.adminByPermission()).body()).isEqualTo("ejb=WachtPrincipal:u-7");
    }

    @Test
    void jakartaSecurityAndCdiSeeTheCaller() {
        HttpResponse<String> response = get("api/caller", token("files:read"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("caller=u-7|class=WachtPrincipal|by-type=1|files:read=true"
                + "|files:admin=false|injected=u-7:[files:read]|issuer=true");
    }

    /**
     * {@code @Inject WachtPrincipal} (and {@code Instance<WachtPrincipal>.get()}) where nothing guards
     * the path: an anonymous request gets the container's 500 (the producer's IllegalStateException,
     * which the server logs), never the resource's answer; with a credential the same resource sees
     * its caller.
     */
    @Test
    void injectingTheCallerWhereNothingGuardsThePathFailsAnAnonymousRequest() {
        for (String path : List.of("api/unguarded/injected", "api/unguarded/instance")) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as("GET %s without a credential", path).isEqualTo(500);
            assertThat(anonymous.body()).doesNotContain("caller=");
            assertThat(WACHT.checks()).isEmpty();
        }
        String token = token("files:read");
        assertThat(get("api/unguarded/injected", token).body()).startsWith("caller=u-7|class=WachtPrincipal|");
        assertThat(get("api/unguarded/instance", token).body()).isEqualTo("caller=u-7");
    }
}
