package dev.drydock.server.registry;

import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.Scheduler;
import dev.drydock.server.store.RegistryRow;
import dev.drydock.server.store.Store;

import java.time.Duration;
import java.util.Objects;

/**
 * The periodic discovery: every {@link #DEFAULT_INTERVAL}, one {@code registry.discover} job per configured
 * registry. The dedupe key keeps it to one pending discovery per registry however many worker processes
 * schedule it, and a discovery still running (a large registry) is not queued again behind itself.
 */
public final class DiscoverySchedule {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    /** The first round soon after start, so that a new worker does not wait a whole interval. */
    static final Duration FIRST = Duration.ofSeconds(30);

    private final Store store;
    private final Log log;
    private final Duration every;

    public DiscoverySchedule(Store store, Log log, Duration every) {
        this.store = Objects.requireNonNull(store);
        this.log = Objects.requireNonNull(log);
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("interval must be positive");
        this.every = every;
    }

    public Scheduler.Task task() {
        return new Scheduler.Task("registry.discover_all", every.compareTo(FIRST) < 0 ? every : FIRST, every, this::queueAll);
    }

    /** Queues a discovery of every registry that has none pending; returns how many were queued. */
    public int queueAll() {
        int queued = 0;
        for (RegistryRow r : store.registries()) {
            if (store.enqueueUnique(RegistryJobs.DISCOVER, RegistryJobs.discoverPayload(r.id()), RegistryJobs.discoverKey(r.id())).isPresent()) {
                queued++;
            }
        }
        if (queued > 0) log.info("registry.discovery_queued", "registries", queued);
        return queued;
    }
}
