package dev.wacht.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The JAX-RS application of the filter-only WAR: it lists its resources and knows nothing of Wacht. */
@ApplicationPath("/api")
public class FilteredApi extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(WhoAmI.class);
    }
}
