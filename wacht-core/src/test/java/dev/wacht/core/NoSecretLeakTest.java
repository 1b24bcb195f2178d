package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wacht.testkit.Fault;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs every kind of verification with all logging enabled and checks that no log record,
 * exception message, outcome description or HTTP answer contains a raw token or the API key.
 */
@ExtendWith(WachtEmulatorExtension.class)
class NoSecretLeakTest {
    private static final String API_KEY = "wk_backend_" + "S".repeat(43);

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    void noSecretAppearsAnywhere(WachtEmulator wacht) throws Exception {
        wacht.reset();
        String good = wacht.mintToken("mcp:invoke").accessToken();
        String poor = wacht.mintToken("profile").accessToken();
        String key = wacht.mintApiKey("reports:read").apiKey();
        List<String> secrets = List.of(good, poor, key, API_KEY, "oat_unknown" + "u".repeat(40));
        List<String> evidence = new ArrayList<>();

        // Answers that come get an ample timeout; only the slow gateway (ten times the short one) meets a short one.
        WachtConfig.Builder config = WachtConfig.builder().gatewayUrl(wacht.baseUrl()).apiKey(API_KEY)
                .accept(CredentialKind.OAUTH_ACCESS_TOKEN, CredentialKind.API_KEY);
        WachtAuthenticator patient = WachtAuthenticator.create(config.requestTimeout(Duration.ofSeconds(10)).build());
        Duration shortTimeout = Duration.ofMillis(500);
        WachtAuthenticator impatient = WachtAuthenticator.create(config.requestTimeout(shortTimeout).build());
        Fault slow = Fault.delay(shortTimeout.multipliedBy(10));
        List<Fault> faults = List.of(Fault.none(), Fault.status(500), Fault.status(422), Fault.garbage(),
                Fault.truncate(), Fault.drop(), slow, Fault.wrongShape());
        for (Fault fault : faults) {
            wacht.setFault(fault);
            WachtAuthenticator authenticator = fault.equals(slow) ? impatient : patient;
            for (String secret : secrets) {
                for (String header : List.of("Bearer " + secret, "Bearer " + secret + " extra", "Basic " + secret)) {
                    record(authenticator, header, evidence);
                }
            }
        }

        // A gateway that echoes what it was sent in its error (as axum's rejections quote values).
        HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = ("Failed to deserialize the JSON body: " + new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        + " with " + exchange.getRequestHeaders().getFirst("Authorization")).getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(422, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        echo.start();
        try {
            WachtAuthenticator echoing = WachtAuthenticator.create(WachtConfig.builder()
                    .gatewayUrl("http://127.0.0.1:" + echo.getAddress().getPort()).apiKey(API_KEY).build());
            record(echoing, "Bearer " + good, evidence);
        } finally {
            echo.stop(0);
        }

        assertThat(logs.lines()).as("log records were produced").isNotEmpty();
        assertThat(String.join("\n", logs.lines())).contains("rejected a check request").contains("sha256:");
        for (String secret : secrets) {
            for (String line : logs.lines()) {
                assertThat(line).as("log record").doesNotContain(secret);
            }
            for (String text : evidence) {
                assertThat(text).as("outcome, exception or answer").doesNotContain(secret);
            }
        }
    }

    private static void record(WachtAuthenticator authenticator, String header, List<String> evidence) {
        AccessRequest request = AccessRequest.builder().method("GET").resource("/reports")
                .authorization(header).build();
        Outcome o = authenticator.authenticate(request);
        evidence.add(o.toString());
        evidence.add(request.toString());
        if (!o.isAllowed()) {
            try {
                o.principalOrThrow();
            } catch (WachtAccessException e) {
                evidence.add(e.getMessage());
            }
            ErrorResponse answer = authenticator.errorResponse(o);
            evidence.add(answer.headers().toString());
            evidence.add(answer.body());
        } else {
            evidence.add(o.principalOrThrow().toString());
        }
    }

    @Test
    void credentialsKeepTheirSecretInToString() throws IOException {
        BearerCredential c = BearerCredential.of("oat_topsecret");
        VerificationRequest v = new VerificationRequest(c, CredentialKind.OAUTH_ACCESS_TOKEN,
                AccessRequest.builder().method("GET").resource("x").authorization("Bearer oat_topsecret").build());
        assertThat(c.toString()).doesNotContain("topsecret");
        assertThat(v.toString()).doesNotContain("topsecret");
    }
}
