package dev.wacht.jaxrs;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.WachtAuthenticator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** Unannotated: stays open. One method verifies a credential itself and lets the exception mapper answer. */
@Path("/open")
@Produces(MediaType.TEXT_PLAIN)
public class OpenResource {
    private final WachtAuthenticator authenticator;

    public OpenResource(WachtAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @GET
    public String open(@Context SecurityContext security) {
        return "open, wacht principal: " + WachtPrincipals.from(security).isPresent();
    }

    @GET
    @Path("/manual")
    public String manual(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return "manual " + authenticator.authenticate(AccessRequest.builder().method("GET").resource("manual")
                .requiredPermissions(List.of("manual:run")).authorization(authorization).build())
                .principalOrThrow().clientId();
    }
}
