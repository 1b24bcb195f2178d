package dev.wacht.core;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.wacht.core.internal.BoundedBody;
import dev.wacht.core.internal.EndpointFailures;
import dev.wacht.core.internal.HttpClients;
import dev.wacht.core.internal.Version;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Fetches the OAuth issuer's JWK set over the JDK {@link HttpClient}, with the configured connect
 * and request timeouts and the response-size cap. The JWKS location is the configured
 * {@code jwks-url}, or else the {@code jwks_uri} of the issuer's OpenID configuration (read once
 * and remembered), or else {@code <issuer>/.well-known/jwks.json} when the issuer publishes no
 * such document. Every failure completes the future exceptionally with a message fit for logs.
 */
final class JwksFetcher implements Supplier<CompletableFuture<JWKSet>> {
    private static final String USER_AGENT = "wacht-jakarta/" + Version.current();

    private final WachtConfig config;
    private final URI issuer;
    private final HttpClient http;
    private volatile @Nullable URI jwksUrl; // null until configured or discovered

    JwksFetcher(WachtConfig config) {
        this.config = config;
        this.issuer = config.oauthIssuer().orElseThrow(() -> WachtConfig.invalid(WachtConfig.OAUTH_ISSUER,
                "required to verify JWT access tokens"));
        this.jwksUrl = config.jwksUrl().orElse(null);
        this.http = HttpClients.create(config, issuer);
    }

    /** Releases the HTTP client. */
    void close() {
        HttpClients.close(http);
    }

    @Override
    public CompletableFuture<JWKSet> get() {
        URI known = jwksUrl;
        CompletableFuture<URI> where = known != null ? CompletableFuture.completedFuture(known) : discover();
        return where.thenCompose(url -> fetch(url).thenApply(body -> {
            try {
                return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
            } catch (ParseException | RuntimeException e) {
                throw new IllegalStateException("JWKS at " + url + " is not a valid JWK set");
            }
        }));
    }

    /** Reads {@code jwks_uri} from the OpenID configuration, and remembers where the keys are. */
    private CompletableFuture<URI> discover() {
        URI document = URI.create(issuer + "/.well-known/openid-configuration");
        URI fallback = URI.create(issuer + "/.well-known/jwks.json");
        return get(document).thenApply(response -> {
            URI found;
            if (response.statusCode() == 404) {
                found = fallback;
            } else if (response.statusCode() != 200) {
                throw new IllegalStateException(document + " answered status " + response.statusCode());
            } else {
                found = jwksUriOf(document, new String(response.body(), StandardCharsets.UTF_8), fallback);
            }
            jwksUrl = found;
            return found;
        });
    }

    private URI jwksUriOf(URI document, String body, URI fallback) {
        Map<String, Object> json;
        URI declared;
        try {
            json = JSONObjectUtils.parse(body);
            declared = JSONObjectUtils.getURI(json, "jwks_uri");
            if (!issuer.toString().equals(JSONObjectUtils.getString(json, "issuer"))) {
                throw new IllegalStateException(document + " names another issuer");
            }
        } catch (ParseException e) {
            throw new IllegalStateException(document + " is not a valid OpenID configuration");
        }
        if (declared == null) {
            return fallback;
        }
        try {
            return WachtConfig.checkEndpoint(WachtConfig.JWKS_URL, declared, config.allowInsecureHttp());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(document + " declares an unusable jwks_uri: " + e.getMessage());
        }
    }

    private CompletableFuture<byte[]> fetch(URI url) {
        return get(url).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("JWKS at " + url + " answered status " + response.statusCode());
            }
            return response.body();
        });
    }

    /** One bounded GET: timeouts on connecting and on the whole exchange, body size capped. */
    private CompletableFuture<HttpResponse<byte[]>> get(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(config.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, BoundedBody.wholeHandler(config.maxResponseSize()));
        CompletableFuture<HttpResponse<byte[]>> bounded = exchange.copy()
                .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        var unused = bounded.whenComplete((r, e) -> exchange.cancel(true)); // aborts the exchange when we gave up
        return bounded.exceptionally(e -> {
            throw new IllegalStateException("GET " + EndpointFailures.where(url) + ": "
                    + EndpointFailures.why(e, url, config));
        });
    }
}
