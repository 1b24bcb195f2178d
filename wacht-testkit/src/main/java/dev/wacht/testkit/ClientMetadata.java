package dev.wacht.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The registration metadata of an OAuth client (docs/oauth-issuer.md, "Registration"), keyed by the wire names of dynamic
 * client registration: strings, lists of strings, and the {@code jwks} JSON value. Absent keys are
 * absent from every answer. Immutable; {@link #merge} returns a copy (the partial update of RFC 7592 PUT
 * as Wacht does it).
 */
final class ClientMetadata {
    static final List<String> DEFAULT_GRANT_TYPES = List.of("authorization_code", "refresh_token");
    /** The order in which the fields appear in answers. */
    static final List<String> FIELDS = List.of("client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri",
            "contacts", "software_id", "software_version", "grant_types", "redirect_uris",
            "post_logout_redirect_uris", "token_endpoint_auth_signing_alg", "jwks_uri", "jwks", "public_key_pem");

    private final Map<String, Object> values;

    private ClientMetadata(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** A client with the default grant types and these redirect URIs. */
    static ClientMetadata of(List<String> redirectUris) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grant_types", DEFAULT_GRANT_TYPES);
        m.put("redirect_uris", List.copyOf(redirectUris));
        return new ClientMetadata(m);
    }

    /** This metadata with the given fields replaced (a null value removes the field). */
    ClientMetadata merge(Map<String, Object> changes) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            if (e.getValue() == null) {
                m.remove(e.getKey());
            } else {
                m.put(e.getKey(), e.getValue());
            }
        }
        return new ClientMetadata(m);
    }

    /** A field's value, or null. */
    @Nullable Object get(String field) {
        return values.get(field);
    }

    @Nullable String string(String field) {
        Object v = values.get(field);
        return v instanceof String ? (String) v : null;
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String field) {
        Object v = values.get(field);
        return v instanceof List ? (List<String>) v : List.of();
    }

    List<String> grantTypes() {
        return strings("grant_types");
    }

    List<String> redirectUris() {
        return strings("redirect_uris");
    }

    /** The display name: {@code client_name}, else the client id. */
    String displayName(String clientId) {
        String name = string("client_name");
        return name == null ? clientId : name;
    }
}
