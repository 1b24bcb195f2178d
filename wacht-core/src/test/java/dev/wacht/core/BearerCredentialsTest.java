package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerCredentialsTest {
    private static final int MAX = 64;

    private static BearerCredentials.Extraction parse(String... headers) {
        List<String> values = new ArrayList<>(Arrays.asList(headers));
        return BearerCredentials.extract(values, MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "bearer abc", "BEARER abc", "bEaReR abc", "Bearer  abc", " Bearer abc ",
        "Bearer abc\t"})
    void acceptsTheSchemeInAnyCaseWithSpaces(String header) {
        assertThat(parse(header).credential()).map(BearerCredential::value).contains("abc");
        assertThat(parse(header).rejection()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oat_AbC-_.~+/xyz", "abc=", "abc==", "a.b.c", "x"})
    void acceptsToken68(String token) {
        assertThat(parse("Bearer " + token).credential()).map(BearerCredential::value).contains(token);
    }

    @Test
    void noHeaderIsAMissingCredential() {
        BearerCredentials.Extraction e = parse();
        assertThat(e.credential()).isEmpty();
        assertThat(e.rejection().get().reason()).isEqualTo(DenialReason.MISSING_CREDENTIAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Digest username=\"a\"", "Negotiate abc", "Bearerabc", "Token"})
    void otherSchemesAreAMissingBearerCredential(String header) {
        assertThat(parse(header).rejection().get().reason()).isEqualTo(DenialReason.MISSING_CREDENTIAL);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "''|Empty Authorization header",
        "'   '|Empty Authorization header",
        "Bearer|Bearer scheme without a token",
        "'Bearer   '|Bearer scheme without a token",
        "'Bearer\tabc'|Bearer scheme must be followed by a space",
        "Bearer abc def|Bearer token contains whitespace",
        "'Bearer abc\tdef'|Bearer token contains whitespace",
        "Bearer abc,def|Bearer token contains a character outside token68 syntax at position 4",
        "Bearer \"abc\"|Bearer token contains a character outside token68 syntax at position 1",
        "Bearer abc%20|Bearer token contains a character outside token68 syntax at position 4",
        "Bearer ab=c|Bearer token has '=' padding before its end",
        "Bearer ===|Bearer token consists of padding only",
        "'\u00e9Bearer x'|Authorization header does not start with a scheme",
    })
    void malformedBearerCredentialsAreInvalidRequests(String header, String description) {
        Outcome.Denied d = parse(header).rejection().orElseThrow();
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_REQUEST);
        assertThat(d.description()).isEqualTo(description);
    }

    @Test
    void controlAndNonAsciiCharactersAreNamedWithoutEchoingTheToken() {
        assertThat(parse("Bearer abc\r\ndef").rejection().get().description())
                .isEqualTo("Bearer token contains a control character at position 4");
        assertThat(parse("Bearer abc\u0000").rejection().get().description())
                .isEqualTo("Bearer token contains a control character at position 4");
        assertThat(parse("Bearer ab\u00e9").rejection().get().description())
                .isEqualTo("Bearer token contains a non-ASCII character at position 3");
    }

    @Test
    void severalHeadersAreAnInvalidRequest() {
        Outcome.Denied d = parse("Bearer a", "Bearer b").rejection().orElseThrow();
        assertThat(d.reason()).isEqualTo(DenialReason.INVALID_REQUEST);
        assertThat(d.description()).isEqualTo("More than one Authorization header");
    }

    @Test
    void theLengthCapIsCheckedBeforeTheCharacters() {
        assertThat(parse("Bearer " + "a".repeat(MAX)).credential()).isPresent();
        Outcome.Denied d = parse("Bearer " + "\u0000".repeat(MAX + 1)).rejection().orElseThrow();
        assertThat(d.description()).isEqualTo("Bearer token is longer than 64 characters");
    }

    @Test
    void theCredentialNeverShowsItsValue() {
        BearerCredential c = parse("Bearer oat_secretvalue").credential().orElseThrow();
        assertThat(c.toString()).doesNotContain("secretvalue").contains(c.fingerprint());
        assertThat(c.fingerprint()).matches("sha256:[0-9a-f]{12}");
        assertThat(c.sha256Hex()).hasSize(64).startsWith(c.fingerprint().substring(7));
    }

    @Test
    void jwtShapeIsThreeNonEmptySegments() {
        assertThat(BearerCredential.of("a.b.c").looksLikeJwt()).isTrue();
        assertThat(BearerCredential.of("a.b").looksLikeJwt()).isFalse();
        assertThat(BearerCredential.of("a..c").looksLikeJwt()).isFalse();
        assertThat(BearerCredential.of(".b.c").looksLikeJwt()).isFalse();
        assertThat(BearerCredential.of("a.b.").looksLikeJwt()).isFalse();
        assertThat(BearerCredential.of("a.b.c.d").looksLikeJwt()).isFalse();
    }
}
