package dev.wacht.management;

/**
 * A failed call to Wacht's management API. {@link #status()} is the HTTP status of Wacht's answer
 * (its {@code {"errors":[{"message","code"}]}} message is the exception's message), or 0 when no usable
 * answer came: unreachable, timed out, interrupted, oversized or malformed. Messages never contain the
 * API key.
 */
public final class WachtApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    WachtApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status, or 0 when there was no usable answer. */
    public int status() {
        return status;
    }

    /** True for a client error (4xx): the request was refused and retrying it unchanged will not help. */
    public boolean isClientError() {
        return status >= 400 && status < 500;
    }

    /** True when Wacht could not be asked or failed (no usable answer, or 5xx): retrying later may help. */
    public boolean isUnavailable() {
        return status == 0 || status >= 500;
    }

    // getMessage() stays Wacht's own message, which callers show as it is; toString() adds the status for logs.
    @SuppressWarnings("OverrideThrowableToString")
    @Override
    public String toString() {
        return "WachtApiException[" + (status == 0 ? "no answer" : "HTTP " + status) + ": " + getMessage() + "]";
    }
}
