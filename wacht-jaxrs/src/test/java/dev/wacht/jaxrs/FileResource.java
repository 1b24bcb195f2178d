package dev.wacht.jaxrs;

import dev.wacht.core.WachtPrincipal;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** A protected resource covering every combination of class- and method-level requirements. */
@Path("/files")
@RequiresScope("files:read")
@Produces(MediaType.TEXT_PLAIN)
public class FileResource {
    /** Class requirement only: files:read. */
    @GET
    public String list(@Context SecurityContext security) {
        WachtPrincipal principal = WachtPrincipals.from(security).orElseThrow();
        return "list for " + principal.getName();
    }

    /** Class requirement only; reports what the security context says. */
    @GET
    @Path("/whoami")
    public String whoami(@Context SecurityContext security) {
        WachtPrincipal principal = WachtPrincipals.from(security).orElseThrow();
        return String.join("|", principal.getName(), principal.clientId(), security.getAuthenticationScheme(),
                "secure=" + security.isSecure(), "files:read=" + security.isUserInRole("files:read"),
                "files:admin=" + security.isUserInRole("files:admin"),
                "principal=" + (security.getUserPrincipal() == principal));
    }

    /** Class AND method: files:read AND files:delete. */
    @DELETE
    @Path("/{id}")
    @RequiresScope("files:delete")
    public String delete(@PathParam("id") String id) {
        return "deleted " + id;
    }

    /** Class AND any-of: files:read AND (files:write OR files:admin). */
    @POST
    @RequiresScope(value = {"files:write", "files:admin"}, match = RequiresScope.Match.ANY)
    public String upload(String body) {
        return "stored " + body;
    }

    /** Method replaces class: files:list only. */
    @GET
    @Path("/index")
    @RequiresScope(value = "files:list", replaceClassLevel = true)
    public String index() {
        return "index";
    }

    /** Method replaces class with nothing: any authenticated credential. */
    @GET
    @Path("/health")
    @RequiresScope(value = {}, replaceClassLevel = true)
    public String health() {
        return "healthy";
    }
}
