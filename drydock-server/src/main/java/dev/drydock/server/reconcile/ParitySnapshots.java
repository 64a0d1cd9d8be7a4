package dev.drydock.server.reconcile;

import dev.drydock.server.jobs.JobHandler;
import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.Scheduler;
import dev.drydock.server.store.FleetParity;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The daily parity snapshot: once a (UTC) day, for every pair of scanners that scanned a common image, the
 * fleet's and each repository's parity is stored in {@code parity_snapshot}, which the parity API shows as
 * history. Every worker process checks hourly and queues one de-duplicated {@code reconcile.parity} job;
 * the job does nothing when the day's snapshot is already taken (server_state), so it runs once a day
 * however many workers there are, and a retry rewrites the same rows.
 */
public final class ParitySnapshots {
    public static final String KIND = "reconcile.parity";
    public static final String KEY = "reconcile.parity";
    /** server_state: the UTC day whose snapshot was last taken. */
    public static final String STATE_DAY = "reconcile.parity_day";
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    static final Duration FIRST = Duration.ofMinutes(2);

    private final Store store;
    private final Clock clock;
    private final Log log;

    public ParitySnapshots(Store store, Clock clock, Log log) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.log = Objects.requireNonNull(log);
    }

    public Map<String, JobHandler> handlers() {
        return Map.of(KIND, job -> {
            int pairs = run();
            return pairs < 0 ? "{\"skipped\":true}" : "{\"pairs\":" + pairs + "}";
        });
    }

    public Scheduler.Task task(Duration every) {
        return new Scheduler.Task("reconcile.parity_schedule", every.compareTo(FIRST) < 0 ? every : FIRST, every, this::queue);
    }

    /** Queues the day's snapshot unless it is taken or pending; true when it queued one. */
    public boolean queue() {
        if (today().equals(store.serverState(STATE_DAY).orElse(null))) return false;
        return store.enqueueUnique(KIND, "{}", KEY).isPresent();
    }

    /** Takes the day's snapshot; returns the scanner pairs recorded, -1 when the day's was already taken. */
    public int run() {
        String day = today();
        if (day.equals(store.serverState(STATE_DAY).orElse(null))) return -1;
        int recorded = 0;
        for (List<String> pair : pairs(store.scanners())) {
            String a = pair.get(0), b = pair.get(1);
            FleetParity p = store.fleetParity(a, b);
            if (p.fleet().images() == 0) continue;
            store.recordParitySnapshot(day, a, b, p.fleet(), p.repositories(), clock.instant());
            recorded++;
        }
        store.putServerState(STATE_DAY, day);
        log.info("reconcile.parity_snapshot", "day", day, "pairs", recorded);
        return recorded;
    }

    /** Unordered pairs, drydock first when it is one of them, else by name. */
    static List<List<String>> pairs(List<String> scanners) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < scanners.size(); i++) {
            for (int j = i + 1; j < scanners.size(); j++) {
                String x = scanners.get(i), y = scanners.get(j);
                out.add(y.equals(ScanUpload.DRYDOCK) ? List.of(y, x) : List.of(x, y));
            }
        }
        return out;
    }

    private String today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    }
}
