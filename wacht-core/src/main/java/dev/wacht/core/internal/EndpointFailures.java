package dev.wacht.core.internal;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import dev.wacht.core.WachtConfig;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Words for the person on call: where a call went ({@link #where}) and why it failed ({@link #why}).
 * Built from the URI's parts and the exception's type, never from request headers, so neither the
 * API key nor a credential can end up in the text. Unsupported (see the package).
 */
public final class EndpointFailures {
    private static final int MAX_DETAIL = 160;

    /** What kind of failure; the words name it. */
    public enum Kind {
        REFUSED, CONNECT_TIMEOUT, TIMEOUT, TLS, DNS, NO_ROUTE, CLOSED, TOO_LARGE, OTHER
    }

    private EndpointFailures() {
    }

    /** {@code scheme://host:port/path}, with the default port spelled out and no user info, query or fragment. */
    public static String where(URI uri) {
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + ":" + port + path;
    }

    /** The innermost cause that says more than its wrapper, unwrapping futures' wrappers first. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The kind of a call's failure, from the exception and its causes. */
    public static Kind kind(Throwable failure) {
        for (Throwable t = unwrap(failure); t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return Kind.TLS;
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return Kind.DNS;
            }
            if (t instanceof HttpConnectTimeoutException) {
                return Kind.CONNECT_TIMEOUT;
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return Kind.TIMEOUT;
            }
            if (t instanceof NoRouteToHostException) {
                return Kind.NO_ROUTE;
            }
            if (t instanceof BoundedBody.TooLargeException) {
                return Kind.TOO_LARGE;
            }
            if (t instanceof EOFException) {
                return Kind.CLOSED;
            }
            if (t.getCause() == null && t instanceof ConnectException) {
                return Kind.REFUSED;
            }
        }
        return unwrap(failure) instanceof ConnectException ? Kind.REFUSED : Kind.OTHER;
    }

    /**
     * Why the call failed, in words: {@code connection refused}, {@code no connection within 2000 ms},
     * {@code no answer within 5000 ms}, {@code TLS failure (…)}, {@code DNS failure: cannot resolve host x}.
     */
    public static String why(Throwable failure, URI endpoint, WachtConfig config) {
        String through = config.proxy().filter(p -> p.getHost() != null) // not 'none'
                .map(p -> " (through proxy " + p.getHost() + ":" + p.getPort() + ")").orElse("");
        return cause(failure, endpoint, config.connectTimeout(), config.requestTimeout()) + through;
    }

    private static String cause(Throwable failure, URI endpoint, Duration connectTimeout, Duration requestTimeout) {
        Throwable t = unwrap(failure);
        switch (kind(failure)) {
            case REFUSED:
                return "connection refused";
            case CONNECT_TIMEOUT:
                return "no connection within " + connectTimeout.toMillis() + " ms (connect timeout)";
            case TIMEOUT:
                return "no answer within " + requestTimeout.toMillis() + " ms (request timeout)";
            case TLS:
                return "TLS failure (" + detail(find(t, SSLException.class)) + "); check wacht.trust-store"
                        + " and whether a TLS-inspecting proxy is in the way";
            case DNS:
                return "DNS failure: cannot resolve host " + endpoint.getHost();
            case NO_ROUTE:
                return "no route to host " + endpoint.getHost();
            case CLOSED:
                return "connection closed before the answer was complete";
            case TOO_LARGE:
                return "answer larger than wacht.max-response-size";
            default:
                return "I/O failure (" + detail(t) + ")";
        }
    }

    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return t;
    }

    /** The exception's simple name and its message, on one line and bounded. */
    private static String detail(Throwable t) {
        String message = t.getMessage();
        String text = t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        text = text.replaceAll("\\p{Cntrl}", " ");
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }
}
