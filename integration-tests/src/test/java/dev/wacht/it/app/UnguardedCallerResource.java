package dev.wacht.it.app;

import dev.wacht.core.WachtPrincipal;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.Principal;

/**
 * The caller injected where no security constraint or {@code @RolesAllowed} guards the path (servers
 * with CDI): {@code injected} creates the request-scoped {@link CallerView}, whose field is an
 * {@code @Inject WachtPrincipal}; {@code instance} calls {@code Instance<WachtPrincipal>.get()}. Without
 * a credential, both meet the producer's error for a request without a caller.
 */
@Path("unguarded")
public class UnguardedCallerResource {
    /** What {@link CallerView} reports. */
    @GET
    @Path("injected")
    @Produces(MediaType.TEXT_PLAIN)
    public String injected() {
        return CDI.current().select(CallerView.class).get().describe();
    }

    /** The caller's name, looked up during the request. */
    @GET
    @Path("instance")
    @Produces(MediaType.TEXT_PLAIN)
    public String instance() {
        Principal caller = CDI.current().select(WachtPrincipal.class).get();
        return "caller=" + caller.getName();
    }
}
