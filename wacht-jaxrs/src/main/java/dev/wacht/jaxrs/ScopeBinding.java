package dev.wacht.jaxrs;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.util.function.Supplier;

/** Binds a {@link RequiresScopeFilter} to every resource method whose class or method is annotated. */
final class ScopeBinding implements DynamicFeature {
    private final Supplier<Settings> settings;

    ScopeBinding(Supplier<Settings> settings) {
        this.settings = settings;
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Requirement.of(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod()).ifPresent(
                requirement -> context.register(new RequiresScopeFilter(settings, requirement),
                        Priorities.AUTHENTICATION));
    }
}
