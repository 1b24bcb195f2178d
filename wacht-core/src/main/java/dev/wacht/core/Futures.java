package dev.wacht.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waiting for a verifier's future on the calling thread. */
final class Futures {
    private Futures() {
    }

    /**
     * The outcome, once the future has it.
     *
     * @throws InterruptedException when the thread is interrupted while it waits
     * @throws CompletionException holding the failure of a future that failed
     */
    static Outcome await(CompletableFuture<Outcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
    }
}
