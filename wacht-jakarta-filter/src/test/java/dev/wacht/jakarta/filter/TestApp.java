package dev.wacht.jakarta.filter;

import dev.wacht.core.WachtPrincipal;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/** The servlets and the JAX-RS resource behind the filter in the tests. */
final class TestApp {
    private TestApp() {
    }

    /** Registers every servlet of the test application (and Jersey under {@code /jaxrs/*}). */
    static void addAll(ServletContext context) {
        context.addServlet("echo", new Echo()).addMapping("/echo", "/health", "/healthz", "/public/*");
        context.addServlet("forward", new Forward()).addMapping("/forward");
        var async = context.addServlet("async", new Async());
        async.setAsyncSupported(true);
        async.addMapping("/async");
        context.addServlet("fallback", new NotFound()).addMapping("/");
        context.addServlet("jersey", new ServletContainer(new ResourceConfig(WhoAmI.class))).addMapping("/jaxrs/*");
    }

    /** Describes what the request looks like after the filter. */
    public static final class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String role = request.getParameter("role");
            response.setContentType("text/plain");
            response.getWriter().print("principal=" + (request.getUserPrincipal() == null ? "none"
                    : request.getUserPrincipal().getName())
                    + "|authType=" + request.getAuthType()
                    + "|attribute=" + (request.getAttribute(WachtPrincipal.REQUEST_ATTRIBUTE) instanceof WachtPrincipal)
                    + "|dispatch=" + request.getDispatcherType()
                    + (role == null ? "" : "|role=" + request.isUserInRole(role)));
        }
    }

    /** The default servlet: 404 for everything else, as a container's default servlet would answer. */
    public static final class NotFound extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /** Forwards to {@code /echo}. */
    public static final class Forward extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws jakarta.servlet.ServletException, IOException {
            request.getRequestDispatcher("/echo").forward(request, response);
        }
    }

    /** Answers from another thread, or dispatches to {@code /echo} with {@code ?dispatch=1}. */
    public static final class Async extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            String name = request.getUserPrincipal() == null ? "none" : request.getUserPrincipal().getName();
            AsyncContext async = request.startAsync();
            if (request.getParameter("dispatch") != null) {
                async.dispatch("/echo");
                return;
            }
            async.start(() -> {
                try {
                    response.setContentType("text/plain");
                    response.getWriter().print("async principal=" + name);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    async.complete();
                }
            });
        }
    }

    /** What Jersey's security context shows. */
    @Path("whoami")
    public static final class WhoAmI {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String get(@Context SecurityContext security) {
            return security.getUserPrincipal().getName() + "|" + security.getAuthenticationScheme() + "|"
                    + security.isUserInRole("mcp:invoke") + "|" + security.isUserInRole("admin") + "|"
                    + (security.getUserPrincipal() instanceof WachtPrincipal);
        }
    }
}
