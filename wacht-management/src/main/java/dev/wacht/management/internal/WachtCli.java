package dev.wacht.management.internal;

import dev.wacht.core.WachtConfig;
import dev.wacht.management.OAuthApp;
import dev.wacht.management.OAuthClient;
import dev.wacht.management.OAuthGrant;
import dev.wacht.management.RotatedClientSecret;
import dev.wacht.management.WachtApiException;
import dev.wacht.management.WachtManagementClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Command-line entry point for the operational playbooks, over {@link WachtManagementClient}:
 * <pre>
 * rotate-secret &lt;app-slug&gt; &lt;client-record-id&gt; --actor NAME
 * revoke-grant  &lt;app-slug&gt; &lt;client-record-id&gt; &lt;grant-id&gt; --actor NAME
 * list-clients  &lt;app-slug&gt;
 * list-grants   &lt;app-slug&gt; &lt;client-record-id&gt;
 * list-apps
 * </pre>
 * Settings come from the environment ({@code WACHT_API_KEY}, {@code WACHT_MANAGEMENT_URL} and the other
 * {@code WACHT_*} settings). JSON goes to standard output, diagnostics to standard error. Exit codes:
 * 0 done, 2 usage or configuration error, 3 refused by Wacht (4xx), 4 Wacht unavailable (no answer,
 * timeout, 5xx). The API key is never printed; {@code rotate-secret} prints the new secret, which is its
 * purpose, to standard output only. The main class of {@code wacht-management-<version>-cli.jar}; not an
 * API (see the package).
 */
public final class WachtCli {
    static final int OK = 0;
    static final int USAGE = 2;
    static final int REFUSED = 3;
    static final int UNAVAILABLE = 4;
    private static final Duration AUDIT_FLUSH = Duration.ofSeconds(5);
    private static final String USAGE_TEXT = String.join("\n",
            "usage: wacht <command> [arguments]",
            "  rotate-secret <app-slug> <client-record-id> --actor NAME",
            "  revoke-grant  <app-slug> <client-record-id> <grant-id> --actor NAME",
            "  list-clients  <app-slug>",
            "  list-grants   <app-slug> <client-record-id>",
            "  list-apps",
            "environment: WACHT_API_KEY (required), WACHT_MANAGEMENT_URL (default https://api.wacht.dev)",
            "exit codes: 0 ok, 2 usage, 3 refused by Wacht (4xx), 4 Wacht unavailable (5xx, timeout, unreachable)");

    private WachtCli() {
    }

    /** Runs one command with the process environment and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Command command;
        try {
            command = Command.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (command.name.equals("help")) {
            out.println(USAGE_TEXT);
            return OK;
        }
        WachtManagementClient client;
        try {
            if (env.get("WACHT_API_KEY") == null || env.get("WACHT_API_KEY").isBlank()) {
                throw new IllegalArgumentException("WACHT_API_KEY is not set (the backend API key)");
            }
            client = WachtManagementClient.create(WachtConfig.builder().name("wacht CLI")
                    .apply(name -> env.get("WACHT_" + name.toUpperCase(Locale.ROOT).replace('-', '_'))).build());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        try {
            out.println(command.execute(client));
            return OK;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (WachtApiException e) {
            err.println("error: " + (e.status() == 0 ? "Wacht unavailable" : "HTTP " + e.status()) + ": "
                    + e.getMessage());
            return e.isClientError() ? REFUSED : UNAVAILABLE;
        } finally {
            client.auditDispatcher().flush(AUDIT_FLUSH);
        }
    }

    /** A parsed command line. */
    private static final class Command {
        final String name;
        final List<String> args;
        final @Nullable String actor;

        private Command(String name, List<String> args, @Nullable String actor) {
            this.name = name;
            this.args = args;
            this.actor = actor;
        }

        static Command parse(String[] argv) {
            if (argv.length == 0) {
                throw new IllegalArgumentException("no command given");
            }
            List<String> positional = new ArrayList<>();
            String actor = null;
            for (int i = 1; i < argv.length; i++) {
                String a = argv[i];
                if (a.equals("--actor")) {
                    if (i + 1 >= argv.length) {
                        throw new IllegalArgumentException("--actor needs a name");
                    }
                    actor = argv[++i];
                } else if (a.startsWith("--actor=")) {
                    actor = a.substring("--actor=".length());
                } else if (a.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + a);
                } else {
                    positional.add(a);
                }
            }
            String name = argv[0];
            switch (name) {
                case "-h":
                case "--help":
                case "help":
                    return new Command("help", positional, actor);
                case "rotate-secret":
                    return checked(name, positional, 2, actor, true);
                case "revoke-grant":
                    return checked(name, positional, 3, actor, true);
                case "list-clients":
                    return checked(name, positional, 1, actor, false);
                case "list-grants":
                    return checked(name, positional, 2, actor, false);
                case "list-apps":
                    return checked(name, positional, 0, actor, false);
                default:
                    throw new IllegalArgumentException("unknown command " + name);
            }
        }

        private static Command checked(String name, List<String> args, int count, @Nullable String actor,
                boolean needsActor) {
            if (args.size() != count) {
                throw new IllegalArgumentException(name + " takes " + count + " argument" + (count == 1 ? "" : "s"));
            }
            if (needsActor && actor == null) {
                throw new IllegalArgumentException(name + " needs --actor NAME (recorded in the audit trail)");
            }
            if (!needsActor && actor != null) {
                throw new IllegalArgumentException(name + " takes no --actor");
            }
            return new Command(name, args, actor);
        }

        String execute(WachtManagementClient client) {
            switch (name) {
                case "rotate-secret":
                    RotatedClientSecret s = client.rotateClientSecret(args.get(0), args.get(1), requiredActor());
                    Map<String, Object> rotated = new LinkedHashMap<>();
                    rotated.put("oauth_app_slug", s.appSlug());
                    rotated.put("client_record_id", s.clientRecordId());
                    rotated.put("client_secret", s.secret());
                    rotated.put("rotated_at", s.rotatedAt().toString());
                    return ManagementWire.encode(rotated);
                case "revoke-grant":
                    client.revokeGrant(args.get(0), args.get(1), args.get(2), requiredActor());
                    Map<String, Object> revoked = new LinkedHashMap<>();
                    revoked.put("revoked", true);
                    revoked.put("grant_id", args.get(2));
                    return ManagementWire.encode(revoked);
                case "list-clients":
                    return array("clients", client.listClients(args.get(0)), OAuthClient::toJson);
                case "list-grants":
                    return array("grants", client.listGrants(args.get(0), args.get(1)), OAuthGrant::toJson);
                default:
                    return array("apps", client.listApps(), OAuthApp::toJson);
            }
        }

        /** The {@code --actor} of a command that needs one: {@link #parse} refuses such a command without it. */
        private String requiredActor() {
            return Objects.requireNonNull(actor, "wacht CLI bug: " + name + " was parsed without --actor");
        }

        private static <T> String array(String name, List<T> items, Function<T, String> json) {
            return "{\"" + name + "\":[" + items.stream().map(json).collect(Collectors.joining(",")) + "]}";
        }
    }
}
