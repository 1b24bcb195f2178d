package dev.wacht.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wacht.core.LogCapture;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.audit.AuditEvent;
import dev.wacht.core.audit.LoggingAuditListener;
import dev.wacht.testkit.MintedClient;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs management calls, audit events and decisions with all logging on, and checks that no log record,
 * event, exception or result text contains the API key, a client secret or a token.
 */
class ManagementNoSecretLeakTest {
    private static final String KEY = "wk_test_" + "L".repeat(43);

    @RegisterExtension
    static final WachtEmulatorExtension EMULATOR = new WachtEmulatorExtension(b -> b.backendApiKey(KEY));

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    void noSecretAppearsAnywhere(WachtEmulator wacht) {
        wacht.reset();
        String slug = wacht.oauthAppSlug();
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        WachtConfig config = WachtConfig.builder().gatewayUrl(wacht.baseUrl()).managementUrl(wacht.baseUrl())
                .apiKey(KEY).auditListener(events::add).build();
        WachtManagementClient client = WachtManagementClient.create(config);
        WachtAuthenticator authenticator = WachtAuthenticator.create(config);
        MintedClient c = wacht.createClient("client_secret_basic");
        MintedToken token = wacht.mintToken("mcp:invoke");
        List<String> secrets = new ArrayList<>(List.of(KEY, c.clientSecret().orElseThrow(), token.accessToken()));
        List<String> evidence = new ArrayList<>();

        RotatedClientSecret rotated = client.rotateClientSecret(slug, c.clientRecordId(), "alice");
        secrets.add(rotated.secret());
        evidence.add(rotated.toString());
        client.listClients(slug).forEach(x -> evidence.add(x + x.toJson()));
        authenticator.authenticate(ManagementClientTest.request(token.accessToken()));
        client.revokeGrant(slug, token.clientRecordId(), token.grantId(), "alice");
        authenticator.authenticate(ManagementClientTest.request(token.accessToken()));
        for (Runnable failing : List.<Runnable>of(() -> client.listClients("missing"),
                () -> WachtManagementClient.create(config.toBuilder().apiKey(KEY + "x").build()).listApps(),
                () -> WachtManagementClient.create(config.toBuilder().managementUrl("http://127.0.0.1:9").build())
                        .listApps())) {
            Throwable thrown = catchThrowable(failing::run);
            assertThat(thrown).as("a call that must fail").isInstanceOf(WachtApiException.class);
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                evidence.add(t.toString());
            }
        }
        assertThat(client.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        assertThat(authenticator.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        events.forEach(e -> evidence.add(e + LoggingAuditListener.format(e)));
        evidence.add(config.toString());

        assertThat(events).extracting(AuditEvent::type).contains(AuditEvent.Type.SECRET_ROTATED,
                AuditEvent.Type.GRANT_REVOKED, AuditEvent.Type.ACCESS_ALLOWED, AuditEvent.Type.VERIFICATION_FAILED);
        assertThat(String.join("\n", logs.lines())).contains("event=secret_rotated").contains("event=grant_revoked");
        for (String secret : secrets) {
            assertThat(logs.lines()).allSatisfy(line -> assertThat(line).doesNotContain(secret));
            assertThat(evidence).allSatisfy(text -> assertThat(text).doesNotContain(secret));
        }
    }
}
