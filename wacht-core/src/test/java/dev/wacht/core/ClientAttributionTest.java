package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.audit.AuditEvent;
import dev.wacht.core.audit.AuditMetrics;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.TokenRequest;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every verification failure counts against its client whenever the client can be known (issue 14). */
@ExtendWith(WachtEmulatorExtension.class)
class ClientAttributionTest {
    private static final String RESOURCE_URI = "https://files.example.test/api";
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final AuditMetrics metrics = new AuditMetrics();
    private WachtEmulator wacht;
    private WachtAuthenticator authenticator;

    @BeforeEach
    void setUp(WachtEmulator emulator) {
        wacht = emulator;
        wacht.reset();
        authenticator = WachtAuthenticator.create(WachtConfig.builder().gatewayUrl(wacht.baseUrl())
                .oauthIssuer(wacht.issuer()).resourceUri(URI.create(RESOURCE_URI)).auditListener(events::add)
                .auditListener(metrics).build());
    }

    @AfterEach
    void close() {
        authenticator.close();
    }

    private Outcome.Denied refused(String token) {
        Outcome outcome = authenticator.authenticate(AccessRequest.builder().method("GET").resource("files")
                .authorization(List.of("Bearer " + token)).build());
        assertThat(outcome).isInstanceOf(Outcome.Denied.class);
        return (Outcome.Denied) outcome;
    }

    private AuditEvent lastEvent() {
        assertThat(authenticator.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        return events.get(events.size() - 1);
    }

    private TokenRequest.Builder forThisResource() {
        return TokenRequest.builder().clientId("oc_reports").oauthResource(RESOURCE_URI);
    }

    @Test
    void aTokenRevokedSinceItWasSeenCountsAgainstItsClient() {
        MintedToken token = wacht.mintToken(forThisResource().build());
        assertThat(authenticator.authenticate(AccessRequest.builder().method("GET").resource("files")
                .authorization(List.of("Bearer " + token.accessToken())).build()).isAllowed()).isTrue();
        wacht.revokeToken(token.accessToken());

        Outcome.Denied denied = refused(token.accessToken());
        assertThat(denied.reason()).isEqualTo(DenialReason.INVALID_TOKEN);
        assertThat(denied.principal()).isEmpty();
        assertThat(denied.clientId()).contains("oc_reports");
        AuditEvent event = lastEvent();
        assertThat(event.type()).isEqualTo(AuditEvent.Type.VERIFICATION_FAILED);
        assertThat(event.clientId()).contains("oc_reports");
        assertThat(metrics.decisions("denied", "invalid_token", "oc_reports")).isEqualTo(1);
    }

    @Test
    void aTokenForAnotherResourceCountsAgainstTheClientTheGatewayNamed() {
        String elsewhere = wacht.mintToken(TokenRequest.builder().clientId("oc_elsewhere")
                .oauthResource("https://other.example.test/api").build()).accessToken();
        assertThat(refused(elsewhere).clientId()).contains("oc_elsewhere");
        assertThat(lastEvent().clientId()).contains("oc_elsewhere");
    }

    @Test
    void anExpiredJwtCountsAgainstTheClientInItsVerifiedClaims() {
        String expired = wacht.mintJwt(TokenRequest.builder().clientId("oc_jwt").expiresIn(Duration.ofMinutes(-10))
                .build()).accessToken();
        Outcome.Denied denied = refused(expired);
        assertThat(denied.description()).isEqualTo("The token has expired");
        assertThat(denied.clientId()).contains("oc_jwt");
        assertThat(lastEvent().clientId()).contains("oc_jwt");
        assertThat(metrics.decisions("denied", "invalid_token", "oc_jwt")).isEqualTo(1);
    }

    @Test
    void aJwtWithABadSignatureIsNotAttributed() {
        String jwt = wacht.mintJwt(TokenRequest.builder().clientId("oc_jwt").build()).accessToken();
        String forged = jwt.substring(0, jwt.lastIndexOf('.') + 1) + "A".repeat(jwt.length() - jwt.lastIndexOf('.') - 1);
        assertThat(refused(forged).clientId()).isEmpty();
    }

    @Test
    void aNeverSeenUnknownTokenIsNotAttributed() {
        assertThat(refused("oat_" + "x".repeat(43)).clientId()).isEmpty();
        assertThat(lastEvent().clientId()).isEmpty();
        assertThat(metrics.decisions("denied", "invalid_token", "unknown")).isEqualTo(1);
    }

    @Test
    void theMemoryIsBoundedAndRemembersTheLatestCredentialOfEachSlot() {
        ClientMemory memory = new ClientMemory(4);
        int credentials = 200;
        for (int i = 0; i < credentials; i++) {
            memory.attribute(credential(i), Outcome.invalidToken("x", null, "oc_" + i));
        }
        assertThat(memory.size()).isEqualTo(4);
        int remembered = 0;
        for (int i = 0; i < credentials; i++) {
            Outcome.Denied later = (Outcome.Denied) memory.attribute(credential(i), Outcome.invalidToken("x", null));
            if (later.clientId().isPresent()) {
                assertThat(later.clientId()).contains("oc_" + i);
                remembered++;
            }
        }
        assertThat(remembered).isEqualTo(memory.size());
        Outcome.Denied latest = (Outcome.Denied) memory.attribute(credential(credentials - 1),
                Outcome.invalidToken("x", null));
        assertThat(latest.clientId()).contains("oc_" + (credentials - 1));
    }

    @Test
    void aCredentialSeenAgainWithAnotherClientIsAttributedToTheNewerOne() {
        ClientMemory memory = new ClientMemory(4);
        memory.attribute(credential(1), Outcome.invalidToken("x", null, "oc_old"));
        memory.attribute(credential(1), Outcome.invalidToken("x", null, "oc_new"));
        assertThat(((Outcome.Denied) memory.attribute(credential(1), Outcome.invalidToken("x", null))).clientId())
                .contains("oc_new");
    }

    private static BearerCredential credential(int i) {
        String n = Integer.toString(i);
        return BearerCredential.of("oat_" + n + "q".repeat(43 - n.length()));
    }
}
