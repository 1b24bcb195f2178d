package dev.wacht.jaxrs;

import jakarta.ws.rs.SeBootstrap;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * RESTEasy (embedded Undertow) through the portable Jakarta REST {@link SeBootstrap} API; the
 * {@code resteasy} surefire execution puts RESTEasy instead of Jersey on the classpath.
 */
class RestEasySeBootstrapTest extends ContractTests {
    private SeBootstrap.Instance instance;

    @Override
    URI deploy(Application application) throws Exception {
        SeBootstrap.Configuration configuration = SeBootstrap.Configuration.builder().protocol("HTTP")
                .host("127.0.0.1").port(SeBootstrap.Configuration.FREE_PORT).rootPath("/").build();
        instance = SeBootstrap.start(application, configuration).toCompletableFuture().get(60, TimeUnit.SECONDS);
        return URI.create("http://127.0.0.1:" + instance.configuration().port() + "/");
    }

    @Override
    void undeploy() throws Exception {
        if (instance != null) {
            instance.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
