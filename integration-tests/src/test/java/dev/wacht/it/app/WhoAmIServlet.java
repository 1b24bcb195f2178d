package dev.wacht.it.app;

import dev.wacht.core.WachtPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A plain servlet (declared in web.xml) reporting the caller as the Servlet API shows it. */
public class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print(Describe.caller(request.getUserPrincipal(), request.getAuthType(),
                request::isUserInRole)
                + "|attribute=" + (request.getAttribute(WachtPrincipal.REQUEST_ATTRIBUTE) instanceof WachtPrincipal));
    }
}
