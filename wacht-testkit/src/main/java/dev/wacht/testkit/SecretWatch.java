package dev.wacht.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Watches for secrets (tokens, API keys, client secrets) where they must never appear: while
 * installed it turns every given {@code java.util.logging} logger (and the root logger) up to
 * {@link Level#ALL} and scans each record (message, parameters, and every exception message and
 * stack in its cause chain) for the secrets {@linkplain #watch registered}; tests pass other text
 * (HTTP bodies, headers, audit fields, metric tags) to {@link #scan}. Records that the test
 * declares outside the system under test (the test's own HTTP client, a container's wire dump) are
 * counted but not scanned. Thread-safe; close it to restore the levels.
 */
public final class SecretWatch extends Handler implements AutoCloseable {
    /** Secrets shorter than this are too likely to occur by chance to be searched for. */
    public static final int MIN_SECRET_LENGTH = 12;
    private static final int PREFIX = 6;

    /** The secrets by their first characters, so that a scan costs one search per distinct prefix. */
    private final Map<String, Set<String>> secrets = new ConcurrentHashMap<>();
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final AtomicLong records = new AtomicLong();
    private final Predicate<LogRecord> excluded;
    private final Map<Logger, Level> previous = new ConcurrentHashMap<>();

    private SecretWatch(Predicate<LogRecord> excluded) {
        this.excluded = excluded;
        setLevel(Level.ALL);
    }

    /**
     * Installs a watch on the root logger and the given loggers, all set to {@link Level#ALL}.
     *
     * @param loggers logger names to turn up besides the root (e.g. {@code dev.wacht}, {@code org.apache})
     * @param excluded the records not to scan
     */
    public static SecretWatch install(List<String> loggers, Predicate<LogRecord> excluded) {
        SecretWatch watch = new SecretWatch(excluded);
        List<String> names = new ArrayList<>(loggers);
        names.add("");
        for (String name : names) {
            Logger logger = Logger.getLogger(name);
            watch.previous.put(logger, logger.getLevel() == null ? Level.INFO : logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        Logger.getLogger("").addHandler(watch);
        return watch;
    }

    /** Registers a secret to search for; ignored when shorter than {@link #MIN_SECRET_LENGTH}. */
    public void watch(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
            secrets.computeIfAbsent(secret.substring(0, PREFIX), k -> ConcurrentHashMap.newKeySet()).add(secret);
        }
    }

    /** Registers every header value and the credential after its scheme, as secrets. */
    public void watchAuthorization(List<String> headerValues) {
        for (String h : headerValues) {
            watch(h);
            watch(h.strip().replaceFirst("^\\S+\\s+", ""));
        }
    }

    /** Scans an HTTP answer's body and every {@code WWW-Authenticate} challenge. */
    public void scanAnswer(String where, HostileAuthorization.Answer answer) {
        scan(where + " body", answer.body());
        answer.challenges().forEach(challenge -> scan(where + " challenge", challenge));
    }

    /** Scans text that left the system (a body, a header, an audit field, a metric tag). */
    public void scan(String where, String text) {
        if (text == null || text.length() < MIN_SECRET_LENGTH) {
            return;
        }
        for (Map.Entry<String, Set<String>> group : secrets.entrySet()) {
            for (int at = text.indexOf(group.getKey()); at >= 0; at = text.indexOf(group.getKey(), at + 1)) {
                for (String s : group.getValue()) {
                    if (text.startsWith(s, at)) {
                        leaks.add(where + ": " + abbreviate(text) + " [contains a secret of " + s.length() + " chars]");
                        return;
                    }
                }
            }
        }
    }

    /** Every leak found so far: where, and the start of the text that held a secret. */
    public List<String> leaks() {
        return List.copyOf(leaks);
    }

    /** How many log records were seen. */
    public long records() {
        return records.get();
    }

    @Override
    public void publish(LogRecord record) {
        records.incrementAndGet();
        if (excluded.test(record)) {
            return;
        }
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        String where = "log " + name;
        scan(where, record.getMessage());
        if (record.getParameters() != null) {
            for (Object p : record.getParameters()) {
                scan(where, String.valueOf(p));
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            scan(where + " exception", String.valueOf(t));
            for (StackTraceElement e : t.getStackTrace()) {
                scan(where + " stack", e.toString());
            }
        }
    }

    @Override
    public void flush() {
    }

    /** Removes the handler and restores the loggers' levels. */
    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        previous.forEach(Logger::setLevel);
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("[\\r\\n]+", " ");
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }
}
