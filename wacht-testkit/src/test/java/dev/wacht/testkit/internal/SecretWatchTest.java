package dev.wacht.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The leak oracle itself: secrets planted in every form it claims to find are found, and only those. */
class SecretWatchTest {
    private static final String LOGGER = "dev.wacht.testkit.secretwatchtest";
    private static final String API_KEY = "wk_live_Q7f3kP9xLm2ZtR8vB4nW6yHc";
    private static final String TOKEN = "oat_X-TQeNbf5IQ-57_IrkaGFQMQbTDc-5CPEa";
    /** A JWT: header, payload, signature. */
    private static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJlLWJ5dGVz";

    private final Logger logger = Logger.getLogger(LOGGER);
    private SecretWatch watch;

    @BeforeEach
    void install() {
        watch = SecretWatch.install(List.of(LOGGER), record -> String.valueOf(record.getMessage()).startsWith("wire:"));
        watch.watch(API_KEY);
        watch.watch(TOKEN);
        watch.watch(JWT);
    }

    @AfterEach
    void close() {
        watch.close();
    }

    private void assertFound(String text) {
        int before = watch.leaks().size();
        watch.scan("planted", text);
        assertThat(watch.leaks()).as(text).hasSize(before + 1);
    }

    @Test
    void theWholeSecretInsideOtherTextIsFound() {
        assertFound("calling gateway with key " + API_KEY + " for GET /x");
    }

    @Test
    void aTruncatedSecretIsFound() {
        assertFound("token=" + TOKEN.substring(0, SecretWatch.FRAGMENT) + "…");
    }

    @Test
    void theEndOfASecretIsFound() {
        assertFound("key ending in " + API_KEY.substring(API_KEY.length() - SecretWatch.FRAGMENT));
    }

    @Test
    void aSecretWithSomethingGluedInFrontIsFound() {
        assertFound("Bearer" + TOKEN);
    }

    @Test
    void aPercentEncodedSecretIsFound() {
        String secret = "s3cr3t+v@lue/with=reserved&chars";
        watch.watch(secret);
        assertFound("GET /cb?client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8) + " HTTP/1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "xy"})
    void aBase64EncodedSecretIsFoundAtEveryAlignment(String before) {
        byte[] text = (before + "Authorization: Bearer " + TOKEN + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertFound("dump " + Base64.getEncoder().encodeToString(text));
        assertFound("dump " + Base64.getUrlEncoder().withoutPadding().encodeToString(text));
    }

    @Test
    void aShortSecretIsFoundWhole() {
        watch.watch("abc123XY");
        assertFound("credential abc123XY rejected");
    }

    @Test
    void aSecretShorterThanTheMinimumIsNotWatched() {
        watch.watch("abc1234");
        watch.scan("text", "credential abc1234 rejected");
        assertThat(watch.leaks()).isEmpty();
    }

    @Test
    void theHeaderOfAJwtIsNotASecretButItsPayloadAndSignatureAre() {
        watch.scan("another token of the same issuer", JWT.substring(0, JWT.indexOf('.') + 1) + "eyJvdGhlciJ9.b3RoZXI");
        assertThat(watch.leaks()).isEmpty();
        assertFound("sig " + JWT.substring(JWT.lastIndexOf('.') + 1));
    }

    @Test
    void unrelatedTextIsNotALeak() {
        watch.scan("body", "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid\"}");
        watch.scan("challenge", "Bearer realm=\"wacht\", error=\"invalid_token\"");
        assertThat(watch.leaks()).isEmpty();
    }

    @Test
    void theSchemeOfAnAuthorizationValueIsNotASecretButTheCredentialIs() {
        watch.watchAuthorization(List.of("Bearer a", "Basic dXNlcjpwYXNzd29yZA=="));
        watch.scan("message", "Bearer a token is required");
        assertThat(watch.leaks()).isEmpty();
        assertFound("Basic credential dXNlcjpwYXNzd29yZA== refused");
    }

    @Test
    void aSecretInALogRecordIsFoundInMessageParametersAndExceptions() {
        logger.fine("checking " + API_KEY);
        logger.log(Level.FINEST, "checking {0}", TOKEN);
        logger.log(Level.WARNING, "failed", new IllegalStateException("wrapped",
                new IllegalArgumentException("bad token " + TOKEN.substring(4, 4 + SecretWatch.FRAGMENT))));
        assertThat(watch.leaks()).hasSize(3);
        assertThat(watch.scanned(LOGGER)).isEqualTo(3);
    }

    @Test
    void anExcludedRecordIsCountedButNotScanned() {
        logger.fine("wire: Authorization: Bearer " + TOKEN);
        assertThat(watch.records()).isEqualTo(1);
        assertThat(watch.scanned(LOGGER)).isZero();
        assertThat(watch.leaks()).isEmpty();
    }

    @Test
    void aLoggerTurnedDownWhileWatchingIsReported() {
        assertThat(watch.loggersTurnedDown()).isEmpty();
        logger.setLevel(Level.SEVERE);
        assertThat(watch.loggersTurnedDown()).containsExactly(LOGGER + " at SEVERE");
    }

    @Test
    void closingRestoresAnInheritedLevel() {
        watch.close();
        assertThat(logger.getLevel()).isNull();
        watch = SecretWatch.install(List.of(LOGGER), record -> false);
        assertThat(logger.getLevel()).isEqualTo(Level.ALL);
    }
}
