package dev.wacht.jakarta.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page for the 401 and 403 answers a container decides itself (a security constraint,
 * {@code @RolesAllowed}), declared by this library's {@code web-fragment.xml}: it answers them the
 * way the servlet filter does (JSON body, RFC 6750 challenge) instead of the container's HTML page.
 * Requested directly, it answers 404. Not for use by applications.
 */
public final class WachtRefusalServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (status == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Object authentication = getServletContext().getAttribute(ContainerAuthentication.CONTEXT_ATTRIBUTE);
        if (authentication instanceof ContainerAuthentication) {
            ((ContainerAuthentication) authentication).refuseForContainer(request, response);
        } else {
            // Wacht's container security is not active in this application: leave the answer bare.
            response.setStatus((Integer) status);
        }
    }
}
