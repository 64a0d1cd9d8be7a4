package dev.drydock.server.store;

import java.util.List;

/** One page of a longer list: {@code total} rows match, these are rows {@code offset} to {@code offset + items.size()}. */
public record Page<T>(List<T> items, long total, int limit, int offset) {
    public Page {
        items = List.copyOf(items);
    }
}
