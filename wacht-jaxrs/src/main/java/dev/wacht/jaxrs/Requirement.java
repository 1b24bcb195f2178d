package dev.wacht.jaxrs;

import dev.wacht.core.AccessRequest;
import dev.wacht.core.WachtPrincipal;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one resource method requires: the {@link RequiresScope} clauses of its class and itself,
 * all of which must hold. Immutable.
 */
final class Requirement {
    private final List<Clause> clauses;

    private Requirement(List<Clause> clauses) {
        this.clauses = List.copyOf(clauses);
    }

    /**
     * The requirement of a resource method, or empty when neither it nor its class is annotated.
     *
     * @throws IllegalArgumentException naming the resource when a scope is not a plain name
     */
    static Optional<Requirement> of(Class<?> resourceClass, Method method) {
        RequiresScope onClass = resourceClass == null ? null : resourceClass.getAnnotation(RequiresScope.class);
        RequiresScope onMethod = method == null ? null : method.getAnnotation(RequiresScope.class);
        List<Clause> clauses = new ArrayList<>();
        String where = (resourceClass == null ? "?" : resourceClass.getName())
                + (method == null ? "" : "#" + method.getName());
        if (onClass != null && (onMethod == null || !onMethod.replaceClassLevel())) {
            clauses.add(Clause.of(onClass, where));
        }
        if (onMethod != null) {
            clauses.add(Clause.of(onMethod, where));
        }
        return clauses.isEmpty() ? Optional.empty() : Optional.of(new Requirement(clauses));
    }

    /**
     * The names the gateway can check itself: those of all-of clauses (a one-name any-of clause is
     * the same). Any-of clauses with several names are checked locally only.
     */
    List<String> gatewayPermissions() {
        Set<String> names = new LinkedHashSet<>();
        for (Clause c : clauses) {
            if (c.match == RequiresScope.Match.ALL || c.names.size() == 1) {
                names.addAll(c.names);
            }
        }
        return List.copyOf(names);
    }

    /** The names of every clause the principal does not satisfy; empty when it satisfies them all. */
    List<String> unmet(WachtPrincipal principal) {
        Set<String> names = new LinkedHashSet<>();
        for (Clause c : clauses) {
            if (!c.isMetBy(principal)) {
                names.addAll(c.names);
            }
        }
        return List.copyOf(names);
    }

    @Override
    public String toString() {
        return "Requirement" + clauses;
    }

    private static final class Clause {
        final RequiresScope.Match match;
        final List<String> names;

        private Clause(RequiresScope.Match match, List<String> names) {
            this.match = match;
            this.names = names;
        }

        static Clause of(RequiresScope annotation, String where) {
            List<String> names = new ArrayList<>();
            for (String name : annotation.value()) {
                try {
                    names.add(AccessRequest.checkPermissionName(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("@RequiresScope on " + where + ": " + e.getMessage(), e);
                }
            }
            return new Clause(annotation.match(), List.copyOf(new LinkedHashSet<>(names)));
        }

        boolean isMetBy(WachtPrincipal principal) {
            if (names.isEmpty()) {
                return true;
            }
            return match == RequiresScope.Match.ALL ? names.stream().allMatch(principal::hasAuthority)
                    : names.stream().anyMatch(principal::hasAuthority);
        }

        @Override
        public String toString() {
            return match + names.toString();
        }
    }
}
