package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MicroProfile Config as the only configuration of container-managed security (WildFly, Payara; the
 * servers with MicroProfile Config): an invalid value fails the deployment, and what the operator
 * reads (the deployment error, or the server's console where the adapter reports only that nothing was
 * deployed, as Payara Micro's does) names the setting and the value.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MicroProfileConfigEeServerIT {
    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "mp-misconfigured", managed = false, testable = false)
    static WebArchive misconfigured() {
        return Wars.microProfileMisconfigured();
    }

    @Test
    void anInvalidValueFailsTheDeploymentNamingTheSetting() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        Throwable failure = null;
        // Payara Micro's adapter copies the server's console to System.out, line by line.
        System.setOut(new PrintStream(new Tee(stdout, console), true, StandardCharsets.UTF_8));
        try {
            deployer.deploy("mp-misconfigured");
        } catch (Exception e) { // adapters rethrow the checked DeploymentException undeclared
            failure = e;
        } finally {
            System.setOut(stdout);
        }
        if (failure == null) {
            deployer.undeploy("mp-misconfigured");
        }
        assertThat(failure).as("the deployment of a WAR with wacht.request-timeout=soon").isNotNull();
        List<Throwable> chain = new ArrayList<>();
        StringBuilder report = new StringBuilder(console.toString(StandardCharsets.UTF_8));
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            report.append('\n').append(t.getMessage());
        }
        assertThat(chain).anyMatch(DeploymentException.class::isInstance);
        assertThat(report.toString()).contains("is misconfigured and will not start: wacht.request-timeout: "
                + "expected a duration such as 500ms, 5s, 1m, 1h or PT5S, got 'soon'");
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
