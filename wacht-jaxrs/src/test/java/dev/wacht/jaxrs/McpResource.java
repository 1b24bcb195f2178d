package dev.wacht.jaxrs;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Authentication without any particular scope. */
@Path("/mcp")
@RequiresScope
@Produces(MediaType.TEXT_PLAIN)
public class McpResource {
    @POST
    public String invoke(String body) {
        return "ok";
    }
}
