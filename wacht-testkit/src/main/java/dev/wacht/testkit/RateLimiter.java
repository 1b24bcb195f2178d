package dev.wacht.testkit;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sliding-window counters keyed by bucket key (docs/wacht-wire.md, "Rate limits"). A request is counted in a bucket only
 * when it passes that bucket's rule. The lock per bucket guards a few deque operations only.
 */
final class RateLimiter {
    private final ConcurrentMap<String, ArrayDeque<Long>> buckets = new ConcurrentHashMap<>();

    /** The outcome of one rule for one request. */
    static final class Outcome {
        final RateLimitRule rule;
        final boolean passed;
        final long remaining;

        Outcome(RateLimitRule rule, boolean passed, long remaining) {
            this.rule = rule;
            this.passed = passed;
            this.remaining = remaining;
        }
    }

    Outcome hit(String bucketKey, RateLimitRule rule, long nowMs) {
        ArrayDeque<Long> log = buckets.computeIfAbsent(bucketKey, k -> new ArrayDeque<>());
        synchronized (log) {
            long windowStart = nowMs - rule.windowMs();
            while (!log.isEmpty() && log.peekFirst() <= windowStart) {
                log.pollFirst();
            }
            long count = log.size();
            if (count < rule.limit()) {
                log.addLast(nowMs);
                return new Outcome(rule, true, rule.limit() - (count + 1));
            }
            return new Outcome(rule, false, Math.max(0, rule.limit() - count));
        }
    }

    void clear() {
        buckets.clear();
    }
}
