package dev.wacht.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an operation requires of a caller: clauses that must all hold, each satisfied by all of its names
 * or by any one of them, where a name counts when it is one of the caller's granted scopes or effective
 * permissions ({@link WachtPrincipal#hasAuthority}). JAX-RS {@code @RequiresScope} is translated to it;
 * an adapter with a fixed all-of list may check {@code hasAuthority} per name instead, which is the same
 * rule. Immutable and thread-safe.
 */
public final class ScopeRequirement {
    private static final ScopeRequirement NONE = new ScopeRequirement(List.of());

    /** How the names of one clause combine. */
    public enum Match {
        /** Every name is required. */
        ALL,
        /** One of the names suffices. */
        ANY
    }

    private final List<Clause> clauses;

    private ScopeRequirement(List<Clause> clauses) {
        this.clauses = clauses;
    }

    /** The requirement met by every authenticated caller. */
    public static ScopeRequirement none() {
        return NONE;
    }

    /**
     * One clause of {@code names}, combined as {@code match} says; no names require nothing.
     *
     * @throws IllegalArgumentException when a name is not one plain name ({@link AccessRequest#checkPermissionName})
     */
    public static ScopeRequirement of(Match match, Collection<String> names) {
        Objects.requireNonNull(match, "match");
        Set<String> checked = new LinkedHashSet<>();
        for (String name : names) {
            checked.add(AccessRequest.checkPermissionName(name));
        }
        return checked.isEmpty() ? NONE : new ScopeRequirement(List.of(new Clause(match, List.copyOf(checked))));
    }

    /** Every one of {@code names}. */
    public static ScopeRequirement allOf(Collection<String> names) {
        return of(Match.ALL, names);
    }

    /** Any one of {@code names}. */
    public static ScopeRequirement anyOf(Collection<String> names) {
        return of(Match.ANY, names);
    }

    /** This requirement and {@code other}, both of which must hold. */
    public ScopeRequirement and(ScopeRequirement other) {
        if (other.clauses.isEmpty()) {
            return this;
        }
        if (clauses.isEmpty()) {
            return other;
        }
        List<Clause> both = new ArrayList<>(clauses);
        both.addAll(other.clauses);
        return new ScopeRequirement(List.copyOf(both));
    }

    /** True when it requires nothing beyond authentication. */
    public boolean isEmpty() {
        return clauses.isEmpty();
    }

    /**
     * The names the gateway can check itself, as required permissions of the check: those of all-of
     * clauses, and of any-of clauses of one name (the same thing). Any-of clauses of several names are
     * checked only locally, by {@link #unmet}.
     */
    public List<String> gatewayPermissions() {
        Set<String> names = new LinkedHashSet<>();
        for (Clause c : clauses) {
            if (c.match == Match.ALL || c.names.size() == 1) {
                names.addAll(c.names);
            }
        }
        return List.copyOf(names);
    }

    /** The names of every clause the caller does not satisfy; empty when it satisfies them all. */
    public List<String> unmet(WachtPrincipal principal) {
        Objects.requireNonNull(principal, "principal");
        Set<String> names = new LinkedHashSet<>();
        for (Clause c : clauses) {
            if (!c.isMetBy(principal)) {
                names.addAll(c.names);
            }
        }
        return List.copyOf(names);
    }

    /** True when the caller satisfies every clause. */
    public boolean isMetBy(WachtPrincipal principal) {
        Objects.requireNonNull(principal, "principal");
        for (Clause c : clauses) {
            if (!c.isMetBy(principal)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScopeRequirement && clauses.equals(((ScopeRequirement) o).clauses);
    }

    @Override
    public int hashCode() {
        return clauses.hashCode();
    }

    @Override
    public String toString() {
        return "ScopeRequirement" + clauses;
    }

    private static final class Clause {
        final Match match;
        final List<String> names;

        Clause(Match match, List<String> names) {
            this.match = match;
            this.names = names;
        }

        boolean isMetBy(WachtPrincipal principal) {
            if (match == Match.ALL) {
                for (String name : names) {
                    if (!principal.hasAuthority(name)) {
                        return false;
                    }
                }
                return true;
            }
            for (String name : names) {
                if (principal.hasAuthority(name)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Clause && match == ((Clause) o).match && names.equals(((Clause) o).names);
        }

        @Override
        public int hashCode() {
            return 31 * match.hashCode() + names.hashCode();
        }

        @Override
        public String toString() {
            return match + names.toString();
        }
    }
}
