package dev.wacht.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The request-path firewall and the canonical {@code @path} resource, shared by every adapter.
 *
 * <p>{@link #ofRaw} takes the path exactly as the client sent it (undecoded, e.g. the servlet
 * {@code getRequestURI()}) and refuses it unless it is already in normal form: printable ASCII only;
 * no {@code ;} path parameter in any segment; no percent-encoded {@code .}, {@code /}, {@code \},
 * {@code ;} or {@code %}, in any case; no encoded control character; no raw {@code \}; no
 * {@code .} or {@code ..} segment; no empty segment ({@code //}); well-formed UTF-8 after decoding,
 * without control characters. A container, a JAX-RS runtime and this library then all see the same
 * path, so an exclusion, a filter mapping or a resource decision cannot be made on one path while
 * another one is routed ({@code /files/..;/public/x}, {@code /files/%2e%2e/public/x}). Refusal is
 * answered 400 {@code invalid_request} without calling the gateway; there is no setting to relax it.
 *
 * <p>A normal path has two forms: {@link #path()}, the decoded path relative to the application
 * (what exclusions are matched against, trailing slash kept), and {@link #resource()}, the same
 * without a trailing slash and cut at {@value #MAX_RESOURCE} characters: the {@code @path} resource
 * sent to the gateway, used for rate limits, cache keys and audit. Immutable.
 */
public final class RequestPath {
    /** The longest raw path accepted, in characters. */
    public static final int MAX_RAW_LENGTH = 8192;
    /** The longest resource sent to the gateway; longer paths are cut. */
    public static final int MAX_RESOURCE = 1024;

    /** Exactly one of the two is set. */
    private final @Nullable String path;
    private final @Nullable String refusal;

    private RequestPath(@Nullable String path, @Nullable String refusal) {
        this.path = path;
        this.refusal = refusal;
    }

    /**
     * Checks and decodes a raw request path below an application's base path.
     *
     * @param rawUriPath the undecoded path of the request URI (no query), e.g. {@code /app/api/me}
     * @param rawBasePath the undecoded path of the application's root, e.g. the context path
     *     {@code /app}, or empty (or null) for the root; a trailing slash is ignored
     */
    public static RequestPath ofRaw(String rawUriPath, @Nullable String rawBasePath) {
        Objects.requireNonNull(rawUriPath, "rawUriPath");
        String base = rawBasePath == null ? "" : rawBasePath;
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String whole = checkRaw(rawUriPath);
        if (whole != null) {
            return refused(whole);
        }
        if (!rawUriPath.startsWith(base)
                || (rawUriPath.length() > base.length() && rawUriPath.charAt(base.length()) != '/')) {
            return refused("the request path does not start with the application path");
        }
        String raw = rawUriPath.substring(base.length());
        String decoded = decode(raw.isEmpty() ? "/" : raw);
        return decoded == null ? refused("the request path is not well-formed UTF-8") : ofDecoded(decoded);
    }

    /**
     * Checks an already decoded path relative to the application, such as a servlet path plus path
     * info of a forward or include target, against the same rules of normal form.
     */
    public static RequestPath ofDecoded(String decodedPath) {
        Objects.requireNonNull(decodedPath, "decodedPath");
        String path = decodedPath.isEmpty() ? "/" : decodedPath;
        if (path.charAt(0) != '/') {
            return refused("the request path does not start with '/'");
        }
        for (int i = 0; i < path.length(); i++) {
            if (LogText.isUnsafe(path.charAt(i))) {
                return refused("the request path contains a control character");
            }
        }
        String segments = checkSegments(path);
        return segments != null ? refused(segments) : new RequestPath(path, null);
    }

    private static RequestPath refused(String why) {
        return new RequestPath(null, why);
    }

    /** True when the path is in normal form. */
    public boolean isNormal() {
        return refusal == null;
    }

    /**
     * The decoded path relative to the application, trailing slash kept.
     *
     * @throws IllegalStateException when the path was refused
     */
    public String path() {
        return requireNormal();
    }

    /**
     * The canonical {@code @path} resource: {@link #path()} without a trailing slash ({@code /} stays
     * {@code /}), at most {@value #MAX_RESOURCE} characters.
     *
     * @throws IllegalStateException when the path was refused
     */
    public String resource() {
        String path = requireNormal();
        String r = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return r.length() <= MAX_RESOURCE ? r : r.substring(0, MAX_RESOURCE);
    }

    /**
     * The 400 {@code invalid_request} to answer a refused path with, naming what is wrong (never
     * echoing the path); empty when the path is normal.
     */
    public Optional<Outcome.Denied> refusal() {
        return refusal == null ? Optional.empty() : Optional.of(Outcome.denied(DenialReason.INVALID_REQUEST,
                "The request path is not in normal form: " + refusal));
    }

    /** The path, when it is normal. */
    private String requireNormal() {
        if (path == null) {
            throw new IllegalStateException("refused request path: " + refusal);
        }
        return path;
    }

    @Override
    public String toString() {
        return path != null ? "RequestPath[" + LogText.escape(path) + "]" : "RequestPath[refused: " + refusal + "]";
    }

    /** Null when every character and escape of the raw path is acceptable, else what is wrong. */
    private static @Nullable String checkRaw(String raw) {
        if (raw.length() > MAX_RAW_LENGTH) {
            return "longer than " + MAX_RAW_LENGTH + " characters";
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "a control, space or non-ASCII character that is not percent-encoded";
            }
            if (c == ';') {
                return "a ';' path parameter";
            }
            if (c == '\\') {
                return "a backslash";
            }
            if (c == '%') {
                int value = i + 2 < raw.length() ? (hex(raw.charAt(i + 1)) << 4) | hex(raw.charAt(i + 2)) : -1;
                if (value < 0) {
                    return "a malformed percent-encoding";
                }
                if (value == '.' || value == '/' || value == '\\' || value == ';' || value == '%') {
                    return "an encoded '.', '/', '\\', ';' or '%'";
                }
                if (value < 0x20 || value == 0x7f) {
                    return "an encoded control character";
                }
                i += 2;
            }
        }
        return null;
    }

    private static @Nullable String checkSegments(String path) {
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            if (segment.equals(".") || segment.equals("..")) {
                return "a '.' or '..' segment";
            }
            if (segment.isEmpty() && end < path.length()) {
                return "an empty segment ('//')";
            }
            start = end + 1;
        }
        return null;
    }

    private static int hex(char c) {
        int d = Character.digit(c, 16);
        return c < 0x80 ? d : -1;
    }

    /** Percent-decodes a raw path already checked by {@link #checkRaw}; null when not UTF-8. */
    private static @Nullable String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                bytes.put((byte) ((hex(raw.charAt(i + 1)) << 4) | hex(raw.charAt(i + 2))));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
