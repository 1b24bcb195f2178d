package dev.wacht.it.app;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import java.security.Principal;

/** An EJB whose method needs the {@code files:admin} role: the container checks the Wacht caller's groups. */
@Stateless
public class GuardedBean {
    @Resource
    private SessionContext session;

    /** The caller as the EJB container sees it. */
    @RolesAllowed("files:admin")
    public String caller() {
        Principal caller = session.getCallerPrincipal();
        return caller.getClass().getSimpleName() + ":" + caller.getName();
    }
}
