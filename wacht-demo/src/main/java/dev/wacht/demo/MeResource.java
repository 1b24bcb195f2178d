package dev.wacht.demo;

import dev.wacht.core.GrantedResource;
import dev.wacht.core.WachtPrincipal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/me}: the caller as the filter authenticated it, read through JAX-RS's security context. */
@Path("/api/me")
public class MeResource {
    /** The principal's subject, client, scopes, permissions, granted resource and expiry. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> me(@Context SecurityContext security) {
        WachtPrincipal principal = (WachtPrincipal) security.getUserPrincipal();
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
