package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * reads (the deployment error, or the server's console) names the setting and the value.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MicroProfileConfigEeServerIT {
    /** The HTTP port in the instance report Payara Micro prints when it is ready. */
    private static final Pattern PAYARA_MICRO_PORT = Pattern.compile("\"Http Port\\(s\\)\": \"(\\d+)\"");

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "mp-misconfigured", managed = false, testable = false)
    static WebArchive misconfigured() {
        return Wars.microProfileMisconfigured();
    }

    /**
     * WildFly reports the failure to Arquillian as a {@link DeploymentException} whose message names the
     * setting. Payara Micro fails the application's start ({@code Exception while loading the app}, with the
     * message, on its console) and then lists no deployed application, but its Arquillian adapter returns
     * as if deployed: there the proof is the console and that the application answers 404.
     */
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
        String report = console.toString(StandardCharsets.UTF_8);
        try {
            if (failure != null) {
                List<Throwable> chain = new ArrayList<>();
                for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
                    chain.add(t);
                    report += "\n" + t.getMessage();
                }
                assertThat(chain).anyMatch(DeploymentException.class::isInstance);
            } else {
                Matcher port = PAYARA_MICRO_PORT.matcher(report);
                assertThat(port.find()).as("Payara Micro's instance report on the console").isTrue();
                assertThat(report).contains("Exception while loading the app");
                URI app = URI.create("http://127.0.0.1:" + port.group(1) + "/mp-misconfigured/");
                assertThat(Wacht.get(app, "", null).statusCode()).isEqualTo(404);
            }
            assertThat(report).contains("is misconfigured and will not start: wacht.request-timeout: "
                    + "expected a duration such as 500ms, 5s, 1m, 1h or PT5S, got 'soon'");
        } finally {
            if (failure == null) {
                deployer.undeploy("mp-misconfigured");
            }
        }
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
