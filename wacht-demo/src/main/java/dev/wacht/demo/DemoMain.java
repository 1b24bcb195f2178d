package dev.wacht.demo;

import dev.wacht.core.WachtConfig;

/**
 * Runs the demo: an MCP-style resource server on embedded Tomcat, protected by the Wacht servlet
 * filter, against the real Wacht gateway or an embedded emulator. See {@code --help}.
 */
public final class DemoMain {
    private DemoMain() {
    }

    /** Starts the demo and blocks until it is stopped (Ctrl+C or SIGTERM). Exits 2 on bad options. */
    public static void main(String[] args) throws InterruptedException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, WachtConfig.environmentSettings());
        } catch (IllegalArgumentException e) {
            System.err.println("wacht-demo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        Demo demo;
        try {
            demo = Demo.start(options, System.out);
        } catch (RuntimeException e) {
            System.err.println("wacht-demo: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "wacht-demo-shutdown"));
        demo.awaitClose();
    }
}
