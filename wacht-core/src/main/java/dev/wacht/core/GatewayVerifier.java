package dev.wacht.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Asks Wacht's gateway: {@code POST {gateway}/v1/authz/check}, on one shared {@link HttpClient}
 * (connection reuse; HTTP/2 over TLS where the server offers it), with a connect timeout, an
 * overall deadline and a cap on the size of the answer.
 */
final class GatewayVerifier implements TokenVerifier {
    private static final System.Logger LOG = System.getLogger("dev.wacht.core.gateway");
    private static final String USER_AGENT = "wacht-jakarta/" + Version.current();
    private static final int LOG_SNIPPET = 200;

    private final WachtConfig config;
    private final HttpClient http;
    private final URI checkUri;
    private final GatewayWire wire;
    private final GatewayResponses responses;

    GatewayVerifier(WachtConfig config) {
        this.config = config;
        this.http = HttpClients.create(config, config.gatewayUrl());
        this.checkUri = URI.create(config.gatewayUrl() + "/v1/authz/check");
        this.wire = new GatewayWire();
        this.responses = new GatewayResponses(wire, config.unavailableRetryAfter());
    }

    @Override
    public void close() {
        HttpClients.close(http);
    }

    @Override
    public CompletableFuture<Outcome> verify(VerificationRequest request) {
        HttpRequest.Builder http = HttpRequest.newBuilder(checkUri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(wire.encodeCheck(request), StandardCharsets.UTF_8));
        config.apiKey().ifPresent(key -> http.header("Authorization", "Bearer " + key));

        CompletableFuture<HttpResponse<byte[]>> exchange =
                this.http.sendAsync(http.build(), BoundedBody.handler(config.maxResponseSize()));
        CompletableFuture<Outcome> outcome = exchange
                .handle((response, failure) -> failure == null ? decode(request, response) : failed(failure))
                .completeOnTimeout(Outcome.unavailable(UnavailableCause.GATEWAY_TIMEOUT,
                        "gateway did not answer within " + config.requestTimeout().toMillis() + " ms",
                        config.unavailableRetryAfter()), config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        var unused = outcome.whenComplete((o, e) -> {
            exchange.cancel(true); // no-op when the exchange finished; aborts it when we gave up
            log(request, o);
        });
        return outcome;
    }

    private Outcome decode(VerificationRequest request, HttpResponse<byte[]> response) {
        String contentType = response.headers().firstValue("content-type").orElse(null);
        Outcome outcome = responses.decode(request, response.statusCode(), contentType, response.body());
        if (outcome instanceof Outcome.Unavailable
                && ((Outcome.Unavailable) outcome).cause() == UnavailableCause.REQUEST_REJECTED) {
            LOG.log(Level.ERROR, "Wacht gateway rejected a check request as malformed (library or configuration "
                    + "error): status={0} body={1}", response.statusCode(), snippet(request, response.body()));
        }
        return outcome;
    }

    private Outcome failed(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        UnavailableCause cause;
        if (t instanceof BoundedBody.TooLargeException) {
            cause = UnavailableCause.INVALID_RESPONSE;
        } else if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
            cause = UnavailableCause.GATEWAY_UNREACHABLE;
        } else if (t instanceof HttpTimeoutException) {
            cause = UnavailableCause.GATEWAY_TIMEOUT;
        } else if (t instanceof IOException) {
            cause = UnavailableCause.GATEWAY_UNREACHABLE;
        } else {
            cause = UnavailableCause.GATEWAY_ERROR;
        }
        return Outcome.unavailable(cause, t.getClass().getSimpleName() + ": " + t.getMessage(),
                config.unavailableRetryAfter());
    }

    /** A short, single-line piece of a gateway body with the credential and API key masked. */
    private String snippet(VerificationRequest request, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, LOG_SNIPPET * 4), StandardCharsets.UTF_8);
        text = text.replace(request.credential().value(), request.credential().fingerprint());
        if (config.apiKey().isPresent()) {
            text = text.replace(config.apiKey().get(), "[api key]");
        }
        text = text.replaceAll("[\\p{Cntrl}]", " ");
        return text.length() <= LOG_SNIPPET ? text : text.substring(0, LOG_SNIPPET) + "…";
    }

    private static void log(VerificationRequest request, Outcome outcome) {
        if (outcome instanceof Outcome.Unavailable) {
            LOG.log(Level.WARNING, "Wacht gateway unavailable: {0} (credential {1})", outcome,
                    request.credential().fingerprint());
        } else if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "Wacht decision {0} request_id={1} credential={2} {3} {4}", outcome,
                    outcome.requestId().orElse("-"), request.credential().fingerprint(), request.request().method(),
                    request.request().resource());
        }
    }
}
