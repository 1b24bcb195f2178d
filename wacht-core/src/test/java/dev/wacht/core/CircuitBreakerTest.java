package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.testkit.Fault;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The breaker's transitions, driven by a controllable clock instead of sleeps. */
@ExtendWith(WachtEmulatorExtension.class)
class CircuitBreakerTest {
    private static final Duration OPEN_FOR = Duration.ofSeconds(10);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Deque<Outcome> script = new ArrayDeque<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final CircuitBreaker breaker = new CircuitBreaker(r -> {
        calls.incrementAndGet();
        return CompletableFuture.completedFuture(script.removeFirst());
    }, 3, OPEN_FOR, now::get);

    private static final VerificationRequest REQUEST = new VerificationRequest(BearerCredential.of("oat_x"),
            CredentialKind.OAUTH_ACCESS_TOKEN, AccessRequest.builder().method("GET").resource("r").build());

    private static Outcome failure(UnavailableCause cause) {
        return Outcome.unavailable(cause, "test", Duration.ofSeconds(5));
    }

    private static Outcome decision() {
        return Outcome.invalidToken("unknown", "req_1");
    }

    private Outcome call() {
        return breaker.verify(REQUEST).join();
    }

    private static UnavailableCause cause(Outcome o) {
        return o instanceof Outcome.Unavailable ? ((Outcome.Unavailable) o).cause() : null;
    }

    @Test
    void opensAfterConsecutiveFailuresAndAnswersAtOnce() {
        script.addAll(List.of(failure(UnavailableCause.GATEWAY_TIMEOUT), failure(UnavailableCause.GATEWAY_ERROR),
                failure(UnavailableCause.GATEWAY_UNREACHABLE)));
        for (int i = 0; i < 3; i++) {
            assertThat(cause(call())).isNotEqualTo(UnavailableCause.CIRCUIT_OPEN);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        now.addAndGet(Duration.ofSeconds(4).toNanos());
        Outcome.Unavailable open = (Outcome.Unavailable) call();
        assertThat(open.cause()).isEqualTo(UnavailableCause.CIRCUIT_OPEN);
        assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(calls).hasValue(3);
    }

    @Test
    void aDecisionBetweenFailuresResetsTheCount() {
        script.addAll(List.of(failure(UnavailableCause.GATEWAY_ERROR), failure(UnavailableCause.GATEWAY_ERROR),
                decision(), failure(UnavailableCause.GATEWAY_ERROR), failure(UnavailableCause.GATEWAY_ERROR)));
        for (int i = 0; i < 5; i++) {
            call();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void rejectedRequestsDoNotCountAsGatewayFailures() {
        for (int i = 0; i < 5; i++) {
            script.add(failure(UnavailableCause.REQUEST_REJECTED));
            call();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void halfOpenLetsOneProbeThroughThenClosesOnADecision() {
        tripOpen();
        now.addAndGet(OPEN_FOR.toNanos());
        CompletableFuture<Outcome> pendingProbe = new CompletableFuture<>();
        CircuitBreaker slowProbe = breakerWith(pendingProbe);
        tripOpen(slowProbe);
        now.addAndGet(OPEN_FOR.toNanos());
        CompletableFuture<Outcome> probe = slowProbe.verify(REQUEST);
        assertThat(slowProbe.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        // While the probe is out, everyone else is answered at once.
        assertThat(cause(slowProbe.verify(REQUEST).join())).isEqualTo(UnavailableCause.CIRCUIT_OPEN);
        pendingProbe.complete(decision());
        assertThat(probe.join()).isInstanceOf(Outcome.Denied.class);
        assertThat(slowProbe.state()).isEqualTo(CircuitBreaker.State.CLOSED);

        script.add(decision());
        assertThat(call()).isInstanceOf(Outcome.Denied.class);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFailedProbeOpensTheBreakerAgain() {
        tripOpen();
        now.addAndGet(OPEN_FOR.toNanos() + 1);
        script.add(failure(UnavailableCause.GATEWAY_TIMEOUT));
        assertThat(cause(call())).isEqualTo(UnavailableCause.GATEWAY_TIMEOUT);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(cause(call())).isEqualTo(UnavailableCause.CIRCUIT_OPEN);
    }

    @Test
    void againstTheEmulatorAnOpenBreakerSparesTheGatewayAndRecovers(WachtEmulator wacht) {
        wacht.reset();
        String token = wacht.mintToken("mcp:invoke").accessToken();
        WachtConfig config = WachtConfig.builder().gatewayUrl(wacht.baseUrl()).build();
        CircuitBreaker live = new CircuitBreaker(new GatewayVerifier(config), 2, OPEN_FOR, now::get);
        WachtAuthenticator authenticator = WachtAuthenticator.create(config, VerifierStack.of(config, live, null));
        AccessRequest request = AccessRequest.builder().method("POST").resource("mcp")
                .authorization("Bearer " + token).build();

        wacht.setFault(Fault.status(502));
        authenticator.authenticate(request);
        authenticator.authenticate(request);
        int checksWhenOpened = wacht.checks().size();
        Outcome open = authenticator.authenticate(request);
        assertThat(cause(open)).isEqualTo(UnavailableCause.CIRCUIT_OPEN);
        assertThat(authenticator.errorResponse(open).status()).isEqualTo(503);
        assertThat(authenticator.errorResponse(open).headers()).containsEntry("Retry-After", "10");
        assertThat(wacht.checks()).hasSize(checksWhenOpened);

        wacht.clearFault();
        now.addAndGet(OPEN_FOR.toNanos());
        assertThat(authenticator.authenticate(request).isAllowed()).isTrue();
        assertThat(live.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theStackPutsTheCacheOutsideTheBreakerAndRefusesAJwtVerifierForOpaqueTokens() {
        WachtConfig cached = WachtConfig.builder().cacheMaxTtl(Duration.ofMinutes(1)).build();
        VerifierStack stack = VerifierStack.of(cached, breaker, null);
        assertThat(stack.cache).isNotNull();
        assertThat(stack.remote).isNotSameAs(breaker);
        tripOpen();
        assertThat(cause(stack.remote.verify(REQUEST).join())).isEqualTo(UnavailableCause.CIRCUIT_OPEN);
        now.addAndGet(OPEN_FOR.toNanos());
        script.add(decision());
        assertThat(stack.remote.verify(REQUEST).join()).as("an open breaker's refusal was not cached")
                .isInstanceOf(Outcome.Denied.class);
        assertThat(VerifierStack.of(WachtConfig.builder().build(), breaker, null).remote).isSameAs(breaker);

        WachtConfig jwt = WachtConfig.builder().oauthIssuer("https://issuer.example").build();
        assertThatThrownBy(() -> WachtAuthenticator.create(jwt, TokenVerifier.jwt(jwt)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a JWT verifier").hasMessageContaining("TokenVerifier.gateway(config)");
    }

    @Test
    void theDefaultConfigurationHasABreakerAndZeroTurnsItOff() {
        WachtConfig defaults = WachtConfig.builder().build();
        assertThat(TokenVerifier.gateway(defaults)).isInstanceOf(CircuitBreaker.class);
        assertThat(TokenVerifier.gateway(defaults.toBuilder().circuitBreakerThreshold(0).build()))
                .isInstanceOf(GatewayVerifier.class);
    }

    private void tripOpen() {
        tripOpen(breaker);
    }

    private void tripOpen(CircuitBreaker b) {
        for (int i = 0; i < 3; i++) {
            script.add(failure(UnavailableCause.GATEWAY_ERROR));
            b.verify(REQUEST).join();
        }
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private CircuitBreaker breakerWith(CompletableFuture<Outcome> probe) {
        AtomicInteger n = new AtomicInteger();
        return new CircuitBreaker(r -> n.incrementAndGet() <= 3 ? CompletableFuture.completedFuture(script.removeFirst())
                : probe, 3, OPEN_FOR, now::get);
    }
}
