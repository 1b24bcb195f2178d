package dev.wacht.core.audit;

import dev.wacht.audit.internal.AuditLog;
import dev.wacht.core.LogText;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Writes one structured line per event through {@link System.Logger} (logger {@value #LOGGER_NAME}):
 * space-separated {@code key=value} pairs, values quoted when they contain spaces, quotes or {@code =},
 * control characters escaped and long values cut, so a request cannot forge or split a line.
 * {@code access_allowed} and {@code missing_credential} are logged at {@code DEBUG},
 * {@code gateway_unavailable} at {@code WARNING}, everything else at {@code INFO}. Part of every
 * configuration; silence it through the logging configuration.
 */
public final class LoggingAuditListener implements AuditListener {
    /** The logger's name. */
    public static final String LOGGER_NAME = AuditLog.LOGGER_NAME;
    static final int MAX_VALUE = 256;

    @Override
    public void onEvent(AuditEvent event) {
        Level level = levelOf(event);
        if (AuditLog.isLoggable(level)) {
            AuditLog.write(level, format(event));
        }
    }

    static Level levelOf(AuditEvent event) {
        switch (event.type()) {
            case ACCESS_ALLOWED:
                return Level.DEBUG;
            case GATEWAY_UNAVAILABLE:
                return Level.WARNING;
            case VERIFICATION_FAILED:
                return "missing_credential".equals(event.reason().orElse(null)) ? Level.DEBUG : Level.INFO;
            default:
                return Level.INFO;
        }
    }

    /** The line for an event, e.g. {@code event=scope_denied timestamp=… client_id=oc_1 required=mcp:invoke}. */
    public static String format(AuditEvent event) {
        StringBuilder sb = new StringBuilder(160);
        for (Map.Entry<String, String> e : event.fields().entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=');
            appendValue(sb, e.getValue());
        }
        return sb.toString();
    }

    private static void appendValue(StringBuilder sb, String raw) {
        String v = raw.length() > MAX_VALUE ? raw.substring(0, MAX_VALUE) + "…" : raw;
        boolean quote = v.isEmpty();
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c <= ' ' || c == '"' || c == '=' || c == '\\' || LogText.isUnsafe(c);
        }
        if (!quote) {
            sb.append(v);
            return;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                sb.append("\\\"");
            } else {
                LogText.appendEscaped(sb, c);
            }
        }
        sb.append('"');
    }
}
