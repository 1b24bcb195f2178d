package dev.wacht.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client over a plain socket that sends header values byte for byte, including what
 * {@code java.net.http} refuses to send (CR, LF, NUL, other control characters, non-ASCII).
 * Characters up to U+00FF are sent as one byte each, others as UTF-8. Each request uses its own
 * connection ({@code Connection: close}) and is bounded by a read timeout.
 */
public final class RawHttp {
    private static final int MAX_RESPONSE = 1 << 20;

    private RawHttp() {
    }

    /** What came back: a status (-1 when the server closed the connection without an answer), headers and body. */
    public static final class Response {
        private final int status;
        private final Map<String, List<String>> headers;
        private final String body;

        Response(int status, Map<String, List<String>> headers, String body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        /** The status code, or -1 when no answer was received. */
        public int status() {
            return status;
        }

        /** Every value of a header (name compared case-insensitively). */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The body, decoded as UTF-8. */
        public String body() {
            return body;
        }
    }

    /**
     * Sends {@code GET target} with the given extra header lines ({@code name} and raw value each) and
     * reads the answer.
     *
     * @param target origin-form request target, e.g. {@code /echo?x=1}
     */
    public static Response get(URI server, String target, List<Map.Entry<String, String>> headers, Duration timeout)
            throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, "GET " + target + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                + "\r\nConnection: close\r\nUser-Agent: wacht-rawhttp\r\n");
        for (Map.Entry<String, String> h : headers) {
            write(request, h.getKey() + ": " + h.getValue() + "\r\n");
        }
        write(request, "\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request.toByteArray());
                out.flush();
            } catch (SocketException e) {
                // The server may answer and close before it has read a huge request; read what it sent.
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x100) {
                out.write(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0 && out.size() < MAX_RESPONSE) {
                out.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // a reset after the answer: keep what arrived
        }
        return out.toByteArray();
    }

    private static Response parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || headEnd < 0) {
            return new Response(-1, Map.of(), "");
        }
        String[] lines = text.substring(0, headEnd).split("\r\n", -1);
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        List<String> chunked = headers.getOrDefault("transfer-encoding", List.of());
        return new Response(status, headers, new String(chunked.contains("chunked") ? dechunk(body) : body,
                StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOfCrlf(body, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(body, start, Math.min(size, body.length - start));
            at = start + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
