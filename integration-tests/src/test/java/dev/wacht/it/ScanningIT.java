package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** {@code @RequiresScope} resources, with {@code WachtFeature} found by the runtime's scanning. */
@RunAsClient
class ScanningIT extends WachtScenarios implements PathFirewallScenarios {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.scanning();
    }

    @Test
    void resourcesWithoutRequiresScopeStayOpen() {
        HttpResponse<String> response = get("api/open", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("open");
        assertThat(WACHT.checks()).isEmpty();
    }

    @Test
    void theGatewayIsAskedForTheRequiredScope() {
        assertThat(get(PROTECTED, token("files:read")).statusCode()).isEqualTo(200);
        assertThat(WACHT.checks()).singleElement().satisfies(check -> {
            assertThat(check.resource()).isEqualTo("/files");
            assertThat(check.requiredPermissions()).containsExactly("files:read");
        });
    }
}
