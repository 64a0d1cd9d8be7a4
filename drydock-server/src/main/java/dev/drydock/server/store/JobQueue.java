package dev.drydock.server.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The work queue in the job table. A claim is one UPDATE of one row chosen by a sub-select; on
 * PostgreSQL the sub-select takes its row with FOR UPDATE SKIP LOCKED, so concurrent workers take
 * different jobs without waiting on each other; on SQLite the statement is atomic because SQLite runs
 * one write at a time.
 *
 * <p>A worker holds a job for a lease. A worker that dies (kill -9) simply stops renewing: once the
 * lease has expired, the job is claimable again. Completion and failure are fenced by worker id and
 * attempt number, so a worker that outlived its lease cannot overwrite the new owner's outcome.
 */
final class JobQueue {
    static final int DEFAULT_MAX_ATTEMPTS = 5;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;

    JobQueue(Jdbi jdbi, Dialect dialect, Clock clock) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.clock = clock;
    }

    long enqueue(String kind, String payload, int maxAttempts) {
        return enqueue(kind, payload, maxAttempts, null).orElseThrow();
    }

    /**
     * Queues a job unless one with the same {@code dedupeKey} is queued or running (empty then). A null
     * key never conflicts. Any number of processes may schedule the same periodic job this way.
     */
    Optional<Long> enqueue(String kind, String payload, int maxAttempts, String dedupeKey) {
        if (payload != null && payload.length() > Bounded.PAYLOAD) {
            throw new IllegalArgumentException("job payload over " + Bounded.PAYLOAD + " characters");
        }
        long now = clock.millis();
        // The conflict target repeats the partial index's predicate: that is how both databases find it.
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO job (kind, payload, state, attempts, max_attempts, run_after, created_at, updated_at, dedupe_key)
                        VALUES (:kind, :payload, 'queued', 0, :max, :now, :now, :now, :key)
                        ON CONFLICT (dedupe_key) WHERE state IN ('queued', 'running') DO NOTHING
                        RETURNING id
                        """)
                .bind("kind", Bounded.text(kind, Bounded.SHORT_KEY_BYTES))
                .bind("payload", payload == null ? "" : Bounded.text(payload, Bounded.PAYLOAD))
                .bind("max", Math.max(1, maxAttempts)).bind("now", now)
                .bind("key", dedupeKey == null ? null : Bounded.text(dedupeKey, Bounded.SHORT_KEY_BYTES))
                .mapTo(Long.class).findOne());
    }

    /** The queued or running job holding {@code dedupeKey}, if any. */
    Optional<Long> pending(String dedupeKey) {
        if (!Bounded.matchable(dedupeKey)) return Optional.empty();
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM job WHERE dedupe_key = :key AND state IN ('queued', 'running')")
                .bind("key", Bounded.text(dedupeKey, Bounded.SHORT_KEY_BYTES)).mapTo(Long.class).findOne());
    }

    Optional<Job> claim(String workerId, Duration lease) {
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive");
        long now = clock.millis();
        long until = now + lease.toMillis();
        String worker = Bounded.text(workerId, Bounded.SHORT_KEY_BYTES);
        return jdbi.withHandle(h -> {
            // A job whose lease ran out on its last allowed attempt is not retried: it failed.
            h.createUpdate("""
                            UPDATE job SET state = 'failed', last_error = 'lease expired on the last attempt',
                                lease_owner = NULL, lease_until = NULL, updated_at = :now
                            WHERE state = 'running' AND lease_until < :now AND attempts >= max_attempts
                            """).bind("now", now).execute();
            return h.createQuery("""
                            UPDATE job SET state = 'running', lease_owner = :worker, lease_until = :until,
                                attempts = attempts + 1, updated_at = :now
                            WHERE id = (SELECT id FROM job
                                        WHERE (state = 'queued' AND run_after <= :now)
                                           OR (state = 'running' AND lease_until < :now AND attempts < max_attempts)
                                        ORDER BY id LIMIT 1""" + dialect.skipLocked() + """
                            )
                            RETURNING id, kind, payload, attempts, lease_until
                            """)
                    .bind("worker", worker).bind("until", until).bind("now", now)
                    .map((rs, ctx) -> new Job(rs.getLong("id"), rs.getString("kind"), rs.getString("payload"), worker,
                            rs.getInt("attempts"), Instant.ofEpochMilli(rs.getLong("lease_until"))))
                    .findOne();
        });
    }

    /** Extends the lease of a job this worker still holds; false when it no longer does. */
    boolean renew(Job job, Duration lease) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE job SET lease_until = :until, updated_at = :now
                        WHERE id = :id AND state = 'running' AND lease_owner = :worker AND attempts = :attempt
                        """)
                .bind("until", now + lease.toMillis()).bind("now", now)
                .bind("id", job.id()).bind("worker", job.workerId()).bind("attempt", job.attempt())
                .execute()) == 1;
    }

    boolean complete(Job job, String result) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE job SET state = 'done', result = :result, lease_owner = NULL, lease_until = NULL, updated_at = :now
                        WHERE id = :id AND state = 'running' AND lease_owner = :worker AND attempts = :attempt
                        """)
                .bind("now", clock.millis()).bind("result", result == null ? null : Bounded.text(result, Bounded.PAYLOAD))
                .bind("id", job.id()).bind("worker", job.workerId()).bind("attempt", job.attempt())
                .execute()) == 1;
    }

    /**
     * Records a failed attempt: the job is queued again after a back-off (2^attempt seconds, at most an
     * hour) while attempts remain and {@code retry} holds, and is failed for good otherwise.
     */
    boolean fail(Job job, String error, boolean retry) {
        long now = clock.millis();
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(20, job.attempt()));
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE job SET state = CASE WHEN :retry AND attempts < max_attempts THEN 'queued' ELSE 'failed' END,
                            run_after = :retryAt, last_error = :error, lease_owner = NULL, lease_until = NULL, updated_at = :now
                        WHERE id = :id AND state = 'running' AND lease_owner = :worker AND attempts = :attempt
                        """)
                .bind("retry", retry).bind("retryAt", now + backoff).bind("error", Bounded.text(error, Bounded.VALUE)).bind("now", now)
                .bind("id", job.id()).bind("worker", job.workerId()).bind("attempt", job.attempt())
                .execute()) == 1;
    }

    Optional<JobStatus> status(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM job WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new JobStatus(rs.getLong("id"), rs.getString("kind"), rs.getString("state"),
                        rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getString("lease_owner"),
                        Rows.instant(rs, "lease_until"), Rows.instant(rs, "run_after"), rs.getString("last_error"),
                        rs.getString("result")))
                .findOne());
    }
}
