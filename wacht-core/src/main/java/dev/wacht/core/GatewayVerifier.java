package dev.wacht.core;

import dev.wacht.core.internal.BoundedBody;
import dev.wacht.core.internal.EndpointFailures;
import dev.wacht.core.internal.HttpClients;
import dev.wacht.core.internal.Version;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Asks Wacht's gateway: {@code POST {gateway}/v1/authz/check}, on one shared {@link HttpClient}
 * (connection reuse; HTTP/2 over TLS where the server offers it), with a connect timeout, an
 * overall deadline and a cap on the size of the answer.
 */
final class GatewayVerifier implements TokenVerifier {
    private static final System.Logger LOG = System.getLogger("dev.wacht.core.gateway");
    private static final String USER_AGENT = "wacht-jakarta/" + Version.current();
    private static final int LOG_SNIPPET = 200;
    /**
     * Whether {@code HttpClient.sendAsync} completes without starting a thread. Every JDK completes it
     * through {@code CompletableFuture}'s default executor; on older JDKs (17 among them) that executor
     * starts a new thread per task on machines with fewer than three CPUs.
     */
    static final boolean SEND_ASYNC_POOLED = new CompletableFuture<Void>().defaultExecutor() instanceof ForkJoinPool;

    private final WachtConfig config;
    private final HttpClient http;
    private final URI checkUri;
    private final GatewayWire wire;
    private final GatewayResponses responses;
    private final HttpResponse.BodyHandler<Flow.Publisher<List<ByteBuffer>>> bodies = BoundedBody.handler();
    private final @Nullable String authorization;
    private final Executor pool;
    private final AvailabilityLog availability;

    GatewayVerifier(WachtConfig config) {
        this.config = config;
        this.http = HttpClients.create(config, config.gatewayUrl());
        this.pool = http.executor().orElseThrow();
        this.authorization = config.apiKey().map(key -> "Bearer " + key).orElse(null);
        this.checkUri = URI.create(config.gatewayUrl() + "/v1/authz/check");
        this.wire = new GatewayWire();
        this.responses = new GatewayResponses(config.unavailableRetryAfter());
        this.availability = new AvailabilityLog(LOG, "Wacht gateway POST " + EndpointFailures.where(checkUri),
                config.name());
    }

    @Override
    public void close() {
        HttpClients.close(http);
    }

    /**
     * Asks without blocking. Where {@code sendAsync} completes through a thread pool ({@link
     * #SEND_ASYNC_POOLED}), the exchange runs asynchronously with the deadline on {@code
     * completeOnTimeout}; elsewhere it runs {@link #verifyBlocking} on the client's own pool of
     * reused threads, so that no call starts a thread.
     */
    @Override
    public CompletableFuture<Outcome> verify(VerificationRequest request) {
        if (!SEND_ASYNC_POOLED) {
            return CompletableFuture.supplyAsync(() -> verifyInPool(request), pool);
        }
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> first =
                http.sendAsync(httpRequest(request, config.requestTimeout()), bodies);
        AtomicReference<CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>>> attempt =
                new AtomicReference<>(first);
        AtomicReference<@Nullable BoundedBody> reading = new AtomicReference<>();
        AtomicBoolean over = new AtomicBoolean();
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> exchange = new CompletableFuture<>();
        var unusedFirst = first.whenComplete((response, failure) -> {
            Duration left = failure == null ? null : resendTime(failure, deadline);
            if (left == null) {
                settle(exchange, response, failure);
                return;
            }
            CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> again =
                    http.sendAsync(httpRequest(request, left), bodies);
            attempt.set(again);
            if (over.get()) { // the deadline passed as the check was sent again
                again.cancel(true);
            }
            var unusedAgain = again.whenComplete((r, f) -> settle(exchange, r, f));
        });
        CompletableFuture<Outcome> outcome = exchange
                .thenCompose(response -> {
                    BoundedBody body = BoundedBody.read(response, config.maxResponseSize());
                    reading.set(body);
                    if (over.get()) { // the deadline passed while the headers came: read nothing more
                        body.abandon();
                    }
                    return body.bytes().thenApply(bytes -> decode(request, response, bytes));
                })
                .exceptionally(this::failed)
                .completeOnTimeout(Outcome.unavailable(UnavailableCause.GATEWAY_TIMEOUT,
                        "no answer within " + config.requestTimeout().toMillis() + " ms (request timeout)",
                        config.unavailableRetryAfter()), config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        var unused = outcome.whenComplete((o, e) -> {
            over.set(true);
            // set to the first exchange above, and only ever replaced by the resent one
            Objects.requireNonNull(attempt.get(), "exchange").cancel(true); // aborts an exchange we gave up on
            BoundedBody body = reading.get();
            if (body != null) {
                body.abandon(); // no-op when the body is complete
            }
            log(request, o);
        });
        return outcome;
    }

    /**
     * Asks on the calling thread: a blocking {@code send} whose request timeout bounds the wait for
     * the headers, then the body read through {@link BoundedBody} with a timed wait until the same
     * deadline. The call is handed to no other thread (the JDK client's own threads do their usual part)
     * and no timer task is scheduled.
     */
    @Override
    public Outcome verifyBlocking(VerificationRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        Outcome outcome;
        try {
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
            try {
                response = http.send(httpRequest(request, config.requestTimeout()), bodies);
            } catch (IOException e) {
                Duration left = resendTime(e, deadline);
                if (left == null) {
                    throw e;
                }
                response = http.send(httpRequest(request, left), bodies);
            }
            outcome = decode(request, response,
                    BoundedBody.read(response, config.maxResponseSize()).await(deadline));
        } catch (IOException e) {
            outcome = failed(e);
        }
        log(request, outcome);
        return outcome;
    }

    private static <T> void settle(CompletableFuture<T> future, @Nullable T value, @Nullable Throwable failure) {
        if (failure == null) {
            future.complete(value);
        } else {
            future.completeExceptionally(failure);
        }
    }

    /**
     * Whether to send the check once more after {@code failure}, and with how much time: only when the
     * connection closed before any answer arrived (a kept-alive connection that the gateway, a load
     * balancer or a proxy closed just as the check went out: the JDK client retries that only for
     * idempotent methods, and the check is a POST that changes nothing), and only within what is left of
     * the deadline. Refused connections, timeouts, TLS and DNS failures are not sent again. Null: do
     * not send again.
     */
    private static @Nullable Duration resendTime(Throwable failure, long deadlineNanos) {
        EndpointFailures.Kind kind = EndpointFailures.kind(failure);
        if ((kind != EndpointFailures.Kind.CLOSED && kind != EndpointFailures.Kind.OTHER)
                || !(EndpointFailures.unwrap(failure) instanceof IOException)) {
            return null;
        }
        long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return leftMillis >= 1 ? Duration.ofMillis(leftMillis) : null;
    }

    private Outcome verifyInPool(VerificationRequest request) {
        try {
            return verifyBlocking(request);
        } catch (InterruptedException e) { // the pool is shutting down
            Thread.currentThread().interrupt();
            return Outcome.unavailable(UnavailableCause.GATEWAY_ERROR, "interrupted while waiting for the gateway",
                    config.unavailableRetryAfter());
        }
    }

    private HttpRequest httpRequest(VerificationRequest request, Duration timeout) {
        HttpRequest.Builder http = HttpRequest.newBuilder(checkUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(wire.encodeCheck(request)));
        if (authorization != null) {
            http.header("Authorization", authorization);
        }
        return http.build();
    }

    private Outcome decode(VerificationRequest request, HttpResponse<?> response, byte[] body) {
        if (response.statusCode() == 429) {
            return responses.throttled(response.headers().firstValue("retry-after").orElse(null), Instant.now());
        }
        List<String> contentTypes = response.headers().allValues("content-type"); // firstValue() builds a stream
        String contentType = contentTypes.isEmpty() ? null : contentTypes.get(0);
        Outcome outcome = responses.decode(request, response.statusCode(), contentType, body);
        if (outcome instanceof Outcome.Unavailable
                && ((Outcome.Unavailable) outcome).cause() == UnavailableCause.REQUEST_REJECTED) {
            LOG.log(Level.ERROR, "Wacht gateway rejected a check request as malformed (library or configuration "
                    + "error): status={0} body={1}", response.statusCode(), snippet(request, body));
        }
        return outcome;
    }

    private Outcome failed(Throwable failure) {
        Throwable t = EndpointFailures.unwrap(failure);
        UnavailableCause cause;
        switch (EndpointFailures.kind(failure)) {
            case TOO_LARGE:
                cause = UnavailableCause.INVALID_RESPONSE;
                break;
            case TIMEOUT:
                cause = UnavailableCause.GATEWAY_TIMEOUT;
                break;
            default:
                cause = t instanceof IOException ? UnavailableCause.GATEWAY_UNREACHABLE
                        : UnavailableCause.GATEWAY_ERROR;
        }
        return Outcome.unavailable(cause, EndpointFailures.why(failure, checkUri, config),
                config.unavailableRetryAfter());
    }

    /**
     * A short, single-line piece of a gateway body; withheld whole when it repeats the credential or the
     * API key (never cut out of the text: a short key would mangle it).
     */
    private String snippet(VerificationRequest request, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, LOG_SNIPPET * 4), StandardCharsets.UTF_8);
        if (text.contains(request.credential().value())
                || (config.apiKey().isPresent() && text.contains(config.apiKey().get()))) {
            return "(withheld: the body repeats the credential or the API key)";
        }
        text = text.replaceAll("[\\p{Cntrl}]", " ");
        return text.length() <= LOG_SNIPPET ? text : text.substring(0, LOG_SNIPPET) + "…";
    }

    private void log(VerificationRequest request, Outcome outcome) {
        if (outcome instanceof Outcome.Unavailable) {
            Outcome.Unavailable unavailable = (Outcome.Unavailable) outcome;
            availability.failed(unavailable.cause() + ": " + LogText.escape(unavailable.description()));
            return;
        }
        availability.answered();
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "Wacht decision {0} request_id={1} credential={2} {3} {4}", LogText.escape(outcome),
                    LogText.escape(outcome.requestId().orElse("-")), request.credential().fingerprint(),
                    LogText.escape(request.request().method()), LogText.escape(request.request().resource()));
        }
    }
}
