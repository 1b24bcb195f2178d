package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.audit.AuditEvent;
import dev.wacht.core.audit.LoggingAuditListener;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.juli.OneLineFormatter;
import org.junit.jupiter.api.Test;

/**
 * The audit lines as Tomcat's default console and file handlers print them ({@link OneLineFormatter},
 * which shows the calling class, not the logger's name): {@code grep dev.wacht.audit} must find them,
 * as the documentation says.
 */
class AuditLogLineTest {
    @Test
    void tomcatsDefaultFormatShowsDevWachtAudit() {
        Logger logger = Logger.getLogger(LoggingAuditListener.LOGGER_NAME);
        OneLineFormatter formatter = new OneLineFormatter();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
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
        };
        logger.addHandler(handler);
        try {
            new LoggingAuditListener().onEvent(AuditEvent.builder(AuditEvent.Type.SCOPE_DENIED, Instant.now())
                    .clientId("oc_1").reason("insufficient_scope").build());
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(lines).singleElement().asString().contains(" dev.wacht.audit.")
                .contains("event=scope_denied").contains("client_id=oc_1");
        assertThat(logger.isLoggable(Level.INFO)).isTrue();
    }
}
