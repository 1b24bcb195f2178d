package dev.wacht.demo;

import java.util.function.Function;

/** The demo's command line: {@code --port}, {@code --gateway-url}, {@code --emulator-port}, {@code --help}. */
record DemoOptions(int port, String gatewayUrl, int emulatorPort, boolean help) {
    static final String USAGE = """
            Usage: java -jar wacht-demo.jar [--port N] [--gateway-url URL] [--emulator-port N] [--help]

              --port N            HTTP port of the demo resource server (default 8080; 0 picks a free port)
              --gateway-url URL   use this Wacht gateway; default: WACHT_GATEWAY_URL / -Dwacht.gateway-url,
                                  and when neither is set, an embedded Wacht emulator
              --emulator-port N   port of the embedded emulator and its /_emulator/ admin API
                                  (default 0: a free port)
              --help              print this help

            Every other setting of the filter is read from wacht.<name> system properties and
            WACHT_<NAME> environment variables (see the README's "Servlet filter" section).""";

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
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new DemoOptions(port, gatewayUrl, emulatorPort, true);
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
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
        return new DemoOptions(port, gatewayUrl, emulatorPort, false);
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
