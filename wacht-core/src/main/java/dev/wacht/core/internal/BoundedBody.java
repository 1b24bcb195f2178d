package dev.wacht.core.internal;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A response body that reads at most {@code max} bytes and gives up (cancelling the exchange) beyond
 * that, so a hostile or broken server cannot make us buffer an unbounded body.
 *
 * <p>On the blocking path the response is sent with {@link #handler()}, the JDK's own publisher of
 * the body, and handed over as soon as its headers are there; {@link #read} then subscribes to it and
 * {@link #await} waits for the bytes on the calling thread until a deadline (a timed wait, no timer
 * task). The JDK's request timeout ends when the headers arrive, so this is what bounds a server that
 * stalls in the middle of a body. The JDK's publisher, unlike a body subscriber of ours, is one the
 * JDK client trusts not to block: the client hands the response over on the thread that read the
 * headers instead of first passing it to its executor, and bytes that already arrived are delivered
 * on the thread that subscribes (one caller on loopback, JDK 17: 24–28 µs less per check at p50 than
 * with a body subscriber of ours; TransportBenchmark, docs/performance.md). Unsupported (see the package).
 */
public final class BoundedBody implements Flow.Subscriber<List<ByteBuffer>> {
    /** The body was larger than allowed. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int max) {
            super("response body exceeds " + max + " bytes");
        }
    }

    private static final int INITIAL_CAPACITY = 1024;

    private final int max;
    private final long declaredLength;
    private final CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    private volatile Flow.@Nullable Subscription subscription;
    private volatile boolean abandoned;
    private byte @Nullable [] buffer;
    private int size;

    private BoundedBody(int max, long declaredLength) {
        this.max = max;
        this.declaredLength = declaredLength;
    }

    /** The handler to send with: the response comes once its headers are there, its body to be {@link #read}. */
    public static HttpResponse.BodyHandler<Flow.Publisher<List<ByteBuffer>>> handler() {
        return HttpResponse.BodyHandlers.ofPublisher();
    }

    /** Starts reading the body of {@code response} (sent with {@link #handler()}): at most {@code max} bytes. */
    public static BoundedBody read(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, int max) {
        BoundedBody body = new BoundedBody(max, declaredLength(response.headers()));
        response.body().subscribe(body);
        return body;
    }

    /** The Content-Length, or -1 when there is none or it is not a number (then the bytes read are counted). */
    private static long declaredLength(HttpHeaders headers) {
        List<String> values = headers.allValues("content-length"); // firstValueAsLong() builds a stream
        if (values.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A handler of bodies of at most {@code max} bytes that hands the response over once the body is complete. */
    public static HttpResponse.BodyHandler<byte[]> wholeHandler(int max) {
        return info -> {
            BoundedBody body = new BoundedBody(max, declaredLength(info.headers()));
            return new HttpResponse.BodySubscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    body.onSubscribe(s);
                }

                @Override
                public void onNext(List<ByteBuffer> items) {
                    body.onNext(items);
                }

                @Override
                public void onError(Throwable t) {
                    body.onError(t);
                }

                @Override
                public void onComplete() {
                    body.onComplete();
                }

                @Override
                public CompletionStage<byte[]> getBody() {
                    return body.bytes();
                }
            };
        };
    }

    /** The whole body, once it is read; fails with {@link TooLargeException} or the exchange's failure. */
    public CompletableFuture<byte[]> bytes() {
        return bytes;
    }

    /**
     * Waits on the calling thread for the whole body until {@code deadlineNanos} ({@link System#nanoTime}),
     * and abandons the exchange when the deadline passes or the thread is interrupted.
     *
     * @throws HttpTimeoutException when the body did not arrive in time
     * @throws IOException when the body was too large or the exchange failed
     */
    public byte[] await(long deadlineNanos) throws IOException, InterruptedException {
        try {
            return bytes.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon();
            throw new HttpTimeoutException("response body not complete before the request timeout");
        } catch (InterruptedException e) {
            abandon();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException ? (IOException) cause : new IOException(cause);
        }
    }

    /** Stops reading: cancels the exchange unless the body is complete. */
    public void abandon() {
        abandoned = true;
        Flow.Subscription s = subscription;
        if (s != null && !bytes.isDone()) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > max) {
            s.cancel();
            bytes.completeExceptionally(new TooLargeException(max));
        } else if (abandoned) {
            s.cancel();
        } else {
            buffer = new byte[declaredLength >= 0 ? (int) declaredLength : Math.min(INITIAL_CAPACITY, max)];
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (bytes.isDone()) {
            return;
        }
        // onNext comes only after onSubscribe has requested items, and it requests them after allocating the buffer
        Flow.Subscription s = Objects.requireNonNull(subscription, "onNext before onSubscribe");
        byte[] buf = Objects.requireNonNull(buffer, "onNext before the buffer was allocated");
        for (ByteBuffer b : items) {
            int n = b.remaining();
            if (n > max - size) {
                s.cancel();
                buffer = null;
                bytes.completeExceptionally(new TooLargeException(max));
                return;
            }
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max(2L * buf.length, size + n)));
                buffer = buf;
            }
            b.get(buf, size, n);
            size += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        bytes.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        byte[] body = buffer == null || size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        buffer = null;
        bytes.complete(body == null ? new byte[0] : body);
    }
}
