package dev.wacht.core;

import dev.wacht.core.audit.AuditDispatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns every {@code dev.wacht} logger up to {@code ALL} for one test and keeps each record as the
 * line a console handler would print ({@code System.Logger} goes to java.util.logging here). Shipped
 * in this module's test jar for wacht-management's tests.
 */
public final class LogCapture extends Handler implements BeforeEachCallback, AfterEachCallback {
    private final Logger logger = Logger.getLogger("dev.wacht");
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Level previousLevel;

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }

    /**
     * The formatted records so far, once every audit event queued until now has been delivered (the audit
     * log listener writes its lines on the dispatcher's thread, after the answer).
     */
    public List<String> lines() {
        if (!AuditDispatcher.flushAll(Duration.ofSeconds(10))) {
            throw new AssertionError("audit events were not delivered within 10 s");
        }
        return lines;
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(formatter.format(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
