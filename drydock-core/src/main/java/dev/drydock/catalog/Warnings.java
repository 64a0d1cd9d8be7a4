package dev.drydock.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Collects warnings for the user, de-duplicated and bounded so a hostile image cannot flood them. */
public final class Warnings {
    private static final int MAX = 1000;
    private final Set<String> messages = new LinkedHashSet<>();
    private final Consumer<String> live;
    private int dropped;

    public Warnings() {
        this(m -> {
        });
    }

    /** @param live called once for each new warning as it happens (e.g. to print it) */
    public Warnings(Consumer<String> live) {
        this.live = live;
    }

    public synchronized void add(String message) {
        if (messages.size() >= MAX) {
            dropped++;
            return;
        }
        if (messages.add(message)) live.accept(message);
    }

    public synchronized List<String> list() {
        List<String> out = new ArrayList<>(messages);
        if (dropped > 0) out.add(dropped + " more warnings not shown");
        return out;
    }
}
