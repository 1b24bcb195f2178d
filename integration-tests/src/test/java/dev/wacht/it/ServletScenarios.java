package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** For applications with the servlet filter: what a plain servlet behind it sees. */
interface ServletScenarios {
    String SERVLET = "servlet/whoami";

    String token(String... scopes);

    HttpResponse<String> get(String path, String token);

    @Test
    default void aServletSeesTheWachtPrincipal() {
        HttpResponse<String> response = get(SERVLET, token("files:read", "files:admin"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(
                "name=u-7|scheme=BEARER|files:read=true|files:admin=true|verified-by=GATEWAY|attribute=true");
    }

    @Test
    default void aServletIsNotReachedWithoutACredential() {
        HttpResponse<String> response = get(SERVLET, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("name=");
    }
}
