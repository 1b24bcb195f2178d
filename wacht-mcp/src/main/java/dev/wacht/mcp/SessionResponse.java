package dev.wacht.mcp;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.function.Consumer;

/** The response handed to the MCP transport: it reports every {@code Mcp-Session-Id} the transport issues. */
final class SessionResponse extends HttpServletResponseWrapper {
    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final Consumer<String> issued;

    SessionResponse(HttpServletResponse response, Consumer<String> issued) {
        super(response);
        this.issued = issued;
    }

    @Override
    public void setHeader(String name, String value) {
        report(name, value);
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        report(name, value);
        super.addHeader(name, value);
    }

    private void report(String name, String value) {
        if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) {
            issued.accept(value);
        }
    }
}
