package dev.wacht.it.app;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A resource that calls the guarded EJB and turns its refusal into a 403. */
@Path("ejb")
public class EjbResource {
    @EJB
    private GuardedBean bean;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String get() {
        try {
            return "ejb=" + bean.caller();
        } catch (EJBAccessException e) {
            throw new ForbiddenException();
        }
    }
}
