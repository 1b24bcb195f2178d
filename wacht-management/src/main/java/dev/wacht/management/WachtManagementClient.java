package dev.wacht.management;

import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.audit.AuditDispatcher;
import dev.wacht.core.audit.AuditEvent;
import dev.wacht.core.internal.BoundedBody;
import dev.wacht.core.internal.EndpointFailures;
import dev.wacht.core.internal.HttpClients;
import dev.wacht.core.internal.StrictJson;
import dev.wacht.core.internal.Version;
import dev.wacht.management.internal.ManagementWire;
import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A client of Wacht's management API (backend API, {@code management-url}, default
 * {@code https://api.wacht.dev}) for operating OAuth clients: list apps, clients and grants, update or
 * deactivate a client, rotate its secret, revoke a grant. It authenticates with the backend API key
 * ({@code api-key} / {@code WACHT_API_KEY}) as {@code Authorization: Bearer …}.
 *
 * <p>Every call blocks for at most the configured request timeout (after a connect timeout), reads at
 * most {@code max-response-size} bytes, and fails with a {@link WachtApiException} carrying Wacht's
 * status and message. Path ids are the numeric record ids ({@link OAuthClient#id()},
 * {@link OAuthGrant#id()}), checked before any call. Rotating a secret and revoking a grant emit
 * {@link AuditEvent.Type#SECRET_ROTATED} and {@link AuditEvent.Type#GRANT_REVOKED} events naming the
 * caller's {@code actor}. Created with the application's {@link WachtAuthenticator}s, it also drops
 * their cached answers for a client whose grant it revokes. Thread-safe; create one and share it.
 */
public final class WachtManagementClient {
    private static final System.Logger LOG = System.getLogger("dev.wacht.management");
    private static final String USER_AGENT = "wacht-jakarta/" + Version.current();
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");
    private static final Pattern RECORD_ID = Pattern.compile("[0-9]{1,19}");
    private static final int MAX_ACTOR = 128;

    private final WachtConfig config;
    private final String apiKey;
    private final HttpClient http;
    private final ManagementWire wire = new ManagementWire();
    private final AuditDispatcher audit;
    private final Clock clock;
    private final List<WachtAuthenticator> caches;

    private WachtManagementClient(WachtConfig config, Clock clock, List<WachtAuthenticator> caches) {
        this.config = config;
        this.apiKey = config.apiKey().orElseThrow(() -> new IllegalArgumentException(
                "wacht.api-key: the management API needs the backend API key"));
        this.http = HttpClients.create(config, config.managementUrl());
        this.audit = AuditDispatcher.of(config.createAuditListeners());
        this.clock = clock;
        this.caches = caches;
    }

    /**
     * A client for this configuration's management URL and API key.
     *
     * @throws IllegalArgumentException when no API key is configured
     */
    public static WachtManagementClient create(WachtConfig config) {
        return create(config, new WachtAuthenticator[0]);
    }

    /**
     * A client for this configuration's management URL and API key whose {@link #revokeGrant} also
     * drops, from each given authenticator's verification cache, the answers for every token of the
     * grant's client ({@link WachtAuthenticator#invalidateOAuthClient}), so a revocation made here
     * shows at once in this application, whatever {@code cache-max-ttl} says.
     *
     * @throws IllegalArgumentException when no API key is configured
     */
    public static WachtManagementClient create(WachtConfig config, WachtAuthenticator... authenticators) {
        return new WachtManagementClient(Objects.requireNonNull(config, "config"), Clock.systemUTC(),
                List.of(authenticators));
    }

    /** The OAuth apps of the deployment ({@code GET /oauth/apps}). */
    public List<OAuthApp> listApps() {
        return list(call("GET", "/oauth/apps", null), "apps", OAuthApp::new);
    }

    /** The clients of an app, newest first, inactive ones included ({@code GET /oauth/apps/{slug}/clients}). */
    public List<OAuthClient> listClients(String appSlug) {
        return list(call("GET", clientsPath(appSlug), null), "clients", OAuthClient::new);
    }

    /** Changes a client's token settings ({@code PATCH …/clients/{id}}); answers the updated client. */
    public OAuthClient updateClient(String appSlug, String clientRecordId, OAuthClientUpdate update) {
        Objects.requireNonNull(update, "update");
        String path = clientPath(appSlug, clientRecordId);
        return decode(call("PATCH", path, ManagementWire.encode(update.fields())), OAuthClient::new);
    }

    /**
     * Deactivates a client ({@code DELETE …/clients/{id}}, 204): its token, introspection and revocation
     * calls fail from now on, but its existing opaque tokens keep passing the gateway until they expire
     * or their grants are revoked.
     */
    public void deactivateClient(String appSlug, String clientRecordId) {
        call("DELETE", clientPath(appSlug, clientRecordId), null);
    }

    /**
     * Rotates a client's secret ({@code POST …/clients/{id}/rotate-secret}). The old secret stops
     * working at once. <b>Persist the returned secret immediately</b>: Wacht shows it only in this
     * answer. Emits {@link AuditEvent.Type#SECRET_ROTATED}.
     *
     * @param actor who rotates it (a person or job name), recorded in the audit event
     */
    public RotatedClientSecret rotateClientSecret(String appSlug, String clientRecordId, String actor) {
        String who = checkActor(actor);
        String path = clientPath(appSlug, clientRecordId) + "/rotate-secret";
        String secret = decode(call("POST", path, null), o -> ManagementWire.requiredString(o, "client_secret"));
        Instant now = clock.instant();
        audit.dispatch(AuditEvent.builder(AuditEvent.Type.SECRET_ROTATED, now).actor(who).appSlug(appSlug)
                .clientRecordId(clientRecordId).build());
        return new RotatedClientSecret(appSlug, clientRecordId, secret, now);
    }

    /** The grants of a client, newest first ({@code GET …/clients/{id}/grants}). */
    public List<OAuthGrant> listGrants(String appSlug, String clientRecordId) {
        return list(call("GET", clientPath(appSlug, clientRecordId) + "/grants", null), "grants", OAuthGrant::new);
    }

    /**
     * Revokes a grant ({@code POST …/grants/{grant_id}/revoke}); its opaque tokens fail the gateway at
     * once (JWT access tokens stay valid until they expire). Idempotent: an unknown or already revoked
     * grant is not an error. Emits {@link AuditEvent.Type#GRANT_REVOKED}. Drops the linked
     * authenticators' cached answers for the client, even when the call fails (it may have taken effect).
     *
     * @param actor who revokes it, recorded in the audit event
     */
    public void revokeGrant(String appSlug, String clientRecordId, String grantId, String actor) {
        String who = checkActor(actor);
        String path = clientPath(appSlug, clientRecordId) + "/grants/" + recordId("grantId", grantId) + "/revoke";
        try {
            call("POST", path, null);
        } finally {
            caches.forEach(authenticator -> authenticator.invalidateOAuthClient(clientRecordId));
        }
        audit.dispatch(AuditEvent.builder(AuditEvent.Type.GRANT_REVOKED, clock.instant()).actor(who).appSlug(appSlug)
                .clientRecordId(clientRecordId).grantId(grantId).build());
    }

    /** The dispatcher of this client's audit events. */
    public AuditDispatcher auditDispatcher() {
        return audit;
    }

    @Override
    public String toString() {
        return "WachtManagementClient[" + config.managementUrl() + "]";
    }

    // ------------------------------------------------------------------ paths and arguments

    private static String clientsPath(String appSlug) {
        Objects.requireNonNull(appSlug, "appSlug");
        if (!SLUG.matcher(appSlug).matches()) {
            throw new IllegalArgumentException("appSlug must be 1 to 128 letters, digits, '.', '_', '~' or '-'");
        }
        return "/oauth/apps/" + appSlug + "/clients";
    }

    private static String clientPath(String appSlug, String clientRecordId) {
        return clientsPath(appSlug) + "/" + recordId("clientRecordId", clientRecordId);
    }

    private static String recordId(String name, String value) {
        if (value == null || !RECORD_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a numeric record id (the 'id' field, not the"
                    + " public client_id)");
        }
        return value;
    }

    private static String checkActor(String actor) {
        if (actor == null || actor.isBlank() || actor.length() > MAX_ACTOR) {
            throw new IllegalArgumentException("actor must name who acts, in 1 to " + MAX_ACTOR + " characters");
        }
        for (int i = 0; i < actor.length(); i++) {
            if (Character.isISOControl(actor.charAt(i))) {
                throw new IllegalArgumentException("actor must not contain control characters");
            }
        }
        return actor.trim();
    }

    // ------------------------------------------------------------------ exchange

    private byte[] call(String method, String path, @Nullable String jsonBody) {
        URI target = URI.create(config.managementUrl() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request.build(), BoundedBody.wholeHandler(config.maxResponseSize()));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            exchange.cancel(true);
            throw failure(method, target, EndpointFailures.why(e, target, config));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw failure(method, target, "interrupted while waiting for Wacht");
        }
        int status = response.statusCode();
        LOG.log(Level.DEBUG, "Wacht management {0} {1} answered {2} in {3} ms", method, path, status,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String message = wire.errorMessage(response.body());
        throw new WachtApiException(status, message == null ? "HTTP " + status + " without Wacht's error envelope"
                : message.contains(apiKey) ? "Wacht's error message is withheld: it repeats the API key"
                : message);
    }

    /** An unavailability: names the endpoint and the cause, never the API key (it is only ever a header). */
    private WachtApiException failure(String method, URI target, String why) {
        String message = "Wacht management API " + method + " " + EndpointFailures.where(target) + ": " + why;
        LOG.log(Level.WARNING, "{0} ({1})", message, config.name());
        return new WachtApiException(0, message);
    }

    private <T> T decode(byte[] body, Function<JsonObject, T> reader) {
        JsonObject o = wire.answer(body);
        if (o == null) {
            throw new WachtApiException(0, "Wacht's answer is not a JSON object");
        }
        try {
            return reader.apply(o);
        } catch (StrictJson.Malformed e) {
            throw new WachtApiException(0, "Wacht's answer is malformed: " + e.getMessage());
        }
    }

    private <T> List<T> list(byte[] body, String name, Function<JsonObject, T> reader) {
        return decode(body, o -> {
            List<T> out = new ArrayList<>();
            for (JsonObject item : ManagementWire.list(o, name)) {
                out.add(reader.apply(item));
            }
            return List.copyOf(out);
        });
    }
}
