package dev.wacht.jakarta.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.audit.AuditEvent;
import dev.wacht.core.audit.LoggingAuditListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.stream.Collectors;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamHandler handler = new StreamHandler(out, new OneLineFormatter());
        logger.addHandler(handler);
        try {
            new LoggingAuditListener().onEvent(AuditEvent.builder(AuditEvent.Type.SCOPE_DENIED, Instant.now())
                    .clientId("oc_1").reason("insufficient_scope").build());
        } finally {
            handler.flush();
            logger.removeHandler(handler);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        assertThat(lines).singleElement().asString().contains(" dev.wacht.audit.")
                .contains("event=scope_denied").contains("client_id=oc_1");
        assertThat(logger.isLoggable(Level.INFO)).isTrue();
    }
}
