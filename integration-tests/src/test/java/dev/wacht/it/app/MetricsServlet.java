package dev.wacht.it.app;

import dev.wacht.core.WachtAuthenticator;
import dev.wacht.core.audit.AuditMetrics;
import dev.wacht.jakarta.filter.WachtFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/** Reads the Wacht filter's metrics the documented way: servlet-context attributes. */
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object authenticator = getServletContext().getAttribute(WachtFilter.AUTHENTICATOR_ATTRIBUTE);
        Object metrics = getServletContext().getAttribute(WachtFilter.METRICS_ATTRIBUTE + ":wacht");
        response.setContentType("text/plain");
        if (!(authenticator instanceof WachtAuthenticator) || !(metrics instanceof AuditMetrics)) {
            response.getWriter().print("missing authenticator=" + authenticator + " metrics=" + metrics);
            return;
        }
        // Events are delivered off the request thread; wait for those of earlier requests.
        ((WachtAuthenticator) authenticator).auditDispatcher().flush(Duration.ofSeconds(10));
        AuditMetrics m = (AuditMetrics) metrics;
        response.getWriter().print("allowed=" + m.decisions("allowed") + " denied=" + m.decisions("denied"));
    }
}
