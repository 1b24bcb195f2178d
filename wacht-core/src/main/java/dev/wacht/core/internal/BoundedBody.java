package dev.wacht.core.internal;

import java.io.IOException;
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
 * <p>The response is handed over as soon as its headers are there (like the JDK's input-stream
 * body), and the bytes follow: {@link #await} waits for them on the calling thread until a deadline
 * (a timed wait, no timer task), {@link #bytes} gives them as a future. The JDK's request timeout
 * ends when the headers arrive, so this is what bounds a server that stalls in the middle of a body.
 * Unsupported (see the package).
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody> {
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

    /** A handler whose bodies hold at most {@code max} bytes. */
    public static HttpResponse.BodyHandler<BoundedBody> handler(int max) {
        return info -> new BoundedBody(max, declaredLength(info));
    }

    private static long declaredLength(HttpResponse.ResponseInfo info) {
        List<String> values = info.headers().allValues("content-length"); // firstValueAsLong() builds a stream
        return values.isEmpty() ? -1 : Long.parseLong(values.get(0));
    }

    /** A handler of bodies of at most {@code max} bytes that hands the response over once the body is complete. */
    public static HttpResponse.BodyHandler<byte[]> wholeHandler(int max) {
        return info -> {
            BoundedBody body = new BoundedBody(max, declaredLength(info));
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

    @Override
    public CompletionStage<BoundedBody> getBody() {
        return CompletableFuture.completedFuture(this);
    }
}
