package dev.wacht.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.MintedClient;
import dev.wacht.testkit.MintedToken;
import dev.wacht.testkit.WachtEmulator;
import dev.wacht.testkit.WachtEmulatorExtension;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command-line tool, run in-process with an injected environment. */
class WachtCliTest {
    static final String KEY = "wk_test_" + "C".repeat(43);

    @RegisterExtension
    static final WachtEmulatorExtension EMULATOR = new WachtEmulatorExtension(b -> b.backendApiKey(KEY));

    private WachtEmulator wacht;
    private final Map<String, String> env = new HashMap<>();
    private String out;
    private String err;

    @BeforeEach
    void setUp(WachtEmulator emulator) {
        wacht = emulator;
        wacht.reset();
        env.put("WACHT_API_KEY", KEY);
        env.put("WACHT_MANAGEMENT_URL", wacht.baseUrl().toString());
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = WachtCli.run(args, env, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        assertThat(out + err).doesNotContain(KEY);
        return code;
    }

    private JsonObject json() {
        return Json.createReader(new StringReader(out)).readObject();
    }

    @Test
    void listsClientsAndGrantsAsJson() {
        MintedToken token = wacht.mintToken("mcp:invoke");
        assertThat(run("list-clients", wacht.oauthAppSlug())).isZero();
        assertThat(json().getJsonArray("clients").getJsonObject(0).getString("client_id")).isEqualTo(token.clientId());
        assertThat(run("list-grants", wacht.oauthAppSlug(), token.clientRecordId())).isZero();
        assertThat(json().getJsonArray("grants").getJsonObject(0).getString("id")).isEqualTo(token.grantId());
        assertThat(run("list-apps")).isZero();
        assertThat(json().getJsonArray("apps").getJsonObject(0).getString("slug")).isEqualTo(wacht.oauthAppSlug());
        assertThat(err).isEmpty();
    }

    @Test
    void rotatesASecretAndPrintsItToStandardOutputOnly() {
        MintedClient c = wacht.createClient("client_secret_post");
        assertThat(run("rotate-secret", wacht.oauthAppSlug(), c.clientRecordId(), "--actor", "alice")).isZero();
        String secret = json().getString("client_secret");
        assertThat(secret).startsWith("oc_secret_");
        assertThat(json().getString("client_record_id")).isEqualTo(c.clientRecordId());
        assertThat(wacht.clientSecretMatches(c.clientRecordId(), secret)).isTrue();
        assertThat(err).doesNotContain(secret);
    }

    @Test
    void revokesAGrant() {
        MintedToken token = wacht.mintToken("mcp:invoke");
        assertThat(run("revoke-grant", wacht.oauthAppSlug(), token.clientRecordId(), token.grantId(),
                "--actor=ops-bot")).isZero();
        assertThat(json().getBoolean("revoked")).isTrue();
        assertThat(json().getString("grant_id")).isEqualTo(token.grantId());
        assertThat(run("list-grants", wacht.oauthAppSlug(), token.clientRecordId())).isZero();
        assertThat(json().getJsonArray("grants").getJsonObject(0).getString("status")).isEqualTo("revoked");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("rotate-secret", wacht.oauthAppSlug(), "1")).isEqualTo(2);
        assertThat(err).contains("--actor");
        assertThat(run("revoke-grant", wacht.oauthAppSlug(), "1", "--actor", "a")).isEqualTo(2);
        assertThat(run("list-clients", wacht.oauthAppSlug(), "--colour")).isEqualTo(2);
        assertThat(run("list-grants", wacht.oauthAppSlug(), "oc_public_id")).isEqualTo(2);
        assertThat(err).contains("numeric record id");
        assertThat(run("--help")).isZero();
        assertThat(out).contains("rotate-secret");
        env.remove("WACHT_API_KEY");
        assertThat(run("list-apps")).isEqualTo(2);
        assertThat(err).contains("WACHT_API_KEY is not set");
        env.put("WACHT_API_KEY", KEY);
        env.put("WACHT_MANAGEMENT_URL", "http://api.example.com");
        assertThat(run("list-apps")).isEqualTo(2);
        assertThat(err).contains("wacht.management-url");
    }

    @Test
    void refusalsExitWith3AndOutagesWith4() throws IOException {
        assertThat(run("list-clients", "no-such-app")).isEqualTo(3);
        assertThat(err).contains("HTTP 404").contains("OAuth app not found");
        assertThat(out).isEmpty();
        String none = wacht.createClient("none").clientRecordId();
        assertThat(run("rotate-secret", wacht.oauthAppSlug(), none, "--actor", "a")).isEqualTo(3);
        assertThat(err).contains("client_secret rotation is not supported for this auth method");

        env.put("WACHT_API_KEY", "wk_test_" + "Z".repeat(43));
        assertThat(run("list-apps")).isEqualTo(3);
        assertThat(err).contains("HTTP 401").doesNotContain("Z".repeat(43));

        env.put("WACHT_API_KEY", KEY);
        env.put("WACHT_MANAGEMENT_URL", "http://127.0.0.1:" + closedPort());
        assertThat(run("list-apps")).isEqualTo(4);
        assertThat(err).startsWith("error: Wacht unavailable: Wacht management API GET http://127.0.0.1:"
                + env.get("WACHT_MANAGEMENT_URL").replaceAll(".*:", "") + "/").contains(": connection refused");
    }

    /** A short API key that is also a piece of words (issue 14): the message stays readable, never masked. */
    @Test
    void aShortApiKeyDoesNotMangleTheMessage() throws IOException {
        env.put("WACHT_API_KEY", "on");
        env.put("WACHT_MANAGEMENT_URL", "http://127.0.0.1:" + closedPort());
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = WachtCli.run(new String[] {"list-apps"}, env, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(4);
        assertThat(e.toString(StandardCharsets.UTF_8)).contains("connection refused").doesNotContain("[api key]");
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
