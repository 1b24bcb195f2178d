package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.ShouldThrowException;
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

    /** Arquillian fails the test unless deploying throws a {@link DeploymentException}. */
    @Deployment(name = "misconfigured", managed = false, testable = false)
    @ShouldThrowException(DeploymentException.class)
    static WebArchive misconfiguredDeployment() {
        return Wars.misconfigured();
    }

    @Test
    void aMisspelledSettingFailsTheDeployment() {
        deployer.deploy("misconfigured");
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
