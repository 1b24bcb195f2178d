package dev.wacht.demo;

import dev.wacht.core.GrantedResource;
import dev.wacht.core.WachtPrincipal;
import dev.wacht.jaxrs.RequiresScope;
import dev.wacht.jaxrs.WachtPrincipals;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/me}: the caller as the filter authenticated it. {@code @RequiresScope} adds a
 * scope check done locally by the JAX-RS extension (no second gateway call).
 */
@Path("/api/me")
public class MeResource {
    /** The principal's subject, client, scopes, permissions, granted resource and expiry. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope("profile")
    public Map<String, Object> me(@Context SecurityContext security) {
        WachtPrincipal principal = WachtPrincipals.from(security).orElseThrow();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("subject", principal.getName());
        me.put("kind", principal.kind().wireName());
        me.put("client_id", principal.clientId());
        me.put("scopes", principal.scopes());
        me.put("permissions", principal.permissions());
        me.put("granted_resource", principal.grantedResource().map(GrantedResource::urn).orElse(null));
        me.put("expires_at", principal.expiresAt().map(Instant::toString).orElse(null));
        me.put("auth_scheme", security.getAuthenticationScheme());
        return me;
    }
}
