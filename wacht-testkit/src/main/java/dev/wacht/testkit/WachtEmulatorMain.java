package dev.wacht.testkit;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link WachtEmulator} as a process: {@code java -jar wacht-testkit-<version>-standalone.jar
 * [--host 127.0.0.1] [--port 0] [--deployment-id 1] [--issuer URL] [--https]}. Prints the base URL; with {@code --https} a line
 * {@code WACHT_EMULATOR_TRUST_STORE=<PKCS12 file>} and {@code WACHT_EMULATOR_TRUST_STORE_PASSWORD=<password>}
 * for the self-signed certificate; and, unless
 * {@code WACHT_API_KEY} is set, a line {@code WACHT_API_KEY=<generated backend API key>} for the management
 * routes; then serves until SIGINT or SIGTERM.
 */
public final class WachtEmulatorMain {
    private WachtEmulatorMain() {
    }

    /** Entry point; see the class description for the options. */
    public static void main(String[] args) throws InterruptedException {
        WachtEmulator.Builder builder = WachtEmulator.builder();
        try {
            configure(builder, args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        WachtEmulator emulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "wacht-emulator-shutdown"));
        System.out.println(emulator.baseUrl());
        if (emulator.baseUrl().getScheme().equals("https")) {
            System.out.println("WACHT_EMULATOR_TRUST_STORE=" + emulator.tls().trustStorePath());
            System.out.println("WACHT_EMULATOR_TRUST_STORE_PASSWORD=" + emulator.tls().trustStorePassword());
        }
        if (emulator.backendApiKeyGenerated()) {
            // A throw-away key for this process; with WACHT_API_KEY set, that key is used and not echoed.
            System.out.println("WACHT_API_KEY=" + emulator.backendApiKey());
        }
        System.out.flush();
        stopped.await();
    }

    static void configure(WachtEmulator.Builder builder, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value;
            String name;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg;
                if (name.equals("--help") || name.equals("-h")) {
                    usage(System.out);
                    System.exit(0);
                }
                if (name.equals("--https")) {
                    builder.https();
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                value = args[++i];
            }
            switch (name) {
                case "--port":
                    try {
                        builder.port(Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a number, not " + value);
                    }
                    break;
                case "--host":
                    builder.host(value);
                    break;
                case "--deployment-id":
                    builder.deploymentId(value);
                    break;
                case "--issuer":
                    builder.issuer(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + name);
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar wacht-testkit-standalone.jar [--host 127.0.0.1] [--port 0]"
                + " [--deployment-id 1] [--issuer URL] [--https]");
    }
}
