package dev.wacht.core.internal;

/** The library version, from wacht-core's jar manifest when packaged. Unsupported (see the package). */
public final class Version {
    private Version() {
    }

    /** The version, or {@code dev} outside a packaged jar. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
