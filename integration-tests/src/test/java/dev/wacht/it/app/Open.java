package dev.wacht.it.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A resource without {@code @RequiresScope}: the JAX-RS extension leaves it open. */
@Path("open")
public class Open {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String get() {
        return "open";
    }
}
