package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The check request as the gateway reads it: exact bytes for a plain request, any text carried through intact. */
class GatewayWireTest {
    private static final char[] ALPHABET = {'a', 'Z', '7', ' ', '/', '"', '\\', '\u0000', '\u0008', '\n', '\u001f',
        '\u007f', '\u0080', '\u00e9', '\u07ff', '\u0800', '\u20ac', '\ufffd', '\uffff', '\ud83d', '\ude00', '\udbff',
        '\udfff'};

    private static VerificationRequest request(AccessRequest.Builder b) {
        return new VerificationRequest(BearerCredential.of("oat_x-1.~+/="), CredentialKind.OAUTH_ACCESS_TOKEN, b.build());
    }

    @Test
    void aPlainRequestIsWrittenExactly() {
        byte[] body = new GatewayWire().encodeCheck(request(AccessRequest.builder().method("GET").resource("mcp")));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"principal\":{\"type\":\"oauth_access_token\","
                + "\"value\":\"oat_x-1.~+/=\"},\"resource\":\"mcp\",\"method\":\"GET\"}");
        byte[] full = new GatewayWire().encodeCheck(request(AccessRequest.builder().method("POST").resource("mcp")
                .clientIp("127.0.0.1").userAgent("ua").requiredPermissions(List.of("mcp:invoke", "workspace:read"))));
        assertThat(new String(full, StandardCharsets.UTF_8)).isEqualTo("{\"principal\":{\"type\":\"oauth_access_token\","
                + "\"value\":\"oat_x-1.~+/=\"},\"resource\":\"mcp\",\"method\":\"POST\",\"client_ip\":\"127.0.0.1\","
                + "\"user_agent\":\"ua\",\"required_permissions\":[\"mcp:invoke\",\"workspace:read\"]}");
    }

    @Test
    void anyTextReadsBackTheSameWithLoneSurrogatesReplaced() {
        Random random = new Random(17);
        for (int i = 0; i < 3000; i++) {
            String resource = "r" + text(random);
            String ip = "i" + text(random);
            String agent = "u" + text(random);
            byte[] body = new GatewayWire().encodeCheck(request(AccessRequest.builder().method("PATCH").resource(resource)
                    .clientIp(ip).userAgent(agent)));
            JsonObject o = Json.createReader(new ByteArrayInputStream(body)).readObject();
            assertThat(List.of(o.getString("resource"), o.getString("client_ip"), o.getString("user_agent")))
                    .isEqualTo(List.of(sent(resource), sent(ip), sent(agent)));
            assertThat(o.getJsonObject("principal").get("value")).extracting(v -> ((JsonString) v).getString())
                    .isEqualTo("oat_x-1.~+/=");
            assertThat(body).isEqualTo(new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            s.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return s.toString();
    }

    /** What the gateway reads for {@code s}: the same text, each lone surrogate as U+FFFD. */
    private static String sent(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return out.toString();
    }
}
