package dev.wacht.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The emulator's state: one deployment with its API-auth app and OAuth app (with its signing keys),
 * OAuth clients, grants, access tokens, API keys, scope definitions and rate-limit rules. Thread-safe: every map is
 * concurrent and every stored value immutable; updates replace values atomically.
 */
final class Registry {
    static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);
    static final String DEFAULT_USER_ID = "1";
    static final String DEFAULT_KEY_NAME = "test-key";
    static final String API_KEY_PREFIX = "wk_test_";
    /** Orders numeric id strings by value. */
    static final Comparator<String> NUMERIC = Comparator.comparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());

    private final Clock clock;
    private final Deployment deployment;
    private final OAuthApp oauthApp;
    private final String defaultClientRecordId;
    private final String defaultClientId;
    private final AtomicLong ids;

    private final ConcurrentMap<String, OAuthClient> clientsByRecordId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> clientRecordIdsByClientId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Grant> grants = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AccessToken> tokensBySha = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ApiKey> apiKeysBySha = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> apiKeyShaById = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ScopeDefinition> scopeDefinitions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AuthorizationCode> codesBySha = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RefreshToken> refreshTokensBySha = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AuthorizeRequest> handoffs = new ConcurrentHashMap<>();
    private volatile Consent consent = Consent.page();
    private volatile boolean dynamicClientRegistration;
    /** Null means "no scheme": the gateway's default rule applies. */
    private final AtomicReference<List<RateLimitRule>> rules = new AtomicReference<>();
    private volatile SigningKeyRing signingKeys;

    Registry(Clock clock, String deploymentId, String oauthAppSlug, String issuer,
             @Nullable String defaultClientRecordId, @Nullable String defaultClientId) {
        this.clock = clock;
        this.deployment = new Deployment(deploymentId);
        // Snowflake-like, increasing numeric ids (well away from small hand-picked ids such as "9001").
        this.ids = new AtomicLong((System.currentTimeMillis() - 1_600_000_000_000L) << 20);
        this.oauthApp = new OAuthApp(nextId(), oauthAppSlug, issuer, clock.instant());
        this.signingKeys = newSigningKeys();
        this.defaultClientRecordId = defaultClientRecordId != null ? defaultClientRecordId : nextId();
        this.defaultClientId = defaultClientId != null ? defaultClientId : "oc_" + Text.randomAlnum(24);
        createDefaultClient();
    }

    private void createDefaultClient() {
        register(defaultClientRecordId, defaultClientId, OAuthClient.DEFAULT_AUTH_METHOD, ClientMetadata.of(List.of()),
                null, clock.instant());
    }

    /** Stores a new client; returns its secret (null for auth methods without one). */
    private @Nullable String register(String recordId, String clientId, String authMethod, ClientMetadata metadata,
                                      @Nullable String registrationTokenSha256, Instant now) {
        String secret = OAuthClient.usesSecret(authMethod) ? OAuthClient.SECRET_PREFIX + Text.random43() : null;
        OAuthClient c = OAuthClient.create(recordId, clientId, oauthApp.slug, authMethod,
                secret == null ? null : Text.sha256Hex(secret), metadata, registrationTokenSha256, now);
        clientsByRecordId.put(c.recordId, c);
        clientRecordIdsByClientId.put(c.clientId, c.recordId);
        return secret;
    }

    String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    private SigningKeyRing newSigningKeys() {
        return new SigningKeyRing(oauthApp.id, this::nextId);
    }

    SigningKeyRing signingKeys() {
        return signingKeys;
    }

    Clock clock() {
        return clock;
    }

    Deployment deployment() {
        return deployment;
    }

    OAuthApp oauthApp() {
        return oauthApp;
    }

    String defaultClientId() {
        return defaultClientId;
    }

    String defaultClientRecordId() {
        return defaultClientRecordId;
    }

    /** Clears every token, key, grant, non-default client, scope definition, and restores the default rule. */
    void reset() {
        tokensBySha.clear();
        apiKeysBySha.clear();
        apiKeyShaById.clear();
        grants.clear();
        clientsByRecordId.clear();
        clientRecordIdsByClientId.clear();
        scopeDefinitions.clear();
        codesBySha.clear();
        refreshTokensBySha.clear();
        handoffs.clear();
        consent = Consent.page();
        dynamicClientRegistration = false;
        rules.set(null);
        signingKeys = newSigningKeys();
        createDefaultClient();
    }

    // ---------------------------------------------------------------- OAuth

    MintedToken mintToken(TokenRequest req) {
        Instant now = clock.instant();
        Grant grant = grantFor(req, now);
        List<String> scopes = req.scopes() != null ? req.scopes() : grant.scopes;
        OAuthClient client = clientOf(grant.clientRecordId);
        Instant expiresAt = expiresAt(req, now);
        String oauthResource = req.oauthResource() != null ? req.oauthResource() : grant.oauthResource;
        String token = "oat_" + Text.random43();
        AccessToken stored = new AccessToken(Text.sha256Hex(token), grant.id, grant.clientRecordId, grant.userId,
                scopes, oauthResource, grant.grantedResource, now, expiresAt, null);
        tokensBySha.put(stored.sha256, stored);
        return new MintedToken(token, grant.id, client.clientId, client.recordId, oauthApp.slug, grant.userId,
                grant.grantedResource.urn, scopes, expiresAt);
    }

    /**
     * Mints a JWT access token with the claims of docs/wacht-wire.md ("JWT access tokens"), signed by the active key. Like
     * Wacht, it stores no token row: the gateway answers 401 for it, and only expiry ends it.
     */
    MintedToken mintJwt(TokenRequest req) {
        Instant now = clock.instant();
        Grant grant = grantFor(req, now);
        List<String> scopes = req.scopes() != null ? req.scopes() : grant.scopes;
        OAuthClient client = clientOf(grant.clientRecordId);
        Instant expiresAt = expiresAt(req, now);
        String jwt = signAccessJwt(client, grant.userId, grant.grantedResource, scopes, req.sessionId(), now,
                expiresAt);
        return new MintedToken(jwt, grant.id, client.clientId, client.recordId, oauthApp.slug, grant.userId,
                grant.grantedResource.urn, scopes, expiresAt);
    }

    /** A JWT access token with the claims of docs/wacht-wire.md, "JWT access tokens", in Wacht's order, signed by the active key. */
    private String signAccessJwt(OAuthClient client, String userId, GrantedResource granted, List<String> scopes,
                                 @Nullable String sessionId, Instant now, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", oauthApp.issuer);
        claims.put("sub", userId);
        claims.put("aud", granted == null ? client.clientId : granted.urn);
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", nextId());
        claims.put("client_id", client.clientId);
        claims.put("scope", String.join(" ", scopes));
        if (sessionId != null) {
            claims.put("sid", sessionId);
        }
        claims.put("token_use", "access_token");
        return signingKeys.sign(claims);
    }

    /** An id_token as Wacht signs it: same key, {@code aud} = client_id, no {@code token_use}. */
    String mintIdToken(TokenRequest req) {
        Instant now = clock.instant();
        OAuthClient client = resolveClient(req.clientId(), req.clientRecordId(), now);
        Map<String, Object> claims = idTokenClaims(client, req.userId() != null ? req.userId() : DEFAULT_USER_ID,
                expiresAt(req, now), now);
        if (req.sessionId() != null) {
            claims.put("sid", req.sessionId());
        }
        return signingKeys.sign(claims);
    }

    private Map<String, Object> idTokenClaims(OAuthClient client, String userId, Instant expiresAt, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", oauthApp.issuer);
        claims.put("sub", userId);
        claims.put("aud", client.clientId);
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        return claims;
    }

    private static Instant expiresAt(TokenRequest req, Instant now) {
        return req.expiresAt() != null ? req.expiresAt()
                : now.plus(req.expiresIn() != null ? req.expiresIn() : DEFAULT_TOKEN_LIFETIME);
    }

    /** The grant a token is minted on: the one the request names, or a new one. */
    private Grant grantFor(TokenRequest req, Instant now) {
        if (req.grantId() != null) {
            Grant grant = grants.get(req.grantId());
            if (grant == null) {
                throw new NoSuchElementException("unknown grant: " + req.grantId());
            }
            OAuthClient c = clientsByRecordId.get(grant.clientRecordId);
            conflict("client_id", req.clientId(), c == null ? null : c.clientId);
            conflict("client_record_id", req.clientRecordId(), grant.clientRecordId);
            conflict("user_id", req.userId(), grant.userId);
            conflict("granted_resource", req.grantedResource(), grant.grantedResource.urn);
            if (req.scopes() != null) {
                for (String s : req.scopes()) {
                    if (!grant.scopes.contains(s)) {
                        throw new IllegalArgumentException("scope " + s + " is not part of grant " + grant.id);
                    }
                }
            }
            return grant;
        }
        OAuthClient client = resolveClient(req.clientId(), req.clientRecordId(), now);
        String userId = req.userId() != null ? Text.requireNonBlank(req.userId(), "user_id") : DEFAULT_USER_ID;
        if (userId.contains(":")) {
            throw new IllegalArgumentException("user_id must not contain ':'");
        }
        GrantedResource granted = req.grantedResource() != null
                ? GrantedResource.parse(req.grantedResource()) : GrantedResource.user(userId);
        List<String> scopes = req.scopes() != null ? req.scopes() : List.of();
        Grant grant = new Grant(nextId(), client.recordId, userId, granted, scopes, req.oauthResource(),
                GrantStatus.ACTIVE, now, null, null);
        grants.put(grant.id, grant);
        return grant;
    }

    private static void conflict(String field, @Nullable String requested, @Nullable String actual) {
        if (requested != null && !requested.equals(actual)) {
            throw new IllegalArgumentException(field + " " + requested + " does not match the grant's " + actual);
        }
    }

    private OAuthClient resolveClient(@Nullable String clientId, @Nullable String recordId, Instant now) {
        if (clientId == null && recordId == null) {
            OAuthClient c = clientsByRecordId.get(defaultClientRecordId);
            if (c != null) {
                return c;
            }
            createDefaultClient();
            return clientOf(defaultClientRecordId);
        }
        if (recordId != null && !recordId.matches("[0-9]{1,19}")) {
            throw new IllegalArgumentException("client_record_id must be numeric: " + recordId);
        }
        if (clientId != null && Text.trim(clientId).isEmpty()) {
            throw new IllegalArgumentException("client_id must not be blank");
        }
        synchronized (clientsByRecordId) { // creation only: two short map operations, nothing blocking
            if (clientId != null) {
                String existing = clientRecordIdsByClientId.get(clientId);
                if (existing != null) {
                    if (recordId != null && !recordId.equals(existing)) {
                        throw new IllegalArgumentException(
                                "client " + clientId + " already has record id " + existing + ", not " + recordId);
                    }
                    return clientOf(existing);
                }
            } else {
                OAuthClient existing = clientsByRecordId.get(recordId);
                if (existing != null) {
                    return existing;
                }
            }
            String rid = recordId != null ? recordId : nextId();
            if (clientsByRecordId.containsKey(rid)) {
                throw new IllegalArgumentException("client record id " + rid + " belongs to another client");
            }
            String cid = clientId != null ? clientId : "oc_" + Text.randomAlnum(24);
            register(rid, cid, OAuthClient.DEFAULT_AUTH_METHOD, ClientMetadata.of(List.of()), null, now);
            return clientOf(rid);
        }
    }

    /**
     * The client of a record id that a stored grant, token, code or hand-off names, or that was just
     * registered (clients are never removed, only deactivated, until {@link #reset()}).
     */
    OAuthClient clientOf(String recordId) {
        return Objects.requireNonNull(clientsByRecordId.get(recordId),
                () -> "the emulator has no OAuth client with record id " + recordId);
    }

    /**
     * Registers a new client with this auth method (one of {@link OAuthClient#AUTH_METHODS}), the default
     * grant types and these redirect URIs.
     */
    MintedClient createClient(String authMethod, List<String> redirectUris) {
        if (!OAuthClient.AUTH_METHODS.contains(authMethod)) {
            throw new IllegalArgumentException("unknown client_auth_method \"" + authMethod + "\" (one of "
                    + new TreeSet<>(OAuthClient.AUTH_METHODS) + ")");
        }
        for (String uri : redirectUris) {
            Text.requireNonBlank(uri, "redirect URI");
        }
        String rid = nextId();
        String cid = "oc_" + Text.randomAlnum(24);
        String secret;
        synchronized (clientsByRecordId) {
            secret = register(rid, cid, authMethod, ClientMetadata.of(redirectUris), null, clock.instant());
        }
        return new MintedClient(cid, rid, authMethod, secret);
    }

    /** A client made by dynamic client registration, with the credentials shown only once. */
    static final class Registered {
        final OAuthClient client;
        /** Null for {@code none} and {@code private_key_jwt}. */
        final @Nullable String secret;
        final String registrationToken;

        Registered(OAuthClient client, @Nullable String secret, String registrationToken) {
            this.client = client;
            this.secret = secret;
            this.registrationToken = registrationToken;
        }
    }

    /**
     * Registers a client through dynamic client registration: a {@code client_id} of {@code oc_} and 32
     * base64url characters (24 random bytes), and a registration access token of which only the hash is kept.
     */
    Registered registerDynamic(String authMethod, ClientMetadata metadata) {
        String cid = "oc_" + Text.randomBase64Url(24);
        String token = "orat_" + Text.random43();
        String rid = nextId();
        String secret;
        synchronized (clientsByRecordId) {
            secret = register(rid, cid, authMethod, metadata, Text.sha256Hex(token), clock.instant());
        }
        return new Registered(clientOf(rid), secret, token);
    }

    /** The client with this public id, or null. */
    @Nullable OAuthClient clientByClientId(String clientId) {
        String rid = clientRecordIdsByClientId.get(clientId);
        return rid == null ? null : clientsByRecordId.get(rid);
    }

    /** Every client of the OAuth app, newest first (inactive ones included). */
    List<OAuthClient> clients() {
        List<OAuthClient> list = new ArrayList<>(clientsByRecordId.values());
        list.sort(Comparator.comparing((OAuthClient c) -> c.createdAt).thenComparing(c -> c.recordId, NUMERIC)
                .reversed());
        return list;
    }

    /** Replaces a client atomically; null when there is no such client. */
    @Nullable OAuthClient updateClient(String recordId, UnaryOperator<OAuthClient> change) {
        return clientsByRecordId.computeIfPresent(recordId, (k, c) -> change.apply(c));
    }

    /** Gives a client a new secret at once (the old one stops working); returns it. */
    String rotateSecret(String recordId) {
        String secret = OAuthClient.SECRET_PREFIX + Text.random43();
        Instant now = clock.instant();
        if (updateClient(recordId, c -> c.withSecretSha256(Text.sha256Hex(secret), now)) == null) {
            throw new NoSuchElementException("unknown client record id: " + recordId);
        }
        return secret;
    }

    /** Whether this is the client's current secret. */
    boolean clientSecretMatches(String recordId, @Nullable String secret) {
        OAuthClient c = clientsByRecordId.get(recordId);
        return c != null && c.secretSha256 != null && secret != null && MessageDigest.isEqual(
                c.secretSha256.getBytes(StandardCharsets.US_ASCII),
                Text.sha256Hex(secret).getBytes(StandardCharsets.US_ASCII));
    }

    /** The grants of a client, newest first. */
    List<Grant> grantsOf(String clientRecordId) {
        List<Grant> list = new ArrayList<>();
        for (Grant g : grants.values()) {
            if (g.clientRecordId.equals(clientRecordId)) {
                list.add(g);
            }
        }
        list.sort(Comparator.comparing((Grant g) -> g.grantedAt).thenComparing(g -> g.id, NUMERIC).reversed());
        return list;
    }

    @Nullable AccessToken tokenBySha(String sha256) {
        return tokensBySha.get(sha256);
    }

    @Nullable Grant grant(String id) {
        return grants.get(id);
    }

    /** A grant that a stored code or refresh token names (grants are never removed until {@link #reset()}). */
    Grant grantOf(String id) {
        return Objects.requireNonNull(grants.get(id), () -> "the emulator has no grant " + id);
    }

    @Nullable OAuthClient client(String recordId) {
        return clientsByRecordId.get(recordId);
    }

    void revokeGrant(String grantId) {
        Instant now = clock.instant();
        if (grants.computeIfPresent(grantId, (k, g) -> g.status == GrantStatus.REVOKED ? g : g.revoked(now)) == null) {
            throw new NoSuchElementException("unknown grant: " + grantId);
        }
    }

    void expireGrant(String grantId) {
        Instant now = clock.instant();
        if (grants.computeIfPresent(grantId, (k, g) -> g.expired(now)) == null) {
            throw new NoSuchElementException("unknown grant: " + grantId);
        }
    }

    void revokeToken(String accessToken) {
        Instant now = clock.instant();
        String sha = Text.sha256Hex(Text.trim(accessToken));
        if (tokensBySha.computeIfPresent(sha, (k, t) -> t.revokedAt != null ? t : t.revoked(now)) == null) {
            throw new NoSuchElementException("unknown access token");
        }
    }

    void expireToken(String accessToken) {
        Instant now = clock.instant();
        String sha = Text.sha256Hex(Text.trim(accessToken));
        if (tokensBySha.computeIfPresent(sha, (k, t) -> now.isBefore(t.expiresAt) ? t.expired(now) : t) == null) {
            throw new NoSuchElementException("unknown access token");
        }
    }

    void defineScope(ScopeDefinition definition) {
        scopeDefinitions.put(definition.scope(), definition);
    }

    @Nullable ScopeDefinition scopeDefinition(String scope) {
        return scopeDefinitions.get(scope);
    }

    List<ScopeDefinition> scopeDefinitions() {
        List<ScopeDefinition> list = new ArrayList<>(scopeDefinitions.values());
        list.sort(Comparator.comparing(ScopeDefinition::scope));
        return Collections.unmodifiableList(list);
    }

    // ---------------------------------------------------------------- authorization-code flow

    Consent consent() {
        return consent;
    }

    void setConsent(Consent value) {
        consent = value;
    }

    boolean dynamicClientRegistration() {
        return dynamicClientRegistration;
    }

    void setDynamicClientRegistration(boolean value) {
        dynamicClientRegistration = value;
    }

    /** Keeps a pending consent; expired ones are dropped here, so abandoned consents cannot pile up. */
    void putHandoff(AuthorizeRequest request) {
        handoffs.values().removeIf(r -> !request.requestedAt.isBefore(r.expiresAt));
        handoffs.put(request.handoffId, request);
    }

    /** The hand-off if it exists and has not expired (it is kept until used, like Wacht's for 600 s). */
    @Nullable AuthorizeRequest handoff(String id, Instant now) {
        AuthorizeRequest r = handoffs.get(id);
        if (r != null && !now.isBefore(r.expiresAt)) {
            handoffs.remove(id, r);
            return null;
        }
        return r;
    }

    void removeHandoff(String id) {
        handoffs.remove(id);
    }

    /**
     * The newest active, unexpired grant of this client, user and granted resource that holds every one of
     * these scopes; null when there is none (always for an empty list, as in Wacht).
     */
    @Nullable Grant coveringGrant(String clientRecordId, String userId, GrantedResource granted, List<String> scopes,
                        Instant now) {
        if (scopes.isEmpty()) {
            return null;
        }
        for (Grant g : grantsOf(clientRecordId)) { // newest first
            if (g.isUsable(now) && g.userId.equals(userId) && g.grantedResource.urn.equals(granted.urn)
                    && g.scopes.containsAll(scopes)) {
                return g;
            }
        }
        return null;
    }

    /** The newest active grant covering the approval, else a new grant (docs/oauth-issuer.md, "Consent"). */
    Grant grantForConsent(String clientRecordId, String userId, GrantedResource granted, List<String> scopes,
                          Instant now) {
        Grant existing = coveringGrant(clientRecordId, userId, granted, scopes, now);
        if (existing != null) {
            return existing;
        }
        Grant grant = new Grant(nextId(), clientRecordId, userId, granted, scopes, null, GrantStatus.ACTIVE, now,
                null, null);
        grants.put(grant.id, grant);
        return grant;
    }

    /** Issues a code ({@code oac_} plus 43 characters) and keeps only its hash. */
    String issueCode(AuthorizeRequest req, Grant grant, List<String> scopes, Instant now) {
        String code = "oac_" + Text.random43();
        String sha = Text.sha256Hex(code);
        codesBySha.put(sha, new AuthorizationCode(nextId(), sha, req.clientRecordId, grant.id, grant.userId,
                req.redirectUri, req.codeChallenge, req.codeChallengeMethod, scopes, req.resource,
                grant.grantedResource, req.nonce, req.requestedAt, now, null));
        return code;
    }

    @Nullable AuthorizationCode code(String sha256) {
        return codesBySha.get(sha256);
    }

    /** Marks a code consumed; false when another request consumed it first. */
    boolean consumeCode(String sha256, Instant now) {
        boolean[] won = new boolean[1];
        codesBySha.computeIfPresent(sha256, (k, c) -> {
            if (c.consumedAt != null) {
                return c;
            }
            won[0] = true;
            return c.consumed(now);
        });
        return won[0];
    }

    /** Every issued code, newest first. */
    List<AuthorizationCode> codes() {
        List<AuthorizationCode> list = new ArrayList<>(codesBySha.values());
        list.sort(Comparator.comparing((AuthorizationCode c) -> c.issuedAt).thenComparing(c -> c.id, NUMERIC)
                .reversed());
        return list;
    }

    /** Every grant, newest first. */
    List<Grant> grants() {
        List<Grant> list = new ArrayList<>(grants.values());
        list.sort(Comparator.comparing((Grant g) -> g.grantedAt).thenComparing(g -> g.id, NUMERIC).reversed());
        return list;
    }

    /** Whether the grant is still active and its user still entitled to the granted resource. */
    boolean grantIsValid(String grantId, Instant now) {
        Grant g = grants.get(grantId);
        // The emulator has no memberships: an organization or workspace URN is always entitled.
        return g != null && g.isUsable(now) && (!g.grantedResource.type.equals("user")
                || g.grantedResource.id.equals(g.userId));
    }

    /** An issued pair: the access token (opaque or JWT), its lifetime, and the refresh token. */
    static final class TokenPair {
        final String accessToken;
        final long expiresIn;
        final String refreshToken;
        final List<String> scopes;

        TokenPair(String accessToken, long expiresIn, String refreshToken, List<String> scopes) {
            this.accessToken = accessToken;
            this.expiresIn = expiresIn;
            this.refreshToken = refreshToken;
            this.scopes = scopes;
        }
    }

    /**
     * Issues an access token in the client's {@code access_token_format} (an opaque token is stored where
     * the gateway looks it up) and a refresh token, both on this grant (docs/oauth-issuer.md, "Token endpoint").
     */
    TokenPair issueTokens(OAuthClient client, Grant grant, List<String> scopes, @Nullable String oauthResource,
                          Instant now) {
        long ttl = Math.max(client.accessTokenTtlSeconds, 60);
        Instant expiresAt = now.plusSeconds(ttl);
        String access;
        if ("jwt".equals(client.accessTokenFormat)) {
            access = signAccessJwt(client, grant.userId, grant.grantedResource, scopes, null, now, expiresAt);
        } else {
            access = "oat_" + Text.random43();
            tokensBySha.put(Text.sha256Hex(access), new AccessToken(Text.sha256Hex(access), grant.id, client.recordId,
                    grant.userId, scopes, oauthResource, grant.grantedResource, now, expiresAt, null));
        }
        String refresh = "ort_" + Text.random43();
        refreshTokensBySha.put(Text.sha256Hex(refresh), new RefreshToken(Text.sha256Hex(refresh), client.recordId,
                grant.id, grant.userId, scopes, oauthResource, grant.grantedResource, now, null, null));
        return new TokenPair(access, ttl, refresh, scopes);
    }

    /** An id_token for the code flow: {@code aud} = client_id, {@code nonce} and {@code auth_time} when known. */
    String idToken(OAuthClient client, String userId, @Nullable String nonce, Instant authTime, Instant now) {
        Map<String, Object> claims = idTokenClaims(client, userId,
                now.plusSeconds(Math.max(client.accessTokenTtlSeconds, 60)), now);
        claims.put("auth_time", authTime.getEpochSecond());
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        return signingKeys.sign(claims);
    }

    @Nullable RefreshToken refreshToken(String sha256) {
        return refreshTokensBySha.get(sha256);
    }

    /** Revokes this refresh token and every later one in its chain (reuse detection). */
    void revokeRefreshChain(String sha256, Instant now) {
        String next = sha256;
        int guard = refreshTokensBySha.size();
        while (next != null && guard-- >= 0) {
            RefreshToken t = refreshTokensBySha.computeIfPresent(next, (k, r) -> r.revoked(now));
            next = t == null ? null : t.replacedBySha256;
        }
    }

    /** Links the old refresh token to its successor and revokes it; false when it was revoked meanwhile. */
    boolean rotateRefreshToken(String oldSha, String newSha, Instant now) {
        boolean[] won = new boolean[1];
        refreshTokensBySha.computeIfPresent(oldSha, (k, r) -> {
            if (r.revokedAt != null) {
                return r;
            }
            won[0] = true;
            return r.replacedBy(newSha, now);
        });
        return won[0];
    }

    /** Revokes every access and refresh token of a grant (a code redeemed twice at the same time). */
    void revokeTokensOfGrant(String grantId, Instant now) {
        tokensBySha.replaceAll((k, t) -> t.grantId != null && t.grantId.equals(grantId) && t.revokedAt == null
                ? t.revoked(now) : t);
        refreshTokensBySha.replaceAll((k, r) -> r.grantId.equals(grantId) ? r.revoked(now) : r);
    }

    /** Revokes one opaque access token of this client by value (a JWT has no row and stays valid). */
    void revokeAccessTokenOf(String clientRecordId, String value, Instant now) {
        tokensBySha.computeIfPresent(Text.sha256Hex(value),
                (k, a) -> a.clientRecordId.equals(clientRecordId) && a.revokedAt == null ? a.revoked(now) : a);
    }

    /** Revokes one refresh token of this client by value. */
    void revokeRefreshTokenOf(String clientRecordId, String value, Instant now) {
        refreshTokensBySha.computeIfPresent(Text.sha256Hex(value),
                (k, r) -> r.clientRecordId.equals(clientRecordId) ? r.revoked(now) : r);
    }

    // ---------------------------------------------------------------- API keys

    MintedApiKey mintApiKey(ApiKeyRequest req) {
        Instant now = clock.instant();
        String name = req.name() != null ? Text.requireNonBlank(req.name(), "name") : DEFAULT_KEY_NAME;
        String owner = req.ownerUserId() != null ? req.ownerUserId() : DEFAULT_USER_ID;
        Instant expiresAt = req.expiresAt() != null ? req.expiresAt()
                : req.expiresIn() != null ? now.plus(req.expiresIn()) : null;
        String key = API_KEY_PREFIX + Text.random43();
        String sha = Text.sha256Hex(key);
        String keyId;
        if (req.keyId() != null) {
            keyId = req.keyId();
            if (!keyId.matches("[0-9]{1,19}")) {
                throw new IllegalArgumentException("key_id must be numeric: " + keyId);
            }
            if (apiKeyShaById.putIfAbsent(keyId, sha) != null) {
                throw new IllegalArgumentException("key id " + keyId + " is already used");
            }
        } else {
            keyId = nextId();
            apiKeyShaById.put(keyId, sha);
        }
        ApiKey stored = new ApiKey(sha, keyId, name, deployment.apiAuthAppSlug(), owner, req.organizationId(),
                req.workspaceId(), req.organizationMembershipId(), req.workspaceMembershipId(), req.permissions(),
                req.organizationPermissions(), req.workspacePermissions(),
                Collections.unmodifiableMap(new LinkedHashMap<>(req.metadata())), true, expiresAt);
        apiKeysBySha.put(sha, stored);
        return new MintedApiKey(key, keyId, name, stored.appSlug);
    }

    @Nullable ApiKey apiKeyBySha(String sha256) {
        return apiKeysBySha.get(sha256);
    }

    void revokeApiKey(String apiKey) {
        String sha = Text.sha256Hex(Text.trim(apiKey));
        if (apiKeysBySha.computeIfPresent(sha, (k, v) -> v.deactivated()) == null) {
            throw new NoSuchElementException("unknown API key");
        }
    }

    void revokeApiKeyById(String keyId) {
        String sha = apiKeyShaById.get(keyId);
        if (sha == null) {
            throw new NoSuchElementException("unknown API key id: " + keyId);
        }
        apiKeysBySha.computeIfPresent(sha, (k, v) -> v.deactivated());
    }

    // ---------------------------------------------------------------- rate limits

    /** The configured rules, or null when none are configured (the gateway default applies). */
    @Nullable List<RateLimitRule> configuredRules() {
        return rules.get();
    }

    /** The rules in effect: the configured ones, or the single default rule. */
    List<RateLimitRule> effectiveRules() {
        List<RateLimitRule> r = rules.get();
        return r != null ? r : List.of(RateLimitRule.defaultRule());
    }

    void setRules(@Nullable List<RateLimitRule> newRules) {
        rules.set(newRules == null ? null : List.copyOf(newRules));
    }

    static Map<String, Object> ruleJson(RateLimitRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", r.ruleString());
        m.put("limit", r.limit());
        m.put("window_ms", r.windowMs());
        m.put("mode", r.mode().wireName());
        m.put("endpoints", r.endpoints());
        m.put("priority", r.priority());
        return m;
    }
}
