package dev.wacht.testkit.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Watches for secrets (tokens, API keys, client secrets) where they must never appear: while
 * installed it turns every given {@code java.util.logging} logger (and the root logger) up to
 * {@link Level#ALL} and scans each record (message, parameters, and every exception message and
 * stack in its cause chain) for the secrets {@linkplain #watch registered}; tests pass other text
 * (HTTP bodies, headers, audit fields, metric tags) to {@link #scan}. Records that the test
 * declares outside the system under test (the test's own HTTP client, a container's wire dump) are
 * counted but not scanned. Thread-safe; close it to restore the levels.
 *
 * <p>A secret counts as found when the text holds any {@value #FRAGMENT} consecutive characters of
 * it (the whole secret when it is shorter): so a truncated secret, a secret inside other text, and
 * a secret cut at either end are found. The same holds for its percent-encoded form and for its
 * base64 and base64url forms at each of the three byte alignments, so an encoded secret inside
 * encoded text is found too. Of a JWT only the payload and signature count: its header
 * ({@code alg}, {@code kid}) is the same for every token of an issuer and is not secret.
 */
public final class SecretWatch extends Handler implements AutoCloseable {
    /** Secrets shorter than this are too likely to occur by chance to be searched for. */
    public static final int MIN_SECRET_LENGTH = 8;
    /** How many consecutive characters of a (longer) secret count as the secret. */
    public static final int FRAGMENT = 12;
    /** Of a longer secret (a 1 MiB hostile header), only fragments of its first this many characters are indexed. */
    private static final int MAX_INDEXED = 4096;
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    /** By length (at most {@link #FRAGMENT}): each fragment of a secret, and what it is a fragment of. */
    private final Map<Integer, Map<String, String>> fragments = new ConcurrentHashMap<>();
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final AtomicLong records = new AtomicLong();
    private final Map<String, LongAdder> scannedByLogger = new ConcurrentHashMap<>();
    private final Predicate<LogRecord> excluded;
    /** The watched loggers and their levels before (null: inherited). */
    private final Map<Logger, Level> previous = Collections.synchronizedMap(new LinkedHashMap<>());

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
            watch.previous.put(logger, logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        Logger.getLogger("").addHandler(watch);
        return watch;
    }

    /** Registers a secret to search for; ignored when shorter than {@link #MIN_SECRET_LENGTH}. */
    public void watch(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            return;
        }
        String distinctive = secret;
        if (JWT.matcher(secret).matches()) {
            String rest = secret.substring(secret.indexOf('.') + 1);
            distinctive = rest.length() >= MIN_SECRET_LENGTH ? rest : secret;
        }
        String what = "a secret of " + secret.length() + " chars";
        index(distinctive, what);
        String percent = URLEncoder.encode(distinctive, StandardCharsets.UTF_8);
        index(percent, what + ", percent-encoded");
        index(percent.replace("+", "%20"), what + ", percent-encoded");
        byte[] bytes = distinctive.getBytes(StandardCharsets.UTF_8);
        for (int skip = 0; skip < 3 && bytes.length - skip >= 3; skip++) {
            byte[] aligned = Arrays.copyOfRange(bytes, skip, bytes.length);
            // Only the whole 3-byte groups: the last characters depend on what follows the secret.
            int whole = (aligned.length / 3) * 4;
            index(Base64.getEncoder().encodeToString(aligned).substring(0, whole), what + ", base64");
            index(Base64.getUrlEncoder().encodeToString(aligned).substring(0, whole), what + ", base64url");
        }
    }

    private void index(String form, String what) {
        if (form.length() < MIN_SECRET_LENGTH) {
            return;
        }
        if (form.length() <= FRAGMENT) {
            fragments.computeIfAbsent(form.length(), k -> new ConcurrentHashMap<>()).putIfAbsent(form, what);
            return;
        }
        Map<String, String> byFragment = fragments.computeIfAbsent(FRAGMENT, k -> new ConcurrentHashMap<>());
        int end = Math.min(form.length(), MAX_INDEXED);
        for (int at = 0; at + FRAGMENT <= end; at++) {
            byFragment.putIfAbsent(form.substring(at, at + FRAGMENT), what);
        }
    }

    /**
     * Registers the credential of every {@code Authorization} value (what follows the scheme, or the
     * whole value when it has none) as a secret. The scheme is not secret: {@code Bearer a} would
     * match every message that says "Bearer a…".
     */
    public void watchAuthorization(List<String> headerValues) {
        for (String h : headerValues) {
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
        for (Map.Entry<Integer, Map<String, String>> group : fragments.entrySet()) {
            int length = group.getKey();
            Map<String, String> byFragment = group.getValue();
            for (int at = 0; at + length <= text.length(); at++) {
                String what = byFragment.get(text.substring(at, at + length));
                if (what != null) {
                    leaks.add(where + ": " + abbreviate(text) + " [contains " + what + "]");
                    return;
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

    /** How many log records of this logger or its descendants were scanned (not excluded). */
    public long scanned(String loggerPrefix) {
        return scannedByLogger.entrySet().stream()
                .filter(e -> e.getKey().equals(loggerPrefix) || e.getKey().startsWith(loggerPrefix + "."))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /**
     * The watched loggers that are no longer at {@link Level#ALL}: something set them down after
     * {@link #install} (a test helper quieting a container), so their records went unseen.
     */
    public List<String> loggersTurnedDown() {
        synchronized (previous) {
            return previous.keySet().stream().filter(l -> !Level.ALL.equals(l.getLevel()))
                    .map(l -> (l.getName().isEmpty() ? "root" : l.getName()) + " at " + l.getLevel())
                    .collect(Collectors.toList());
        }
    }

    @Override
    public void publish(LogRecord record) {
        records.incrementAndGet();
        if (excluded.test(record)) {
            return;
        }
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        scannedByLogger.computeIfAbsent(name, k -> new LongAdder()).increment();
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

    /** Removes the handler and restores the loggers' levels (an inherited level stays inherited). */
    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        synchronized (previous) {
            previous.forEach((logger, level) -> logger.setLevel(
                    level == null && logger.getName().isEmpty() ? Level.INFO : level));
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("[\\r\\n]+", " ");
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }
}
