package dev.wacht.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Wacht resource a user granted at consent, from a URN of the form
 * {@code urn:wacht:{user|organization|workspace}:<id>}.
 */
public final class GrantedResource {
    /** The kind of resource a grant is for. */
    public enum Type {
        /** A user's own account. */
        USER,
        /** An organization. */
        ORGANIZATION,
        /** A workspace. */
        WORKSPACE
    }

    private static final String PREFIX = "urn:wacht:";

    private final String urn;
    private final Type type;
    /** Where the id starts in the URN: the id is not kept twice (cached principals hold many of these). */
    private final int idStart;

    private GrantedResource(String urn, Type type, int idStart) {
        this.urn = urn;
        this.type = type;
        this.idStart = idStart;
    }

    /**
     * Parses a granted-resource URN; null gives empty.
     *
     * @return empty when the value is not a well-formed {@code urn:wacht:…} URN of a known type
     */
    public static Optional<GrantedResource> parse(@Nullable String urn) {
        if (urn == null || !urn.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = urn.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.indexOf(':', colon + 1) >= 0) {
            return Optional.empty();
        }
        Type type;
        try {
            type = Type.valueOf(rest.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new GrantedResource(urn, type, PREFIX.length() + colon + 1));
    }

    /** The URN as Wacht sent it. */
    public String urn() {
        return urn;
    }

    /** The kind of resource. */
    public Type type() {
        return type;
    }

    /** The id of the user, organization or workspace. */
    public String id() {
        return urn.substring(idStart);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrantedResource && ((GrantedResource) o).urn.equals(urn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(urn);
    }

    @Override
    public String toString() {
        return urn;
    }
}
