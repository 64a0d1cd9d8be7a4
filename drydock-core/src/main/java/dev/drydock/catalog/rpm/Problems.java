package dev.drydock.catalog.rpm;

import java.util.function.Consumer;

/**
 * The problems found in one database file. Only the first few are passed on word for word: a forged
 * file can be damaged in every record, and one summary line says more than a thousand similar ones.
 */
public final class Problems {
    static final int DEFAULT_LIMIT = 20;

    private final Consumer<String> sink;
    private final int limit;
    private int count;

    public Problems(Consumer<String> sink) {
        this(sink, DEFAULT_LIMIT);
    }

    public Problems(Consumer<String> sink, int limit) {
        this.sink = sink;
        this.limit = limit;
    }

    public void add(String message) {
        if (count++ < limit) sink.accept(message);
    }

    public int count() {
        return count;
    }

    /** Reports how many problems were not passed on; call once when the file is done. */
    public void finish() {
        if (count > limit) sink.accept((count - limit) + " more problems not listed");
    }
}
