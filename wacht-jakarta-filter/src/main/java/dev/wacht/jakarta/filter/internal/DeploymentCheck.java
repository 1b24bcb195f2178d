package dev.wacht.jakarta.filter.internal;

import dev.wacht.jakarta.filter.WachtFilterOptions;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Fails the deployment of an application whose {@code WachtFilter} is misconfigured, on every container:
 * some (WildFly's Undertow) initialise filters only on the first request, so the filter's own
 * {@code init} would fail too late. Registered as a {@link ServletContainerInitializer}, it reads the
 * settings of every {@code WachtFilter} declared in the context exactly as the filter will, and throws
 * when one is unknown or invalid. Filters added through
 * {@code WachtFilter.register} carry checked options already and are skipped. Not part of the API.
 */
public final class DeploymentCheck implements ServletContainerInitializer {
    /** The servlet-context attribute prefix that marks a filter name as registered with options. */
    public static final String PROGRAMMATIC = "dev.wacht.jakarta.filter.programmatic:";
    /** Where the check leaves the options it read, for the filter's {@code init} (read once, then removed). */
    private static final String CHECKED = "dev.wacht.jakarta.filter.checked:";
    private static final String FILTER_CLASS = "dev.wacht.jakarta.filter.WachtFilter";
    private static final System.Logger LOG = System.getLogger("dev.wacht.jakarta.filter.WachtFilter");

    /** For the service loader. */
    public DeploymentCheck() {
    }

    /** Checks every {@code WachtFilter} declared in the context (web.xml and fragments are read by now). */
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        check(context);
    }

    /** Checks every declared Wacht filter of the context. */
    static void check(ServletContext context) {
        for (Map.Entry<String, ? extends FilterRegistration> entry : context.getFilterRegistrations().entrySet()) {
            FilterRegistration registration = entry.getValue();
            if (!FILTER_CLASS.equals(registration.getClassName())
                    || context.getAttribute(PROGRAMMATIC + registration.getName()) != null) {
                continue;
            }
            Map<String, String> params = registration.getInitParameters();
            try {
                context.setAttribute(CHECKED + registration.getName(), FilterSettings.read(registration.getName(),
                        context, Collections.enumeration(params.keySet()), params::get));
            } catch (IllegalArgumentException e) {
                String message = "Wacht " + FilterSettings.ownerName(registration.getName(), context.getContextPath())
                        + " is misconfigured, so the application does not start: " + e.getMessage();
                LOG.log(Level.ERROR, message);
                throw new IllegalStateException(message, e);
            }
        }
    }

    /**
     * The options of a declared filter: those the deployment check read (so the settings are read once),
     * else read now.
     *
     * @throws IllegalArgumentException naming the unknown or invalid setting
     */
    public static WachtFilterOptions checkedOptions(FilterConfig filterConfig) {
        ServletContext context = filterConfig.getServletContext();
        Object checked = context.getAttribute(CHECKED + filterConfig.getFilterName());
        if (checked instanceof WachtFilterOptions) {
            context.removeAttribute(CHECKED + filterConfig.getFilterName());
            return (WachtFilterOptions) checked;
        }
        return FilterSettings.read(filterConfig.getFilterName(), context, filterConfig.getInitParameterNames(),
                filterConfig::getInitParameter);
    }
}
