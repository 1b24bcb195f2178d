package dev.wacht.core;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body subscriber that reads at most {@code max} bytes and gives up (cancelling the
 * exchange) beyond that, so a hostile or broken server cannot make us buffer an unbounded body.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The body was larger than allowed. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int max) {
            super("response body exceeds " + max + " bytes");
        }
    }

    private final int max;
    private final boolean declaredTooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<ByteBuffer> parts = new ArrayList<>();
    private Flow.Subscription subscription;
    private int size;

    private BoundedBody(int max, boolean declaredTooLarge) {
        this.max = max;
        this.declaredTooLarge = declaredTooLarge;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int max) {
        return info -> new BoundedBody(max, info.headers().firstValueAsLong("content-length").orElse(-1) > max);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredTooLarge) {
            s.cancel();
            result.completeExceptionally(new TooLargeException(max));
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            size += b.remaining();
            if (size > max || size < 0) {
                subscription.cancel();
                parts.clear();
                result.completeExceptionally(new TooLargeException(max));
                return;
            }
            ByteBuffer copy = ByteBuffer.allocate(b.remaining());
            copy.put(b).flip();
            parts.add(copy);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        byte[] out = new byte[size];
        int at = 0;
        for (ByteBuffer b : parts) {
            int n = b.remaining();
            b.get(out, at, n);
            at += n;
        }
        parts.clear();
        result.complete(out);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
