package dev.wacht.audit.internal;

import java.lang.System.Logger.Level;

/**
 * Where the log audit listener's lines are written: the {@code System.Logger} named {@code dev.wacht.audit}.
 * The call is made from this class, in package {@code dev.wacht.audit}, because formatters that print the
 * calling class instead of the logger's name (Tomcat's default {@code OneLineFormatter}, the JDK's
 * {@code SimpleFormatter}) then still show {@code dev.wacht.audit}, which is what the documentation says
 * to filter on. Not part of the API.
 */
public final class AuditLog {
    /** The logger's name. */
    public static final String LOGGER_NAME = "dev.wacht.audit";
    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    private AuditLog() {
    }

    /** Whether a line at this level would be written. */
    public static boolean isLoggable(Level level) {
        return LOG.isLoggable(level);
    }

    /** Writes one line. */
    public static void write(Level level, String line) {
        LOG.log(level, line);
    }
}
