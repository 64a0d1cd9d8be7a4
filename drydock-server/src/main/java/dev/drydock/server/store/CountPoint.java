package dev.drydock.server.store;

import java.time.Instant;

/** The active findings of an image from {@code at} on, until the next point. */
public record CountPoint(Instant at, SeverityCounts counts) {
}
