package dev.wacht.jaxrs;

import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** Jersey on the JDK's own HTTP server, no servlets (also run on Jersey 4 by the {@code jersey-4} execution). */
class JerseyJdkHttpTest extends ContractTests {
    private HttpServer server;

    @Override
    URI deploy(Application application) {
        server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
                ResourceConfig.forApplication(application));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    void undeploy() {
        if (server != null) {
            server.stop(0);
        }
    }
}
