package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wacht.core.WachtSetting;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Run in its own JVM (execution {@code no-resolver}) whose resolver reads {@code resolver-trap.hosts}, where
 * names such as {@code .a:b} resolve to the trusted {@code 10.9.9.9}: a forwarded hop that is not an IP
 * literal must end the walk, never be resolved into a trusted proxy.
 */
class IpLiteralResolverTest {
    private static final TrustedProxies PROXIES = TrustedProxies.parse(WachtSetting.TRUSTED_PROXIES, List.of("10.0.0.0/8"));

    @ParameterizedTest
    @ValueSource(strings = {".a:b", ".:", ".1:2"})
    void aNameTheResolverKnowsIsStillNotALiteral(String name) throws Exception {
        assumeTrue(System.getProperty("jdk.net.hosts.file") != null, "needs the no-resolver execution's hosts file");
        assertThat(InetAddress.getByName(name).getHostAddress()).as("the trap is armed").isEqualTo("10.9.9.9");
        assertThat(TrustedProxies.literal(name)).isNull();
        assertThat(PROXIES.clientIp("10.0.0.1", List.of("203.0.113.7, " + name))).isEqualTo("10.0.0.1");
    }
}
