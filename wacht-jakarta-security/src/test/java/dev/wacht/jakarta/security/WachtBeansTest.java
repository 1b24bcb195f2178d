package dev.wacht.jakarta.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class WachtBeansTest {
    /** A request without a Wacht caller. */
    private static HttpServletRequest anonymousRequest(String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(WachtBeansTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getMethod":
                            return "GET";
                        case "getRequestURI":
                            return uri;
                        case "getAttribute":
                        case "getUserPrincipal":
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void injectingTheCallerOfAnAnonymousRequestFailsNamingTheRequestAndTheRemedy() {
        assertThatThrownBy(() -> new WachtBeans().caller(anonymousRequest("/app/api/open\n")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No Wacht caller in this request (GET /app/api/open?): it carried no valid "
                        + "Wacht credential.")
                .hasMessageContaining("@RolesAllowed or a security constraint");
    }

    @Test
    void theBeansRefuseToWorkBeforeTheApplicationStarted() {
        assertThatThrownBy(() -> new WachtBeans().authenticator())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not started");
    }
}
