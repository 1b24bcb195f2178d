package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The filter in web.xml authenticates, {@code @RequiresScope} resources found by scanning check
 * scopes: one gateway call per request (the filter's), scope checks against its principal.
 */
@RunAsClient
class FilterAndScanningIT extends WachtScenarios implements ServletScenarios {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.filterAndScanning();
    }

    @Test
    void oneGatewayCallPerRequestAndScopesCheckedLocally() {
        assertThat(get(PROTECTED, token("files:read")).statusCode()).isEqualTo(200);
        assertThat(get(PROTECTED, token("profile")).statusCode()).isEqualTo(403);
        assertThat(WACHT.checks()).hasSize(2).allSatisfy(check -> {
            assertThat(check.resource()).isEqualTo("/files");
            assertThat(check.requiredPermissions()).isNullOrEmpty();
            assertThat(check.allowed()).isTrue();
        });
    }

    @Test
    void resourcesWithoutRequiresScopeStillNeedTheFiltersCredential() {
        assertThat(get("api/open", null).statusCode()).isEqualTo(401);
        assertThat(get("api/open", token()).body()).isEqualTo("open");
    }
}
