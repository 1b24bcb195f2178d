package dev.wacht.testkit;

import java.util.ArrayDeque;
import java.util.List;

/** The checks received, oldest first, bounded so a long-running emulator does not grow without limit. */
final class CheckLog {
    static final int CAPACITY = 10_000;

    private final ArrayDeque<RecordedCheck> entries = new ArrayDeque<>();
    private final int capacity;

    CheckLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(RecordedCheck check) {
        if (entries.size() == capacity) {
            entries.pollFirst();
        }
        entries.addLast(check);
    }

    synchronized List<RecordedCheck> snapshot() {
        return List.copyOf(entries);
    }

    synchronized int clear() {
        int n = entries.size();
        entries.clear();
        return n;
    }
}
