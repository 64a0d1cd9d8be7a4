package dev.drydock.server.rematch;

import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.Scheduler;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.store.Store;
import dev.drydock.vulndb.DbMetadata;
import dev.drydock.vulndb.VulnDbException;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The scheduled look at the vulnerability database: when its build is newer than the one the last fleet
 * re-match was queued for (server_state), it queues {@code rematch.fleet}. The job's dedupe key keeps it
 * to one pending fleet re-match however many worker processes look. Without a database file the server
 * runs on (uploads need none); that is logged once, not every minute.
 */
public final class DbWatcher {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    static final Duration FIRST_CHECK = Duration.ofSeconds(3);

    private final Store store;
    private final VulnDbSource vulnDb;
    private final Log log;
    private final Duration every;
    private volatile String reported; // the problem last logged, so that it is logged once

    public DbWatcher(Store store, VulnDbSource vulnDb, Log log, Duration every) {
        this.store = Objects.requireNonNull(store);
        this.vulnDb = Objects.requireNonNull(vulnDb);
        this.log = Objects.requireNonNull(log);
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("interval must be positive");
        this.every = every;
    }

    public Scheduler.Task task() {
        // The first check soon after start: a worker started right after a database update re-matches at once.
        Duration first = every.compareTo(FIRST_CHECK) < 0 ? every : FIRST_CHECK;
        return new Scheduler.Task("rematch.db_watch", first, every, this::check);
    }

    /** One look; true when it queued a fleet re-match. */
    public boolean check() {
        if (!Files.isRegularFile(vulnDb.path())) {
            once(false, "rematch.no_vulndb", "no vulnerability database at " + vulnDb.path()
                    + "; re-matching waits for `drydock db update` or `drydock db pull`");
            return false;
        }
        DbMetadata meta;
        try {
            meta = vulnDb.metadata();
        } catch (VulnDbException e) {
            once(true, "rematch.vulndb_unreadable", e.getMessage());
            return false;
        }
        reported = null;
        Instant builtAt = meta.builtAt();
        Optional<Instant> done = RematchJobs.lastFleetBuild(store);
        if (done.isPresent() && !builtAt.isAfter(done.get())) return false;
        Optional<Long> queued = store.enqueueUnique(RematchJobs.FLEET, "{\"reason\":\"database updated\",\"dbBuiltAt\":\"" + builtAt + "\"}",
                RematchJobs.FLEET_KEY);
        queued.ifPresent(id -> log.info("rematch.db_updated", "db_built_at", builtAt.toString(), "job", id));
        return queued.isPresent();
    }

    private void once(boolean warn, String event, String message) {
        if (message.equals(reported)) return;
        reported = message;
        if (warn) log.warn(event, "message", message);
        else log.info(event, "message", message);
    }
}
