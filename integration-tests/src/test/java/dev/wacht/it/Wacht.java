package dev.wacht.it;

import dev.wacht.testkit.WachtEmulator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one Wacht emulator of the test JVM. It is started when this class is first used, which is
 * before the first {@code @Deployment} method runs, so its URL can be written into the WARs; the
 * containers reach it over loopback. All test classes share it and reset it before each test.
 */
final class Wacht {
    static final WachtEmulator EMULATOR = start();

    private Wacht() {
    }

    private static WachtEmulator start() {
        WachtEmulator emulator = WachtEmulator.start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "wacht-emulator-stop"));
        return emulator;
    }

    /**
     * The settings every test application gives Wacht: the emulator as gateway and as OAuth issuer,
     * and no circuit breaker, so that each gateway failure test sees its own failure only.
     */
    static Map<String, String> connection() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wacht.gateway-url", EMULATOR.baseUrl().toString());
        settings.put("wacht.oauth-issuer", EMULATOR.issuer());
        settings.put("wacht.circuit-breaker-threshold", "0");
        return settings;
    }
}
