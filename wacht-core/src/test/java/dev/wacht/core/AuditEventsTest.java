package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.core.audit.AuditEvent;
import dev.wacht.core.audit.AuditListener;
import dev.wacht.core.audit.LoggingAuditListener;
import dev.wacht.testkit.Fault;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.RateLimitRule;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each decision emits exactly one audit event with the right fields, and listeners cannot hurt decisions. */
@ExtendWith(WachtEmulatorExtension.class)
class AuditEventsTest {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private WachtEmulator wacht;
    private WachtAuthenticator authenticator;

    @BeforeEach
    void setUp(WachtEmulator emulator) {
        wacht = emulator;
        wacht.reset();
        authenticator = authenticator(events::add);
    }

    @AfterEach
    void noEventCarriesASecret() {
        assertThat(AuditDispatcher.flushAll(Duration.ofSeconds(10))).isTrue();
        for (AuditEvent e : events) {
            for (String secret : secrets) {
                assertThat(e.toString()).doesNotContain(secret);
                assertThat(LoggingAuditListener.format(e)).doesNotContain(secret);
            }
        }
    }

    private WachtAuthenticator authenticator(AuditListener... listeners) {
        WachtConfig.Builder b = WachtConfig.builder().gatewayUrl(wacht.baseUrl())
                .requestTimeout(Duration.ofSeconds(30));
        for (AuditListener l : listeners) {
            b.auditListener(l);
        }
        return WachtAuthenticator.create(b.build());
    }

    private String token(String... scopes) {
        String t = wacht.mintToken(scopes).accessToken();
        secrets.add(t);
        return t;
    }

    private AuditEvent onlyEvent() {
        assertThat(authenticator.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static AccessRequest request(String authorization) {
        return AccessRequest.builder().method("POST").resource("/mcp").requiredPermissions(List.of("mcp:invoke"))
                .authorization(authorization).clientIp("203.0.113.8").build();
    }

    @Test
    void anAllowedRequestEmitsOneAccessAllowedEvent() {
        MintedToken minted = wacht.mintToken("mcp:invoke");
        secrets.add(minted.accessToken());
        Outcome o = authenticator.authenticate(request("Bearer " + minted.accessToken()));
        AuditEvent e = onlyEvent();
        assertThat(e.type()).isEqualTo(AuditEvent.Type.ACCESS_ALLOWED);
        assertThat(e.type().outcome()).contains("allowed");
        assertThat(e.clientId()).contains(minted.clientId());
        assertThat(e.requestId()).isEqualTo(o.requestId()).isPresent();
        assertThat(e.method()).contains("POST");
        assertThat(e.resource()).contains("/mcp");
        assertThat(e.clientIp()).contains("203.0.113.8");
        assertThat(e.tokenFingerprint()).contains(BearerCredential.of(minted.accessToken()).fingerprint());
        assertThat(e.gatewayLatency()).isPresent();
        assertThat(e.reason()).isEmpty();
    }

    @Test
    void aRevokedTokenEmitsOneVerificationFailure() {
        MintedToken minted = wacht.mintToken("mcp:invoke");
        secrets.add(minted.accessToken());
        wacht.revokeGrant(minted.grantId());
        Outcome o = authenticator.authenticate(request("Bearer " + minted.accessToken()));
        AuditEvent e = onlyEvent();
        assertThat(e.type()).isEqualTo(AuditEvent.Type.VERIFICATION_FAILED);
        assertThat(e.reason()).contains("invalid_token");
        assertThat(e.requestId()).isEqualTo(o.requestId()).isPresent();
        assertThat(e.tokenFingerprint()).contains(BearerCredential.of(minted.accessToken()).fingerprint());
        assertThat(e.clientId()).isEmpty();
        assertThat(e.description()).contains("The access token is invalid, expired or revoked");
    }

    @Test
    void missingAndMalformedCredentialsAreVerificationFailuresWithoutAGatewayCall() {
        authenticator.authenticate(request(null));
        AuditEvent missing = onlyEvent();
        assertThat(missing.type()).isEqualTo(AuditEvent.Type.VERIFICATION_FAILED);
        assertThat(missing.reason()).contains("missing_credential");
        assertThat(missing.tokenFingerprint()).isEmpty();
        assertThat(missing.gatewayLatency()).isEmpty();
        events.clear();

        authenticator.authenticate(request("Bearer a b"));
        assertThat(onlyEvent().reason()).contains("invalid_request");
    }

    @Test
    void aGatewayScopeDenialEmitsOneScopeDeniedEvent() {
        MintedToken minted = wacht.mintToken("profile");
        secrets.add(minted.accessToken());
        authenticator.authenticate(request("Bearer " + minted.accessToken()));
        AuditEvent e = onlyEvent();
        assertThat(e.type()).isEqualTo(AuditEvent.Type.SCOPE_DENIED);
        assertThat(e.clientId()).contains(minted.clientId());
        assertThat(e.requiredScopes()).containsExactly("mcp:invoke");
        assertThat(e.grantedScopes()).containsExactly("profile");
        assertThat(e.reason()).contains("insufficient_scope");
    }

    @Test
    void aLocalScopeDenialIsReportedThroughDenyScope() {
        String t = token("profile");
        AccessRequest request = AccessRequest.builder().method("GET").resource("/reports").authorization("Bearer " + t)
                .clientIp("203.0.113.9").build();
        WachtPrincipal principal = authenticator.authenticate(request).principalOrThrow();
        assertThat(authenticator.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        events.clear();

        Outcome.Denied d = authenticator.denyScope(principal, List.of("reports:write"), request);
        assertThat(d.reason()).isEqualTo(DenialReason.INSUFFICIENT_SCOPE);
        assertThat(d.requiredScopes()).containsExactly("reports:write");
        assertThat(authenticator.errorResponse(d).status()).isEqualTo(403);
        AuditEvent e = onlyEvent();
        assertThat(e.type()).isEqualTo(AuditEvent.Type.SCOPE_DENIED);
        assertThat(e.requiredScopes()).containsExactly("reports:write");
        assertThat(e.grantedScopes()).containsExactly("profile");
        assertThat(e.clientId()).contains(principal.clientId());
        assertThat(e.requestId()).isEqualTo(principal.requestId());
        assertThat(e.tokenFingerprint()).contains(BearerCredential.of(t).fingerprint());
        assertThat(e.resource()).contains("/reports");
    }

    @Test
    void aRateLimitEmitsOneRateLimitedEvent() {
        wacht.setRateLimits(List.of(RateLimitRule.of(1, Duration.ofSeconds(30))));
        String t = token("mcp:invoke");
        authenticator.authenticate(request("Bearer " + t));
        assertThat(authenticator.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        events.clear();
        authenticator.authenticate(request("Bearer " + t));
        AuditEvent e = onlyEvent();
        assertThat(e.type()).isEqualTo(AuditEvent.Type.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(e.clientId()).contains(wacht.defaultClientId());
    }

    @Test
    void anUnavailableGatewayEmitsOneEvent() {
        wacht.setFault(Fault.status(503));
        String t = token("mcp:invoke");
        authenticator.authenticate(request("Bearer " + t));
        AuditEvent e = onlyEvent();
        assertThat(e.type()).isEqualTo(AuditEvent.Type.GATEWAY_UNAVAILABLE);
        assertThat(e.type().outcome()).contains("unavailable");
        assertThat(e.reason()).contains("gateway_error");
        assertThat(e.gatewayLatency()).isPresent();
    }

    @Test
    void aThrowingListenerChangesNothing() {
        WachtAuthenticator throwing = authenticator(e -> {
            throw new IllegalStateException("listener bug");
        }, events::add);
        String good = token("mcp:invoke");
        String poor = token("profile");
        for (String t : List.of(good, poor)) {
            Outcome quiet = authenticator().authenticate(request("Bearer " + t));
            Outcome noisy = throwing.authenticate(request("Bearer " + t));
            assertThat(noisy.getClass()).isEqualTo(quiet.getClass());
            if (!noisy.isAllowed()) {
                assertThat(throwing.errorResponse(noisy).status()).isEqualTo(403);
                assertThat(throwing.errorResponse(noisy).headers()).isEqualTo(
                        throwing.errorResponse(quiet).headers());
            }
        }
        assertThat(throwing.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        assertThat(throwing.auditDispatcher().failedCount()).isEqualTo(2);
        assertThat(events).hasSize(2); // the other listener still got both events
    }

    @Test
    void aSlowListenerDoesNotDelayTheDecision() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WachtAuthenticator slow = authenticator(e -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            String t = token("mcp:invoke");
            assertThat(slow.authenticate(request("Bearer " + t)).isAllowed()).isTrue();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            // The listener is still blocked on the first event, and further decisions go on regardless.
            for (int i = 0; i < 3; i++) {
                assertThat(slow.authenticate(request("Bearer " + t)).isAllowed()).isTrue();
            }
            assertThat(release.getCount()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        assertThat(slow.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
    }
}
