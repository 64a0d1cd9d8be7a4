package dev.drydock.server.store;

import java.time.Instant;

/** A job as stored: {@code state} is queued, running, done or failed; {@code result} is a done job's JSON outcome. */
public record JobStatus(long id, String kind, String state, int attempts, int maxAttempts, String leaseOwner,
                        Instant leaseUntil, Instant runAfter, String lastError, String result) {
}
