package dev.wacht.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.testkit.internal.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 on real containers: request paths that are not in normal form ({@code ;} parameters, dot
 * segments raw or encoded, empty segments, encoded separators and control characters), aimed at the
 * protected {@code api/whoami} and across the excluded {@code health}. Each container normalises
 * differently and refuses some paths itself; whatever it does, the request must be refused (400, or
 * the container's own 400/404 before any application code) and never reach a servlet or resource,
 * with or without a valid token, and without a gateway call. The observed answers are written to
 * {@code target/path-firewall-<container>-<class>.txt} (the table in docs/security.md).
 */
interface PathFirewallScenarios {
    List<String> NON_NORMAL = List.of("api/whoami;x=1", "api;x=1/whoami", "api/./whoami", "api//whoami",
            "api/x/../whoami", "api/x/..;/whoami", "api/%2e/whoami", "api/x/%2e%2e/whoami", "api/x/%2E%2E/whoami",
            "api/x/.%2e/whoami", "health/..;/api/whoami", "health/%2e%2e/api/whoami", "api/whoami/..;/..;/health",
            "api/%2e%2e/health", "health;x=1", "api/whoami%3bx=1", "api/x%2f..%2fwhoami", "api/x%5c..%5cwhoami",
            "api/x\\..\\whoami", "api/whoami%00", "api/who%0aami", "api/who%0d%0aami", "api/whoami%7f",
            "api/who%C2%85ami");

    /** The deployment's base URI (with a trailing slash). */
    URI base();

    /** An opaque token for the deployment with these scopes. */
    String token(String... scopes);

    @Test
    default void pathsNotInNormalFormNeverReachTheApplication() {
        String token = token("files:read", "files:admin");
        Map<String, String> observed = new LinkedHashMap<>();
        List<String> reached = new ArrayList<>();
        for (String path : NON_NORMAL) {
            String target = base().getRawPath() + path;
            RawHttp.Response anonymous = raw(target, null);
            RawHttp.Response withToken = raw(target, "Bearer " + token);
            observed.put(path, label(anonymous) + " / " + label(withToken));
            for (RawHttp.Response r : List.of(anonymous, withToken)) {
                if (!List.of(400, 404).contains(r.status()) || r.body().contains("name=")) {
                    reached.add(path + " -> " + r.status() + " " + r.body().replaceAll("\\s+", " "));
                }
            }
        }
        record(observed);
        assertThat(reached).as("answers other than 400/404, or application code reached").isEmpty();
        assertThat(Wacht.EMULATOR.checks()).as("gateway calls").isEmpty();
        // A normal path still works.
        assertThat(raw(base().getRawPath() + "api/whoami", "Bearer " + token("files:read")).status()).isEqualTo(200);
    }

    /** The status, and who answered: {@code wacht} (its JSON refusal) or the container / JAX-RS runtime. */
    private static String label(RawHttp.Response r) {
        return r.status() + (r.body().contains("\"error\":\"invalid_request\"") ? " wacht" : " container");
    }

    private RawHttp.Response raw(String target, String authorization) {
        try {
            return RawHttp.get(base(), target, authorization == null ? List.of()
                    : List.of(Map.entry("Authorization", authorization)), Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException(target, e);
        }
    }

    private void record(Map<String, String> observed) {
        StringBuilder table = new StringBuilder();
        observed.forEach((path, statuses) -> table.append(path).append('\t').append(statuses).append('\n'));
        String container = System.getProperty("arquillian.launch", "unknown");
        try {
            Files.writeString(Path.of("target", "path-firewall-" + container + "-" + getClass().getSimpleName()
                    + ".txt"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
