package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator meets on every container (issue 14): a misconfigured filter fails the deployment
 * (WildFly's Undertow would otherwise start filters only on the first request), and a web.xml user
 * reaches the filter's metrics through servlet-context attributes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperabilityIT {
    @ArquillianResource
    private Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment("metrics")
    private URL metrics;

    @Deployment(name = "metrics", testable = false)
    static WebArchive metricsDeployment() {
        return Wars.metrics();
    }

    @Deployment(name = "misconfigured", managed = false, testable = false)
    static WebArchive misconfiguredDeployment() {
        return Wars.misconfigured();
    }

    /**
     * The deployment fails. WildFly, Payara and Jetty report it to Arquillian as a {@link DeploymentException};
     * the embedded Tomcat adapter deploys through Tomcat's host deployer, which logs the failure
     * ({@code SEVERE: Error deploying web application archive}) and returns, so there the proof is that
     * the application is not there: no path of it reaches the filter or a servlet.
     */
    @Test
    void aMisspelledSettingFailsTheDeployment() {
        Throwable failure = null;
        try {
            deployer.deploy("misconfigured");
        } catch (Exception e) { // adapters rethrow the checked DeploymentException undeclared
            failure = e;
        }
        try {
            if (failure != null) {
                assertThat(causes(failure)).anyMatch(DeploymentException.class::isInstance);
            }
            URI app = Wacht.loopback(metrics).resolve("/misconfigured/");
            String token = "Bearer " + Wacht.EMULATOR.mintToken().accessToken();
            for (String path : List.of("servlet/whoami", "health", "")) {
                HttpResponse<String> response = Wacht.get(app, path, token);
                assertThat(response.statusCode()).as("GET /misconfigured/%s", path).isIn(404, 503);
                assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
                assertThat(response.body()).doesNotContain("temporarily_unavailable").doesNotContain("name=");
            }
        } finally {
            if (failure == null) {
                deployer.undeploy("misconfigured");
            }
        }
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    @Test
    void metricsAreServletContextAttributes() {
        Wacht.EMULATOR.reset();
        assertThat(get("servlet/whoami", null).statusCode()).isEqualTo(401);
        assertThat(get("servlet/whoami", "Bearer " + Wacht.EMULATOR.mintToken().accessToken()).statusCode())
                .isEqualTo(200);
        assertThat(get("metrics", null).body()).isEqualTo("allowed=1 denied=1");
    }

    private HttpResponse<String> get(String path, String authorization) {
        return Wacht.get(Wacht.loopback(metrics), path, authorization);
    }
}
