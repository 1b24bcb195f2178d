package dev.wacht.core;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wacht.core.internal.EndpointFailures;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Verifies JWT access tokens locally, against the OAuth issuer's signing keys (docs/wacht-wire.md,
 * "Signing keys", "JWT access tokens"), without asking the gateway: RS256 only, key by {@code kid}, signature, {@code iss},
 * {@code exp}/{@code iat}/{@code nbf} with clock skew, {@code token_use == "access_token"},
 * {@code aud} when configured, then the required permissions against {@code scope}.
 *
 * <p>Garbage is refused cheaply before any key lookup; every refusal is {@code invalid_token}
 * with a fixed description that never contains the token. The claims are parsed only after the
 * signature has been verified.
 */
final class JwtVerifier implements TokenVerifier {
    private static final System.Logger LOG = System.getLogger("dev.wacht.core.jwt");
    private static final int MAX_HEADER_LENGTH = 1024;
    private static final int MAX_KID_LENGTH = 256;
    private static final String ACCESS_TOKEN_USE = "access_token";

    private final WachtConfig config;
    private final String issuer;
    private final Clock clock;
    private final Duration skew;
    private final SigningKeys keys;
    private final JwksFetcher fetcher;
    private final AvailabilityLog availability;

    JwtVerifier(WachtConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.skew = config.clockSkew();
        this.fetcher = new JwksFetcher(config);
        this.issuer = config.oauthIssuer().orElseThrow().toString();
        this.keys = new SigningKeys(fetcher, clock, config.jwksCacheTtl(), config.jwksRefetchInterval());
        this.availability = new AvailabilityLog(LOG, "OAuth issuer " + EndpointFailures.where(
                config.oauthIssuer().get()) + " (signing keys)", config.name());
    }

    @Override
    public void close() {
        fetcher.close();
    }

    /** A refusal found while checking a token; carries the client-safe description. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        private final String description;

        Refused(String description) {
            super(description, null, false, false);
            this.description = description;
        }

        /** The client-safe description. */
        String description() {
            return description;
        }
    }

    /** What the header check leaves for the signature check. */
    static final class Parsed {
        final JWSHeader header;
        final byte[] signingInput;
        final Base64URL payload;
        final Base64URL signature;

        Parsed(JWSHeader header, byte[] signingInput, Base64URL payload, Base64URL signature) {
            this.header = header;
            this.signingInput = signingInput;
            this.payload = payload;
            this.signature = signature;
        }
    }

    @Override
    public CompletableFuture<Outcome> verify(VerificationRequest request) {
        Parsed parsed;
        try {
            parsed = preParse(request.credential(), config.maxTokenLength());
        } catch (Refused e) {
            return CompletableFuture.completedFuture(logged(request, Outcome.invalidToken(e.description(), null)));
        }
        return keys.find(parsed.header.getKeyID()).handle((lookup, failure) -> {
            Outcome outcome;
            if (failure != null) {
                outcome = Outcome.unavailable(UnavailableCause.SIGNING_KEYS_UNAVAILABLE,
                        "signing key lookup failed: " + EndpointFailures.unwrap(failure).getMessage(),
                        config.unavailableRetryAfter());
            } else {
                Outcome refused = lookup.failure();
                outcome = refused != null ? refused : check(request, parsed,
                        Objects.requireNonNull(lookup.verifier(), "a signing-key lookup has a key or a failure"));
            }
            return logged(request, outcome);
        }).exceptionally(failure -> {
            // A safety net for the TokenVerifier contract: never complete exceptionally, fail closed.
            LOG.log(Level.WARNING, "JWT check failed unexpectedly: {0}", failure.getClass().getSimpleName());
            return Outcome.invalidToken("The token could not be verified", null);
        });
    }

    /**
     * The checks made before any key lookup: shape, size, base64url alphabet, then the header (RS256
     * only, with a {@code kid}). Pure, so it can be fuzzed on its own.
     *
     * @throws Refused for anything that cannot be a token this verifier accepts
     */
    static Parsed preParse(BearerCredential credential, int maxTokenLength) throws Refused {
        String token = credential.value();
        if (token.length() > maxTokenLength) {
            throw new Refused("The access token is too long");
        }
        if (!credential.looksLikeJwt()) {
            throw new Refused("The access token is not a JWT");
        }
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first > MAX_HEADER_LENGTH) {
            throw new Refused("The token header is too large");
        }
        if (!BearerCredentials.isBase64Url(token, 0, first) || !BearerCredentials.isBase64Url(token, first + 1, second)
                || !BearerCredentials.isBase64Url(token, second + 1, token.length())) {
            throw new Refused("The access token is not base64url-encoded");
        }
        Header header;
        try {
            header = Header.parse(new Base64URL(token.substring(0, first)));
        } catch (ParseException | RuntimeException e) {
            throw new Refused("The token header is not a valid JOSE header");
        }
        if (!(header instanceof JWSHeader) || !JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new Refused("The token is not signed with RS256");
        }
        JWSHeader jws = (JWSHeader) header;
        String kid = jws.getKeyID();
        if (kid == null || kid.isEmpty() || kid.length() > MAX_KID_LENGTH) {
            throw new Refused("The token header has no usable key id (kid)");
        }
        if (!jws.isBase64URLEncodePayload()) {
            throw new Refused("The token header asks for an unencoded payload");
        }
        return new Parsed(jws, token.substring(0, second).getBytes(StandardCharsets.US_ASCII),
                new Base64URL(token.substring(first + 1, second)), new Base64URL(token.substring(second + 1)));
    }

    private Outcome check(VerificationRequest request, Parsed parsed, JWSVerifier verifier) {
        try {
            boolean valid;
            try {
                valid = verifier.verify(parsed.header, parsed.signingInput, parsed.signature);
            } catch (JOSEException | RuntimeException e) {
                valid = false;
            }
            if (!valid) {
                throw new Refused("The token signature is invalid");
            }
            JWTClaimsSet claims;
            try {
                claims = JWTClaimsSet.parse(parsed.payload.decodeToString());
            } catch (ParseException | RuntimeException e) {
                throw new Refused("The token claims are malformed");
            }
            WachtPrincipal principal;
            try {
                principal = principal(claims);
            } catch (Refused e) {
                // The signature holds, so the client_id claim is the issuer's word: attribute the refusal to it.
                return Outcome.invalidToken(e.description(), null, clientIdOf(claims));
            }
            List<String> required = request.request().requiredPermissions();
            if (!principal.scopes().containsAll(required)) {
                return Outcome.insufficientScope(required, principal, null);
            }
            return Outcome.allowed(principal);
        } catch (Refused e) {
            return Outcome.invalidToken(e.description(), null);
        }
    }

    /** Checks the claims of a token whose signature is valid, and builds its principal. */
    private WachtPrincipal principal(JWTClaimsSet claims) throws Refused {
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw new Refused("The token was not issued by the configured issuer");
        }
        Instant expiry = instant(claims.getExpirationTime());
        if (expiry == null) {
            throw new Refused("The token has no expiry (exp)");
        }
        if (!now.isBefore(expiry.plus(skew))) {
            throw new Refused("The token has expired");
        }
        Instant issued = instant(claims.getIssueTime());
        if (issued != null && issued.isAfter(now.plus(skew))) {
            throw new Refused("The token was issued in the future");
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        if (notBefore != null && notBefore.isAfter(now.plus(skew))) {
            throw new Refused("The token is not valid yet");
        }
        if (!ACCESS_TOKEN_USE.equals(string(claims, "token_use"))) {
            throw new Refused("The token is not an access token (token_use)");
        }
        List<String> audience = claims.getAudience();
        Optional<String> expected = config.expectedAudience();
        if (expected.isPresent() && !audience.contains(expected.get())) {
            throw new Refused("The token is not intended for this audience");
        }
        String clientId = string(claims, "client_id");
        if (clientId == null || clientId.isEmpty()) {
            throw new Refused("The token has no client_id");
        }
        Set<String> scopes = scopes(string(claims, "scope"));
        return WachtPrincipal.builder(VerificationSource.LOCAL_JWT, CredentialKind.OAUTH_ACCESS_TOKEN, clientId)
                .subject(claims.getSubject())
                .scopes(scopes)
                .permissions(scopes)
                .grantedResource(grantedResource(audience))
                .oauthResource(boundResource(claims, audience))
                .expiresAt(expiry)
                .tokenId(claims.getJWTID())
                .sessionId(string(claims, "sid"))
                .build();
    }

    private static @Nullable String clientIdOf(JWTClaimsSet claims) {
        Object value = claims.getClaim("client_id");
        return value instanceof String && !((String) value).isEmpty() && ((String) value).length() <= 256
                ? (String) value : null;
    }

    /**
     * The resource the token is bound to: its {@code resource} claim, else an {@code aud} value that
     * is the configured resource URI (Wacht's JWTs carry neither, contract §3.6), else null.
     */
    private @Nullable String boundResource(JWTClaimsSet claims, List<String> audience) throws Refused {
        String resource = string(claims, "resource");
        if (resource != null) {
            return resource;
        }
        for (String aud : audience) {
            if (WachtAuthenticator.isBound(config, aud)) {
                return aud;
            }
        }
        return null;
    }

    private static @Nullable String string(JWTClaimsSet claims, String name) throws Refused {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new Refused("The token claim " + name + " is not a string");
        }
    }

    private static Set<String> scopes(@Nullable String scope) {
        Set<String> out = new LinkedHashSet<>();
        if (scope != null) {
            for (String s : scope.split(" ", -1)) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Wacht's {@code aud} is the granted URN when there is one, else the client id (docs/wacht-wire.md, "JWT access tokens"). */
    private static @Nullable GrantedResource grantedResource(List<String> audience) {
        for (String aud : audience) {
            Optional<GrantedResource> granted = GrantedResource.parse(aud);
            if (granted.isPresent()) {
                return granted.get();
            }
        }
        return null;
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date == null ? null : date.toInstant();
    }

    /** Logs a decision (never the token, only its fingerprint) and returns it. */
    private Outcome logged(VerificationRequest request, Outcome outcome) {
        if (outcome instanceof Outcome.Unavailable) {
            Outcome.Unavailable unavailable = (Outcome.Unavailable) outcome;
            availability.failed(unavailable.cause() + ": " + LogText.escape(unavailable.description()));
            return outcome;
        }
        availability.answered();
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "JWT decision {0} credential={1} {2} {3}", LogText.escape(outcome),
                    request.credential().fingerprint(), LogText.escape(request.request().method()),
                    LogText.escape(request.request().resource()));
        }
        return outcome;
    }
}
