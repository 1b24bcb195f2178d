package dev.wacht.jaxrs;

import dev.wacht.core.ScopeRequirement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Translates the {@link RequiresScope} annotations of a resource method and its class into core's
 * {@link ScopeRequirement}: the class's clause and the method's, both of which must hold, unless the
 * method replaces the class's.
 */
final class Requirement {
    private Requirement() {
    }

    /**
     * The requirement of a resource method, or empty when neither it nor its class is annotated.
     *
     * @throws IllegalArgumentException naming the resource when a scope is not a plain name
     */
    static Optional<ScopeRequirement> of(@Nullable Class<?> resourceClass, @Nullable Method method) {
        RequiresScope onClass = resourceClass == null ? null : resourceClass.getAnnotation(RequiresScope.class);
        RequiresScope onMethod = method == null ? null : method.getAnnotation(RequiresScope.class);
        String where = (resourceClass == null ? "?" : resourceClass.getName())
                + (method == null ? "" : "#" + method.getName());
        RequiresScope applyingClassLevel = onMethod == null || !onMethod.replaceClassLevel() ? onClass : null;
        if (applyingClassLevel == null && onMethod == null) {
            return Optional.empty();
        }
        ScopeRequirement requirement = ScopeRequirement.none();
        if (applyingClassLevel != null) {
            requirement = requirement.and(clause(applyingClassLevel, where));
        }
        if (onMethod != null) {
            requirement = requirement.and(clause(onMethod, where));
        }
        return Optional.of(requirement);
    }

    private static ScopeRequirement clause(RequiresScope annotation, String where) {
        ScopeRequirement.Match match = annotation.match() == RequiresScope.Match.ALL ? ScopeRequirement.Match.ALL
                : ScopeRequirement.Match.ANY;
        try {
            return ScopeRequirement.of(match, Arrays.asList(annotation.value()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@RequiresScope on " + where + ": " + e.getMessage(), e);
        }
    }
}
