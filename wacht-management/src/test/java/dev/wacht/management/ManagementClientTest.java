package dev.wacht.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.wacht.core.AccessRequest;
import dev.wacht.core.DenialReason;
import dev.wacht.core.Outcome;
import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.WachtConfig;
import dev.wacht.core.audit.AuditEvent;
import dev.wacht.testkit.MintedClient;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every management call and every error status of docs/wacht-wire.md ("Management API"), against the emulator. */
class ManagementClientTest {
    static final String KEY = "wk_test_" + "M".repeat(43);

    @RegisterExtension
    static final WachtEmulatorExtension EMULATOR = new WachtEmulatorExtension(b -> b.backendApiKey(KEY));

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private WachtEmulator wacht;
    private WachtManagementClient client;
    private String slug;

    @BeforeEach
    void setUp(WachtEmulator emulator) {
        wacht = emulator;
        wacht.reset();
        slug = wacht.oauthAppSlug();
        client = WachtManagementClient.create(config(KEY).auditListener(events::add).build());
    }

    private WachtConfig.Builder config(String key) {
        return WachtConfig.builder().gatewayUrl(wacht.baseUrl()).managementUrl(wacht.baseUrl()).apiKey(key);
    }

    private static void assertApiError(Runnable call, int status, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(WachtApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.isClientError()).isEqualTo(status >= 400 && status < 500);
        });
    }

    @Test
    void listsAppsClientsAndGrants() {
        MintedToken token = wacht.mintToken("mcp:invoke");
        MintedClient other = wacht.createClient("none");

        List<OAuthApp> apps = client.listApps();
        assertThat(apps).singleElement().satisfies(a -> {
            assertThat(a.slug()).isEqualTo(slug);
            assertThat(a.active()).isTrue();
            assertThat(a.toJson()).contains("\"scope_definitions\"");
        });

        List<OAuthClient> clients = client.listClients(slug);
        assertThat(clients).extracting(OAuthClient::id).containsExactly(other.clientRecordId(),
                token.clientRecordId());
        OAuthClient c = clients.get(1);
        assertThat(c.clientId()).isEqualTo(token.clientId());
        assertThat(c.clientAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(c.accessTokenFormat()).isEqualTo("opaque");
        assertThat(c.accessTokenTtlSeconds()).isEqualTo(3600);
        assertThat(c.active()).isTrue();
        assertThat(c.createdAt()).isPresent();
        assertThat(clients.get(0).clientAuthMethod()).isEqualTo("none");

        List<OAuthGrant> grants = client.listGrants(slug, token.clientRecordId());
        assertThat(grants).singleElement().satisfies(g -> {
            assertThat(g.id()).isEqualTo(token.grantId());
            assertThat(g.status()).isEqualTo(OAuthGrant.Status.ACTIVE);
            assertThat(g.scopes()).containsExactly("mcp:invoke");
            assertThat(g.resource()).contains(token.grantedResource());
            assertThat(g.oauthClientId()).contains(token.clientRecordId());
        });
    }

    @Test
    void updatesAClientAndMirrorsTheServersValidation() {
        String id = wacht.defaultClientRecordId();
        OAuthClient updated = client.updateClient(slug, id,
                OAuthClientUpdate.builder().accessTokenFormat("jwt").accessTokenTtlSeconds(900).build());
        assertThat(updated.accessTokenFormat()).isEqualTo("jwt");
        assertThat(updated.accessTokenTtlSeconds()).isEqualTo(900);
        assertThat(client.updateClient(slug, id, OAuthClientUpdate.builder().build()).accessTokenTtlSeconds())
                .isEqualTo(900);

        assertThatThrownBy(() -> OAuthClientUpdate.builder().accessTokenFormat("paseto").build())
                .hasMessage("access_token_format must be 'opaque' or 'jwt'");
        assertThatThrownBy(() -> OAuthClientUpdate.builder().accessTokenTtlSeconds(59).build())
                .hasMessage("access_token_ttl_seconds must be between 60 and 86400");
        assertThatThrownBy(() -> OAuthClientUpdate.builder().accessTokenTtlSeconds(86_401).build())
                .hasMessage("access_token_ttl_seconds must be between 60 and 86400");
    }

    @Test
    void deactivatesAndExistingTokensStillPassTheGateway() {
        MintedToken token = wacht.mintToken("mcp:invoke");
        client.deactivateClient(slug, token.clientRecordId());
        assertThat(client.listClients(slug)).singleElement().satisfies(c -> assertThat(c.active()).isFalse());
        WachtAuthenticator authenticator = WachtAuthenticator.create(config(KEY).build());
        assertThat(authenticator.authenticate(request(token.accessToken())).isAllowed()).isTrue();

        assertApiError(() -> client.deactivateClient(slug, token.clientRecordId()), 404,
                "OAuth client not found or already inactive");
        assertApiError(() -> client.updateClient(slug, token.clientRecordId(),
                OAuthClientUpdate.builder().accessTokenTtlSeconds(120).build()), 404,
                "OAuth client not found or inactive");
    }

    @Test
    void rotatesASecretOnceAndEmitsAnAuditEvent() {
        MintedClient c = wacht.createClient("client_secret_basic");
        RotatedClientSecret rotated = client.rotateClientSecret(slug, c.clientRecordId(), "alice@example.com");
        assertThat(rotated.secret()).matches("oc_secret_[A-Za-z0-9_-]{43}");
        assertThat(rotated.toString()).doesNotContain(rotated.secret());
        assertThat(wacht.clientSecretMatches(c.clientRecordId(), rotated.secret())).isTrue();
        assertThat(wacht.clientSecretMatches(c.clientRecordId(), c.clientSecret().orElseThrow())).isFalse();

        assertThat(client.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEvent.Type.SECRET_ROTATED);
            assertThat(e.actor()).contains("alice@example.com");
            assertThat(e.appSlug()).contains(slug);
            assertThat(e.clientRecordId()).contains(c.clientRecordId());
            assertThat(e.timestamp()).isEqualTo(rotated.rotatedAt());
            assertThat(e.toString()).doesNotContain(rotated.secret());
        });

        for (String method : List.of("none", "private_key_jwt")) {
            String id = wacht.createClient(method).clientRecordId();
            assertApiError(() -> client.rotateClientSecret(slug, id, "alice"), 400,
                    "client_secret rotation is not supported for this auth method");
        }
        assertApiError(() -> client.rotateClientSecret(slug, "4242", "alice"), 404, "OAuth client not found");
    }

    @Test
    void revokingAGrantFailsTheVeryNextVerification() {
        MintedToken token = wacht.mintToken("mcp:invoke");
        WachtAuthenticator authenticator = WachtAuthenticator.create(config(KEY).build());
        assertThat(authenticator.authenticate(request(token.accessToken())).isAllowed()).isTrue();

        client.revokeGrant(slug, token.clientRecordId(), token.grantId(), "ops-bot");

        Outcome next = authenticator.authenticate(request(token.accessToken()));
        assertThat(next).isInstanceOfSatisfying(Outcome.Denied.class,
                d -> assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN));
        assertThat(client.listGrants(slug, token.clientRecordId()).get(0).status())
                .isEqualTo(OAuthGrant.Status.REVOKED);

        client.revokeGrant(slug, token.clientRecordId(), token.grantId(), "ops-bot"); // idempotent
        client.revokeGrant(slug, token.clientRecordId(), "999", "ops-bot");
        assertThat(client.auditDispatcher().flush(Duration.ofSeconds(10))).isTrue();
        assertThat(events).hasSize(3).first().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AuditEvent.Type.GRANT_REVOKED);
            assertThat(e.grantId()).contains(token.grantId());
            assertThat(e.clientRecordId()).contains(token.clientRecordId());
            assertThat(e.actor()).contains("ops-bot");
        });
    }

    @Test
    void aRevocationThroughALinkedManagementClientShowsAtOnce() {
        MintedToken token = wacht.mintToken("mcp:invoke");
        try (WachtAuthenticator authenticator = WachtAuthenticator.create(
                config(KEY).cacheMaxTtl(Duration.ofHours(1)).build());
                WachtAuthenticator unlinked = WachtAuthenticator.create(
                        config(KEY).cacheMaxTtl(Duration.ofHours(1)).build())) {
            WachtManagementClient management = WachtManagementClient.create(config(KEY).build(), authenticator);
            assertThat(authenticator.authenticate(request(token.accessToken())).isAllowed()).isTrue();
            assertThat(unlinked.authenticate(request(token.accessToken())).isAllowed()).isTrue();
            assertThat(wacht.checks()).hasSize(2);

            management.revokeGrant(wacht.oauthAppSlug(), token.clientRecordId(), token.grantId(), "ops-bot");

            assertThat(authenticator.authenticate(request(token.accessToken())))
                    .isInstanceOfSatisfying(Outcome.Denied.class,
                            d -> assertThat(d.reason()).isEqualTo(DenialReason.INVALID_TOKEN));
            assertThat(wacht.checks()).hasSize(3);
            // The trade-off of the cache: an authenticator that was not told keeps its answer up to its max TTL.
            assertThat(unlinked.authenticate(request(token.accessToken())).isAllowed()).isTrue();
            unlinked.invalidateOAuthClient(token.clientRecordId());
            assertThat(unlinked.authenticate(request(token.accessToken())).isAllowed()).isFalse();
        }
    }

    @Test
    void wacht401And404sBecomeTypedExceptions() {
        WachtManagementClient wrongKey = WachtManagementClient.create(config("wk_test_" + "W".repeat(43)).build());
        assertApiError(wrongKey::listApps, 401, "Unauthorized");
        assertApiError(() -> wrongKey.listClients(slug), 401, "Unauthorized");
        assertApiError(() -> client.listClients("nope"), 404, "OAuth app not found");
        assertApiError(() -> client.listGrants(slug, "777"), 404, "OAuth client not found");
        assertApiError(() -> client.revokeGrant("nope", "1", "2", "a"), 404, "OAuth app not found");
    }

    @Test
    void nonNumericIdsAndBadArgumentsFailBeforeAnyCall() {
        WachtManagementClient nowhere = WachtManagementClient.create(config(KEY).managementUrl("http://127.0.0.1:9")
                .build());
        List<Consumer<WachtManagementClient>> calls = List.of(
            c -> c.listGrants(slug, "oc_abc"),
            c -> c.updateClient(slug, "12a", OAuthClientUpdate.builder().build()),
            c -> c.deactivateClient(slug, ""),
            c -> c.rotateClientSecret(slug, "x", "alice"),
            c -> c.revokeGrant(slug, "1", "g1", "alice"),
            c -> c.revokeGrant(slug, "1", "2", " "),
            c -> c.rotateClientSecret(slug, "1", "bob\nINFO forged"),
            c -> c.listClients("../admin"));
        for (Consumer<WachtManagementClient> call : calls) {
            assertThatThrownBy(() -> call.accept(nowhere)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> WachtManagementClient.create(WachtConfig.builder().build()))
                .hasMessageContaining("wacht.api-key");
        assertThatThrownBy(() -> WachtConfig.builder().managementUrl("http://api.example.com").build())
                .hasMessageContaining("wacht.management-url");
    }

    @Test
    void nonJsonErrorsTimeoutsOversizedAnswersAndUnreachableHosts() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oauth/apps/proxy", ex -> {
            byte[] body = ("<html>bad gateway " + KEY + "</html>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(502, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/oauth/apps/large", ex -> {
            byte[] body = ("{\"clients\":[],\"pad\":\"" + "a".repeat(4096) + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/oauth/apps/shape", ex -> {
            byte[] body = "{\"clients\":{}}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/oauth/apps/slow", ex -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        try {
            // Prompt answers get an ample timeout; only the server that never answers meets a short one.
            WachtConfig.Builder base = WachtConfig.builder().apiKey(KEY)
                    .managementUrl("http://127.0.0.1:" + server.getAddress().getPort()).maxResponseSize(1024);
            WachtManagementClient c = WachtManagementClient.create(base.requestTimeout(Duration.ofSeconds(10)).build());
            WachtManagementClient impatient = WachtManagementClient.create(
                    base.requestTimeout(Duration.ofMillis(300)).build());
            assertThatThrownBy(() -> c.listClients("proxy")).isInstanceOfSatisfying(WachtApiException.class, e -> {
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.isUnavailable()).isTrue();
                assertThat(e.getMessage()).isEqualTo("HTTP 502 without Wacht's error envelope").doesNotContain(KEY);
            });
            for (String slugName : List.of("large", "shape", "slow")) {
                WachtManagementClient client = slugName.equals("slow") ? impatient : c;
                assertThatThrownBy(() -> client.listClients(slugName)).isInstanceOfSatisfying(WachtApiException.class,
                        e -> {
                            assertThat(e.status()).isZero();
                            assertThat(e.isUnavailable()).isTrue();
                        });
            }
        } finally {
            release.countDown();
            server.stop(0);
        }
        WachtManagementClient closed = WachtManagementClient.create(config(KEY).managementUrl("http://127.0.0.1:9")
                .build());
        assertThatThrownBy(closed::listApps).isInstanceOfSatisfying(WachtApiException.class,
                e -> assertThat(e.isUnavailable()).isTrue());
    }

    static AccessRequest request(String token) {
        return AccessRequest.builder().method("POST").resource("/mcp").requiredPermissions(List.of("mcp:invoke"))
                .authorization("Bearer " + token).clientIp("203.0.113.5").build();
    }
}
