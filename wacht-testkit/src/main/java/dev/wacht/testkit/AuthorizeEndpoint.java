package dev.wacht.testkit;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET|POST /oauth/authorize} (docs/oauth-issuer.md, "Authorize": the validation order and which
 * failures redirect) and the consent step. Wacht hands consent to its frontend API and account portal; the emulator
 * collapses them: the {@link Consent} setting approves or denies at once, or redirects to an HTML page
 * ({@code GET /oauth/consent/init}) whose form posts to {@code POST /oauth/consent/decide}. Either way the
 * decision follows Wacht's consent submission (docs/oauth-issuer.md, "Consent") and ends, as the browser sees it, with a 302
 * to the client's {@code redirect_uri}.
 */
final class AuthorizeEndpoint {
    static final String CONSENT_PAGE = "/oauth/consent/init";
    static final String CONSENT_DECISION = "/oauth/consent/decide";
    static final List<String> OIDC_SCOPES = List.of("openid", "profile", "email", "offline_access");
    private static final Set<String> PROMPTS = Set.of("login", "consent", "none", "select_account");
    private static final Duration HANDOFF_LIFETIME = Duration.ofMinutes(10);
    private static final String CLIENT_INACTIVE = "OAuth client is inactive";
    private static final String CODE_NOT_ALLOWED = "authorization_code is not allowed for this client";

    /** A failed check: the status and message of the non-redirecting answer. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** The {@code error} code when the failure redirects, chosen from the message as Wacht does. */
        String errorCode() {
            String m = Objects.requireNonNull(getMessage(), "a Refusal always has a message");
            if (m.startsWith("Unsupported scopes requested")) {
                return "invalid_scope";
            }
            if (m.equals(CLIENT_INACTIVE) || m.equals(CODE_NOT_ALLOWED)) {
                return "unauthorized_client";
            }
            return status >= 500 ? "server_error" : "invalid_request";
        }
    }

    private final Registry registry;
    private final URI consentBase;

    /**
     * @param consentBase where the browser reaches the consent page (Wacht's {@code backend_host}): the
     *                    emulator's own address, whatever the issuer is
     */
    AuthorizeEndpoint(Registry registry, URI consentBase) {
        this.registry = registry;
        this.consentBase = consentBase;
    }

    /** {@code /oauth/authorize}: the query of a GET, or the form body of a POST. */
    HttpAnswer authorize(String method, @Nullable String rawQuery, @Nullable String contentType, String body) {
        if (method.equals("POST") && !FormBody.isForm(contentType)) {
            return HttpAnswer.envelope(415, "Request failed");
        }
        Map<String, String> p = new LinkedHashMap<>();
        try {
            FormBody form = FormBody.parse(method.equals("POST") ? body : rawQuery);
            for (String name : List.of("response_type", "client_id", "redirect_uri", "scope", "state", "resource",
                    "code_challenge", "code_challenge_method", "response_mode", "nonce", "prompt", "max_age",
                    "id_token_hint", "login_hint", "ui_locales")) {
                p.put(name, form.single(name));
            }
        } catch (FormBody.Malformed e) {
            return HttpAnswer.envelope(400, "Bad request");
        }
        Long maxAge;
        try {
            maxAge = p.get("max_age") == null ? null : Long.valueOf(p.get("max_age"));
        } catch (NumberFormatException e) {
            return HttpAnswer.envelope(400, "Bad request");
        }
        Instant now = registry.clock().instant();
        AuthorizeRequest request;
        try {
            request = validate(p, clientFor(p), maxAge, now);
        } catch (Refusal r) {
            // Any failure redirects once the client is known and the redirect URI is one of its own.
            String redirectUri = p.get("redirect_uri");
            String clientId = p.get("client_id");
            OAuthClient client = clientId == null ? null : registry.clientByClientId(Text.trim(clientId));
            if (client != null && redirectUri != null && isRegistered(client, Text.trim(redirectUri))) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("error", r.errorCode());
                params.put("error_description", r.getMessage());
                return HttpAnswer.redirect(307, redirectTo(Text.trim(redirectUri), params, p.get("state")));
            }
            return HttpAnswer.envelope(r.status, r.getMessage());
        }
        Consent consent = registry.consent();
        switch (consent.mode()) {
            case APPROVE:
                String urn = consent.grantedResource().orElseThrow();
                List<String> posted = consent.approvedScopes()
                        .orElseGet(() -> effectiveScopes(request.scopes, GrantedResource.parseCanonical(urn)));
                return approve(request, consent.userId().orElseThrow(), urn, posted, now);
            case DENY:
                return deny(request);
            case PAGE:
            default:
                registry.putHandoff(request);
                return HttpAnswer.redirect(307, consentBase + CONSENT_PAGE + "?handoff_id=" + request.handoffId);
        }
    }

    /** Steps 1–5: the request names a response type, a client and a redirect URI, and the client exists. */
    private OAuthClient clientFor(Map<String, String> p) throws Refusal {
        String responseType = p.get("response_type");
        if (responseType == null || Text.trim(responseType).isEmpty()) {
            throw new Refusal(400, "missing response_type");
        }
        if (!Text.trim(responseType).equals("code")) {
            throw new Refusal(400, "Only response_type=code is supported");
        }
        if (p.get("client_id") == null || Text.trim(p.get("client_id")).isEmpty()) {
            throw new Refusal(400, "missing client_id");
        }
        if (p.get("redirect_uri") == null || Text.trim(p.get("redirect_uri")).isEmpty()) {
            throw new Refusal(400, "missing redirect_uri");
        }
        OAuthClient client = registry.clientByClientId(Text.trim(p.get("client_id")));
        if (client == null) {
            throw new Refusal(404, "OAuth client not found");
        }
        return client;
    }

    /** Steps 6–12 on a known client; the result is what the consent step works on. */
    private AuthorizeRequest validate(Map<String, String> p, OAuthClient client, @Nullable Long maxAge, Instant now)
            throws Refusal {
        if (!client.active) {
            throw new Refusal(400, CLIENT_INACTIVE);
        }
        if (!client.metadata.grantTypes().contains("authorization_code")) {
            throw new Refusal(400, CODE_NOT_ALLOWED);
        }
        String redirectUri = Text.trim(Objects.requireNonNull(p.get("redirect_uri"), "clientFor checked redirect_uri"));
        if (!isRegistered(client, redirectUri)) {
            throw new Refusal(400, "redirect_uri is not registered for this client");
        }
        String challenge = p.get("code_challenge");
        String challengeMethod = p.get("code_challenge_method");
        if (client.isPublic()) {
            challenge = challenge == null ? "" : Text.trim(challenge);
            if (challenge.isEmpty()) {
                throw new Refusal(400, "code_challenge is required for public clients");
            }
            if (challenge.length() < 43 || challenge.length() > 128) {
                throw new Refusal(400, "invalid code_challenge");
            }
            challengeMethod = challengeMethod == null ? "S256" : Text.trim(challengeMethod);
            if (!challengeMethod.equals("S256")) {
                throw new Refusal(400, "unsupported code_challenge_method");
            }
        }
        String responseMode = p.get("response_mode") == null ? "" : Text.trim(p.get("response_mode"));
        if (!responseMode.isEmpty() && !responseMode.equals("query")) {
            throw new Refusal(400, "Unsupported response_mode `" + responseMode + "`; only `query` is advertised");
        }
        List<String> prompt = split(p.get("prompt"));
        for (String value : prompt) {
            if (!PROMPTS.contains(value)) {
                throw new Refusal(400, "Unknown prompt value `" + value + "`");
            }
        }
        if (maxAge != null && maxAge < 0) {
            throw new Refusal(400, "max_age must be non-negative");
        }
        List<String> scopes = split(p.get("scope"));
        List<String> unsupported = new ArrayList<>();
        for (String scope : scopes) {
            if (!OIDC_SCOPES.contains(scope) && registry.scopeDefinition(scope) == null) {
                unsupported.add(scope);
            }
        }
        if (!unsupported.isEmpty()) {
            throw new Refusal(400, "Unsupported scopes requested: " + String.join(", ", unsupported));
        }
        String resource = p.get("resource") == null ? null : Text.trim(p.get("resource"));
        if (resource != null && !isAbsoluteUri(resource)) {
            throw new Refusal(400, "resource must be an absolute URI");
        }
        return new AuthorizeRequest("och_" + Text.randomAlnum(24), client.recordId, redirectUri, scopes, resource,
                p.get("state"), challenge, challengeMethod, p.get("nonce"), prompt, now, now.plus(HANDOFF_LIFETIME));
    }

    /** Splits on single spaces and drops empty and repeated parts, as Wacht reads {@code scope} and {@code prompt}. */
    static List<String> split(@Nullable String value) {
        List<String> parts = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(" ", -1)) {
                if (!part.isEmpty() && !parts.contains(part)) {
                    parts.add(part);
                }
            }
        }
        return parts;
    }

    private static boolean isAbsoluteUri(String value) {
        try {
            URI u = new URI(value);
            return u.isAbsolute() && (u.isOpaque() || u.getHost() != null || u.getRawPath() != null);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isRegistered(OAuthClient client, String redirectUri) {
        for (String registered : client.metadata.redirectUris()) {
            if (redirectUriMatches(registered, redirectUri)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Wacht's {@code redirect_uri_matches}: an exact match, or the same scheme, host (any case), path, query
     * and fragment, with the same port unless the registered host is a loopback address (RFC 8252 §7.3).
     * {@code localhost}, {@code 127.0.0.1} and {@code [::1]} are not interchangeable.
     */
    static boolean redirectUriMatches(String registered, String sent) {
        if (registered.equals(sent)) {
            return true;
        }
        URI r;
        URI s;
        try {
            r = new URI(registered);
            s = new URI(sent);
        } catch (URISyntaxException e) {
            return false;
        }
        if (r.getScheme() == null || s.getScheme() == null || r.getHost() == null || s.getHost() == null) {
            return false;
        }
        String scheme = r.getScheme().toLowerCase(Locale.ROOT);
        boolean same = scheme.equals(s.getScheme().toLowerCase(Locale.ROOT))
                && r.getHost().toLowerCase(Locale.ROOT).equals(s.getHost().toLowerCase(Locale.ROOT))
                && path(r).equals(path(s)) && String.valueOf(r.getRawQuery()).equals(String.valueOf(s.getRawQuery()))
                && String.valueOf(r.getRawFragment()).equals(String.valueOf(s.getRawFragment()));
        return same && (isLoopback(r.getHost()) || port(r, scheme) == port(s, scheme));
    }

    private static String path(URI u) {
        return u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    }

    private static int port(URI u, String scheme) {
        return u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.startsWith("[")) {
            return false; // a name other than localhost: never resolved
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The client's redirect URI with the result parameters, then {@code state} (when sent, verbatim), then
     * {@code iss}, form-encoded and appended to its query.
     */
    private String redirectTo(String redirectUri, Map<String, String> result, @Nullable String state) {
        Map<String, String> params = new LinkedHashMap<>(result);
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", registry.oauthApp().issuer);
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            query.append(query.length() == 0 ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        int hash = redirectUri.indexOf('#');
        String base = hash < 0 ? redirectUri : redirectUri.substring(0, hash);
        String fragment = hash < 0 ? "" : redirectUri.substring(hash);
        String separator = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + separator + query + fragment;
    }

    private HttpAnswer deny(AuthorizeRequest request) {
        registry.removeHandoff(request.handoffId);
        return HttpAnswer.redirect(302, redirectTo(request.redirectUri, Map.of("error", "access_denied"),
                request.state));
    }

    /**
     * An approval as Wacht's consent submission handles it: the approved scopes (all
     * requested ones when {@code posted} is null, else the intersection in the order posted), the granted
     * resource, {@code prompt=none} without a covering grant, the grant, and the code.
     *
     * @param posted the scopes sent as approved, or null for "every requested scope"
     */
    private HttpAnswer approve(AuthorizeRequest request, String userId, String grantedResource, List<String> posted,
                               Instant now) {
        List<String> approved = new ArrayList<>();
        if (posted == null) {
            approved.addAll(request.scopes);
        } else {
            for (String s : posted) {
                if (request.scopes.contains(s) && !approved.contains(s)) {
                    approved.add(s);
                }
            }
            if (!posted.isEmpty() && approved.isEmpty()) {
                return HttpAnswer.envelope(400, "invalid_scope");
            }
        }
        if (grantedResource == null || Text.trim(grantedResource).isEmpty()) {
            return HttpAnswer.envelope(400, "granted_resource is required");
        }
        GrantedResource granted;
        try {
            granted = GrantedResource.parseCanonical(Text.trim(grantedResource));
        } catch (IllegalArgumentException e) {
            return HttpAnswer.envelope(400, e.getMessage());
        }
        registry.removeHandoff(request.handoffId);
        Grant grant;
        if (request.prompt.contains("none")) {
            grant = registry.coveringGrant(request.clientRecordId, userId, granted, approved, now);
            if (grant == null) {
                Map<String, String> error = new LinkedHashMap<>();
                error.put("error", "consent_required");
                error.put("error_description", "No existing consent covers the requested scopes");
                return HttpAnswer.redirect(302, redirectTo(request.redirectUri, error, request.state));
            }
        } else {
            grant = registry.grantForConsent(request.clientRecordId, userId, granted, approved, now);
        }
        String code = registry.issueCode(request, grant, approved, now);
        return HttpAnswer.redirect(302, redirectTo(request.redirectUri, Map.of("code", code), request.state));
    }

    /**
     * The scopes Wacht's frontend API posts for a resource: the requested ones whose definition's category
     * is empty or fits the resource type (scopes without a definition, such as the OIDC ones, always fit).
     */
    private List<String> effectiveScopes(List<String> requested, GrantedResource granted) {
        List<String> out = new ArrayList<>();
        for (String s : requested) {
            ScopeDefinition d = registry.scopeDefinition(s);
            if (d == null || d.category().isEmpty() || d.category().equals(granted.scopeCategory())) {
                out.add(s);
            }
        }
        return out;
    }

    /** {@code GET /oauth/consent/init?handoff_id=…}: the HTML consent page. */
    HttpAnswer consentPage(@Nullable String rawQuery) {
        AuthorizeRequest request;
        try {
            String id = FormBody.parse(rawQuery).single("handoff_id");
            request = id == null ? null : registry.handoff(id, registry.clock().instant());
        } catch (FormBody.Malformed e) {
            return HttpAnswer.envelope(400, "Bad request");
        }
        if (request == null) {
            return HttpAnswer.envelope(404, "Consent request not found or expired");
        }
        OAuthClient client = registry.clientOf(request.clientRecordId);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorize ")
                .append(escape(client.metadata.displayName(client.clientId)))
                .append("</title></head>\n<body style=\"font-family:sans-serif;max-width:40em;margin:2em auto\">\n")
                .append("<h1>Authorize ").append(escape(client.metadata.displayName(client.clientId)))
                .append("</h1>\n<p>Wacht emulator consent for client <code>").append(escape(client.clientId))
                .append("</code>, redirecting to <code>").append(escape(request.redirectUri)).append("</code>")
                .append(request.resource == null ? "" : ", for resource <code>" + escape(request.resource) + "</code>")
                .append(".</p>\n<form method=\"post\" action=\"").append(CONSENT_DECISION).append("\">\n")
                .append("<input type=\"hidden\" name=\"handoff_id\" value=\"").append(escape(request.handoffId))
                .append("\">\n<input type=\"hidden\" name=\"scopes_listed\" value=\"1\">\n")
                .append("<p><label>Sign in as user id <input name=\"user_id\" value=\"1\" pattern=\"[1-9][0-9]*\""
                        + " required></label></p>\n")
                .append("<p><label>Granted resource <input name=\"granted_resource\" size=\"32\""
                        + " placeholder=\"urn:wacht:user:&lt;user id&gt;\"></label>"
                        + " (empty: the user's own; or urn:wacht:organization:&lt;id&gt;,"
                        + " urn:wacht:workspace:&lt;id&gt;)</p>\n");
        if (request.scopes.isEmpty()) {
            html.append("<p>No scopes were requested.</p>\n");
        }
        for (String scope : request.scopes) {
            html.append("<p><label><input type=\"checkbox\" name=\"scope\" value=\"").append(escape(scope))
                    .append("\" checked> ").append(escape(scope)).append("</label></p>\n");
        }
        html.append("<p><button name=\"action\" value=\"approve\">Approve</button>\n")
                .append("<button name=\"action\" value=\"deny\">Deny</button></p>\n</form>\n</body></html>\n");
        return HttpAnswer.html(200, html.toString());
    }

    /** {@code POST /oauth/consent/decide}: the consent page's form. */
    HttpAnswer consentDecision(@Nullable String contentType, String body) {
        if (!FormBody.isForm(contentType)) {
            return HttpAnswer.envelope(415, "Request failed");
        }
        String action;
        String userId;
        String grantedResource;
        AuthorizeRequest request;
        FormBody form;
        try {
            form = FormBody.parse(body);
            String id = form.single("handoff_id");
            request = id == null ? null : registry.handoff(id, registry.clock().instant());
            action = form.single("action");
            userId = form.single("user_id");
            grantedResource = form.single("granted_resource");
        } catch (FormBody.Malformed e) {
            return HttpAnswer.envelope(400, "Bad request");
        }
        if (request == null) {
            return HttpAnswer.envelope(404, "Consent request not found or expired");
        }
        if ("deny".equalsIgnoreCase(action)) {
            return deny(request);
        }
        if (!"approve".equalsIgnoreCase(action)) {
            return HttpAnswer.envelope(400, "action must be approve or deny");
        }
        try {
            userId = Consent.requireId(userId == null ? null : Text.trim(userId));
        } catch (IllegalArgumentException e) {
            return HttpAnswer.envelope(400, e.getMessage());
        }
        String urn = grantedResource == null || Text.trim(grantedResource).isEmpty() ? "urn:wacht:user:" + userId
                : Text.trim(grantedResource);
        List<String> posted = form.has("scopes_listed") ? form.all("scope") : null;
        try {
            posted = effectiveScopes(posted == null ? request.scopes : posted, GrantedResource.parseCanonical(urn));
        } catch (IllegalArgumentException e) {
            return HttpAnswer.envelope(400, e.getMessage());
        }
        return approve(request, userId, urn, posted, registry.clock().instant());
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }
}
