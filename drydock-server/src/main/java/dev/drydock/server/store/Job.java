package dev.drydock.server.store;

import java.time.Instant;

/**
 * A claimed job. {@code attempt} counts claims including this one; together with {@code workerId} it
 * fences the lease: a worker whose lease expired and whose job was claimed again cannot complete or
 * fail it any more.
 */
public record Job(long id, String kind, String payload, String workerId, int attempt, Instant leaseUntil) {
}
