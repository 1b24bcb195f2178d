package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private static final TrustedProxies PROXIES = TrustedProxies.parse("trusted-proxies",
            List.of("10.0.0.0/8", "192.168.1.1", "fd00::/8"));

    @Test
    void withNoTrustedProxiesThePeerIsTheClient() {
        TrustedProxies none = TrustedProxies.parse("trusted-proxies", List.of());
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
            assertThatThrownBy(() -> TrustedProxies.parse("trusted-proxies", List.of(bad)))
                    .hasMessageStartingWith("wacht.trusted-proxies: '" + bad + "'");
        }
    }
}
