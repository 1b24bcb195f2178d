package dev.wacht.testkit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * The OAuth app's signing keys as Wacht keeps them (docs/wacht-wire.md, "Signing keys"): RSA-2048, RS256, one active key
 * at a time, retired keys that stay published, compromised keys withdrawn from the JWKS at once.
 * The first key is made on first use, as Wacht makes it on the first JWKS fetch. Signs with the
 * JDK's {@code SHA256withRSA}. Thread-safe.
 */
final class SigningKeyRing {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /** A key's status, with its wire name. */
    enum Status {
        ACTIVE, RETIRED, COMPROMISED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One key and its current status. */
    static final class Key {
        final String kid;
        final KeyPair pair;
        final Status status;

        Key(String kid, KeyPair pair, Status status) {
            this.kid = kid;
            this.pair = pair;
            this.status = status;
        }

        Key with(Status s) {
            return new Key(kid, pair, s);
        }

        /** The management-API shape {@code {kid, algorithm, status, public_key_pem}}. */
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kid", kid);
            m.put("algorithm", "RS256");
            m.put("status", status.wireName());
            m.put("public_key_pem", "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return m;
        }
    }

    private final String appId;
    private final Supplier<String> ids;
    private final List<Key> keys = new ArrayList<>(); // newest first; guarded by this

    SigningKeyRing(String appId, Supplier<String> ids) {
        this.appId = appId;
        this.ids = ids;
    }

    /** The active key, made on first use. */
    synchronized Key active() {
        for (Key k : keys) {
            if (k.status == Status.ACTIVE) {
                return k;
            }
        }
        return add();
    }

    /** Retires the active key (it stays published) and makes a new active key. */
    synchronized Key rotate() {
        keys.replaceAll(k -> k.status == Status.ACTIVE ? k.with(Status.RETIRED) : k);
        return add();
    }

    /**
     * Marks a key compromised, which withdraws it from the JWKS. Compromising the active key leaves
     * the app without one until the next use makes a new one.
     *
     * @throws NoSuchElementException for an unknown kid
     */
    synchronized void compromise(String kid) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).kid.equals(kid)) {
                keys.set(i, keys.get(i).with(Status.COMPROMISED));
                return;
            }
        }
        throw new NoSuchElementException("Signing key not found");
    }

    /** Every key, newest first (the first one is made if there is none). */
    synchronized List<Key> all() {
        active();
        return List.copyOf(keys);
    }

    /** {@code {"keys":[…]}}: the active and retired keys, newest first. */
    Map<String, Object> jwks() {
        List<Object> published = new ArrayList<>();
        for (Key k : all()) {
            if (k.status != Status.COMPROMISED) {
                RSAPublicKey pub = (RSAPublicKey) k.pair.getPublic();
                Map<String, Object> jwk = new LinkedHashMap<>();
                jwk.put("kty", "RSA");
                jwk.put("use", "sig");
                jwk.put("alg", "RS256");
                jwk.put("kid", k.kid);
                jwk.put("n", unsigned(pub.getModulus()));
                jwk.put("e", unsigned(pub.getPublicExponent()));
                published.add(jwk);
            }
        }
        return Map.of("keys", published);
    }

    /** Signs the claims with the active key: header {@code {"alg":"RS256","typ":"JWT","kid":…}}. */
    String sign(Map<String, ?> claims) {
        Key key = active();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", key.kid);
        String input = encode(header) + "." + encode(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.pair.getPrivate());
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }

    private static String encode(Object json) {
        return B64URL.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private Key add() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            Key k = new Key("oas-" + appId + "-" + ids.get(), gen.generateKeyPair(), Status.ACTIVE);
            keys.add(0, k);
            return k;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    /** A JWK integer: big-endian, no sign byte, base64url without padding. */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64URL.encodeToString(bytes);
    }
}
