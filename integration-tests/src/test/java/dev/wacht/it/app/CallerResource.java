package dev.wacht.it.app;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The caller as Jakarta Security and CDI show it (servers with both), through {@link CallerView}. */
@Path("caller")
public class CallerResource {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String get() {
        return CDI.current().select(CallerView.class).get().describe();
    }
}
