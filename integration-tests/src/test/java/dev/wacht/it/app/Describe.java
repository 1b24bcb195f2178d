package dev.wacht.it.app;

import dev.wacht.core.WachtPrincipal;
import java.security.Principal;
import java.util.function.Predicate;

/** How the deployed servlets and resources report who called them, in one line of plain text. */
public final class Describe {
    private Describe() {
    }

    /**
     * {@code name=…|scheme=…|files:read=…|files:admin=…|verified-by=…}; {@code verified-by} is
     * {@code none} when the principal is not a Wacht principal.
     */
    public static String caller(Principal principal, String scheme, Predicate<String> inRole) {
        return "name=" + (principal == null ? "none" : principal.getName())
                + "|scheme=" + scheme
                + "|files:read=" + inRole.test("files:read")
                + "|files:admin=" + inRole.test("files:admin")
                + "|verified-by=" + (principal instanceof WachtPrincipal
                        ? ((WachtPrincipal) principal).verifiedBy() : "none");
    }
}
