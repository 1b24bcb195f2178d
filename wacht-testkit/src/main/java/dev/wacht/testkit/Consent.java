package dev.wacht.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the emulator answers the consent step of {@code /oauth/authorize} (set with
 * {@link WachtEmulator#setConsent(Consent)}): show an HTML page a person clicks ({@link #page()}, the
 * default), approve at once as a given user ({@link #approveAs(String)}), or deny ({@link #deny()}).
 * An approval behaves like Wacht's consent submission: the user id is trusted, the granted resource
 * defaults to the user's own URN, and the approved scopes default to every requested scope. Immutable.
 */
public final class Consent {
    /** What the consent step does. */
    public enum Mode {
        /** Redirect the browser to an HTML consent page on the emulator. */
        PAGE,
        /** Approve without asking. */
        APPROVE,
        /** Deny without asking: {@code error=access_denied}. */
        DENY;

        /** The lower-case name used by the admin API. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Consent PAGE = new Consent(Mode.PAGE, null, null, null);
    private static final Consent DENY = new Consent(Mode.DENY, null, null, null);

    private final Mode mode;
    private final @Nullable String userId;
    private final @Nullable String grantedResource;
    private final @Nullable List<String> scopes;

    private Consent(Mode mode, @Nullable String userId, @Nullable String grantedResource,
            @Nullable List<String> scopes) {
        this.mode = mode;
        this.userId = userId;
        this.grantedResource = grantedResource;
        this.scopes = scopes;
    }

    /** Show the emulator's HTML consent page (the default). */
    public static Consent page() {
        return PAGE;
    }

    /** Deny every authorization. */
    public static Consent deny() {
        return DENY;
    }

    /**
     * Approve every authorization as this user (a decimal id), granting {@code urn:wacht:user:<id>} and
     * every requested scope unless {@link #grantedResource(String)} or {@link #scopes(String...)} says otherwise.
     *
     * @throws IllegalArgumentException when the id is not a positive decimal number
     */
    public static Consent approveAs(String userId) {
        return new Consent(Mode.APPROVE, requireId(userId), null, null);
    }

    /**
     * This approval with another granted resource, {@code urn:wacht:user|organization|workspace:<id>}.
     *
     * @throws IllegalArgumentException when this is not an approval, or for a malformed URN
     */
    public Consent grantedResource(String urn) {
        requireApproval();
        return new Consent(mode, userId, GrantedResource.parseCanonical(Objects.requireNonNull(urn, "urn")).urn,
                scopes);
    }

    /**
     * This approval approving only these scopes (intersected with the requested ones, in this order); no
     * arguments approves no scope, as Wacht does for a present but empty {@code scope}.
     *
     * @throws IllegalArgumentException when this is not an approval
     */
    public Consent scopes(String... approved) {
        requireApproval();
        List<String> list = new ArrayList<>();
        for (String s : new LinkedHashSet<>(List.of(approved))) {
            list.add(Text.requireNonBlank(s, "scope"));
        }
        return new Consent(mode, userId, grantedResource, List.copyOf(list));
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** The approving user's id; empty unless approving. */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    /** The granted resource URN; for an approval without one, the user's own URN. */
    public Optional<String> grantedResource() {
        return mode == Mode.APPROVE && grantedResource == null ? Optional.of("urn:wacht:user:" + userId)
                : Optional.ofNullable(grantedResource);
    }

    /**
     * The scopes {@link #scopes(String...)} approves; empty when the approval approves what Wacht's consent
     * screen would post by default (or when not approving).
     */
    public Optional<List<String>> approvedScopes() {
        return Optional.ofNullable(scopes);
    }

    private void requireApproval() {
        if (mode != Mode.APPROVE) {
            throw new IllegalArgumentException("only an approval (Consent.approveAs) has a granted resource and "
                    + "scopes");
        }
    }

    static String requireId(@Nullable String userId) {
        if (userId == null || !userId.matches("[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("user_id must be a positive decimal number, not " + userId);
        }
        return userId;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof Consent)) {
            return false;
        }
        Consent c = (Consent) o;
        return mode == c.mode && Objects.equals(userId, c.userId) && Objects.equals(grantedResource,
                c.grantedResource) && Objects.equals(scopes, c.scopes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, userId, grantedResource, scopes);
    }

    @Override
    public String toString() {
        return "Consent[" + mode.wireName() + (userId == null ? "" : ", userId=" + userId)
                + (grantedResource == null ? "" : ", grantedResource=" + grantedResource)
                + (scopes == null ? "" : ", scopes=" + scopes) + "]";
    }
}
