package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wacht.core.WachtSetting;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private static final TrustedProxies PROXIES = TrustedProxies.parse(WachtSetting.TRUSTED_PROXIES,
            List.of("10.0.0.0/8", "192.168.1.1", "fd00::/8"));

    @Test
    void withNoTrustedProxiesThePeerIsTheClient() {
        TrustedProxies none = TrustedProxies.parse(WachtSetting.TRUSTED_PROXIES, List.of());
        assertThat(none.clientIp("10.0.0.1", List.of("203.0.113.7"))).isEqualTo("10.0.0.1");
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertThat(PROXIES.clientIp("198.51.100.1", List.of("203.0.113.7"))).isEqualTo("198.51.100.1");
    }

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        assertThat(PROXIES.clientIp("10.0.0.1", List.of("1.1.1.1, 203.0.113.7", "192.168.1.1, 10.9.9.9")))
                .isEqualTo("203.0.113.7");
        assertThat(PROXIES.clientIp("fd12::1", List.of("2001:db8::5"))).isEqualTo("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void aChainOfTrustedHopsEndsAtTheLeftMost() {
        assertThat(PROXIES.clientIp("10.0.0.1", List.of("10.0.0.3, 10.0.0.2"))).isEqualTo("10.0.0.3");
        assertThat(PROXIES.clientIp("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
    }

    @Test
    void aMalformedHopStopsAtTheLastTrustedOne() {
        assertThat(PROXIES.clientIp("10.0.0.1", List.of("203.0.113.7, evil.example, 10.0.0.2")))
                .isEqualTo("10.0.0.2");
        assertThat(PROXIES.clientIp("10.0.0.1", List.of("999.1.1.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void literalsNeverTriggerALookup() {
        assertThat(TrustedProxies.literal("localhost")).isNull();
        assertThat(TrustedProxies.literal("256.0.0.1")).isNull();
        assertThat(TrustedProxies.literal("1.2.3")).isNull();
        assertThat(TrustedProxies.literal("::1")).isNotNull();
    }

    @Test
    void malformedEntriesNameTheSetting() {
        for (String bad : List.of("proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "::1/129")) {
            assertThatThrownBy(() -> TrustedProxies.parse(WachtSetting.TRUSTED_PROXIES, List.of(bad)))
                    .hasMessageStartingWith("wacht.trusted-proxies: '" + bad + "'");
        }
    }
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "192.0.2.1, 192.0.2.1", "::1, 0:0:0:0:0:0:0:1", "2001:db8::5, 2001:db8:0:0:0:0:0:5",
        "::ffff:203.0.113.7, 203.0.113.7", "::FFFF:cb00:7107, 203.0.113.7", "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1::, 1:0:0:0:0:0:0:0", "::, 0:0:0:0:0:0:0:0", "64:ff9b::192.0.2.1, 64:ff9b:0:0:0:0:c000:201"})
    void ipLiteralsAreParsedWithoutAResolver(String literal, String address) {
        assertThat(TrustedProxies.literal(literal).getHostAddress()).isEqualTo(address);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {".:", ".a:b", ":", ":::", "1:::2", "1::2::3", ":1::2",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "::1.2.3", "1.2.3.4:5", "1.2.3.4::",
        "01.2.3.4.5", "1.2.3.04444", "[::1]", "::1%eth0", "1.2.3.4 ", " 1.2.3.4", "0x7f.0.0.1", "127.1",
        "١.2.3.4", "1:2:3:4:5:6:7:١"})
    void anythingElseIsNotALiteral(String text) {
        assertThat(TrustedProxies.literal(text)).isNull();
    }
}
