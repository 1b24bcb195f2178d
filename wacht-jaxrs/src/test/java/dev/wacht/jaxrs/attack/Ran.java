package dev.wacht.jaxrs.attack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What protected code ran: every protected servlet and resource of the attack suite notes itself here. */
final class Ran {
    private static final List<String> NOTES = new CopyOnWriteArrayList<>();

    private Ran() {
    }

    static void note(String what) {
        NOTES.add(what);
    }

    static List<String> notes() {
        return List.copyOf(NOTES);
    }

    static void clear() {
        NOTES.clear();
    }
}
