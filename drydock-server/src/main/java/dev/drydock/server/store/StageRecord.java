package dev.drydock.server.store;

import java.time.Instant;

/** An image at one stage: when it was first and last met there, when last scanned there (null: never). */
public record StageRecord(Stage stage, Instant firstSeen, Instant lastSeen, Instant lastScanned) {
}
