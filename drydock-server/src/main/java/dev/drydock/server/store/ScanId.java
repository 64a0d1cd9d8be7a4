package dev.drydock.server.store;

/** A stored scan. */
public record ScanId(long value) {
}
