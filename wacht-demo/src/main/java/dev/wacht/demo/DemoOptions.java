package dev.wacht.demo;

import dev.wacht.core.WachtConfig;
import java.time.Duration;
import java.util.function.Function;

/**
 * The demo's command line: {@code --port}, {@code --gateway-url}, {@code --emulator-port},
 * {@code --cache[=TTL]}, {@code --help}. {@code cacheMaxTtl} is null when {@code --cache} was not given.
 */
record DemoOptions(int port, String gatewayUrl, int emulatorPort, Duration cacheMaxTtl, boolean help) {
    /** The cache's max TTL when {@code --cache} is given without one. */
    static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
    static final String USAGE = """
            Usage: java -jar wacht-demo.jar [--port N] [--gateway-url URL] [--emulator-port N] [--cache[=TTL]] [--help]

              --port N            HTTP port of the demo resource server (default 8080; 0 picks a free port)
              --gateway-url URL   use this Wacht gateway; default: WACHT_GATEWAY_URL / -Dwacht.gateway-url,
                                  and when neither is set, an embedded Wacht emulator
              --emulator-port N   port of the embedded emulator and its /_emulator/ admin API
                                  (default 0: a free port)
              --cache[=TTL]       turn on the verification cache: answers are reused for up to TTL
                                  (default 30s; e.g. --cache=5m), so a revoked token may keep working
                                  that long (same as wacht.cache-max-ttl)
              --help              print this help

            Every other setting of the filter is read from wacht.<name> system properties and
            WACHT_<NAME> environment variables (see docs/filter.md).""";

    /**
     * Parses the arguments ({@code --name value} or {@code --name=value}).
     *
     * @param environment the environment settings, consulted for {@code gateway-url}
     * @throws IllegalArgumentException with a message for the user when an argument is wrong
     */
    static DemoOptions parse(String[] args, Function<String, String> environment) {
        int port = 8080;
        String gatewayUrl = null;
        int emulatorPort = 0;
        Duration cacheMaxTtl = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new DemoOptions(port, gatewayUrl, emulatorPort, cacheMaxTtl, true);
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (name.equals("--cache")) {
                cacheMaxTtl = eq < 0 ? DEFAULT_CACHE_TTL : parseCacheTtl(arg.substring(eq + 1));
                continue;
            }
            if (!name.equals("--port") && !name.equals("--emulator-port") && !name.equals("--gateway-url")) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for " + name);
            }
            switch (name) {
                case "--port" -> port = parsePort(name, value);
                case "--emulator-port" -> emulatorPort = parsePort(name, value);
                default -> gatewayUrl = value.isBlank() ? null : value.trim();
            }
        }
        if (gatewayUrl == null) {
            String fromEnvironment = environment.apply("gateway-url");
            gatewayUrl = fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.trim();
        }
        return new DemoOptions(port, gatewayUrl, emulatorPort, cacheMaxTtl, false);
    }

    /** Checked by the library's own rules, so the message names the setting and its limits. */
    private static Duration parseCacheTtl(String value) {
        return WachtConfig.builder().apply(name -> name.equals("cache-max-ttl") ? value : null).build().cacheMaxTtl();
    }

    private static int parsePort(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " expects a port number 0-65535, got '" + value + "'");
    }

    /** True when no real gateway is configured and the embedded emulator stands in for Wacht. */
    boolean emulated() {
        return gatewayUrl == null;
    }
}
