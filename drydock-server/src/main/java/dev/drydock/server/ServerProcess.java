package dev.drydock.server;

import dev.drydock.server.jobs.JobHandler;
import dev.drydock.server.jobs.JobMetrics;
import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.Scheduler;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.jobs.Worker;
import dev.drydock.server.monitor.MonitorJobs;
import dev.drydock.server.monitor.MonitorStore;
import dev.drydock.server.reconcile.ParitySnapshots;
import dev.drydock.server.rematch.DbWatcher;
import dev.drydock.server.rematch.RematchJobs;
import dev.drydock.server.rematch.Rematcher;
import dev.drydock.server.registry.DiscoverySchedule;
import dev.drydock.server.registry.Registries;
import dev.drydock.server.registry.RegistryJobs;
import dev.drydock.server.store.Database;
import dev.drydock.server.store.Store;
import dev.drydock.server.web.DrydockServer;
import dev.drydock.server.web.ServerOptions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One {@code drydock serve} process: the web server, the worker (background jobs and their schedule),
 * or both. Any number of processes may share one PostgreSQL database: run one or more with the web
 * role behind a load balancer and as many workers as the job load needs.
 */
public final class ServerProcess implements AutoCloseable {
    public enum Role {
        ALL, WEB, WORKER;

        boolean serves() {
            return this != WORKER;
        }

        boolean works() {
            return this != WEB;
        }
    }

    /**
     * @param port      HTTP port (0: a free one); unused by a worker
     * @param vulnDb    the vulnerability database file the worker matches with
     * @param adminTokenFromEnv DRYDOCK_ADMIN_TOKEN, or null
     */
    public record Config(Role role, int port, ServerOptions web, Worker.Options worker, Path vulnDb,
                         String adminTokenFromEnv) {
    }

    private final DrydockServer server;
    private final Worker worker;
    private final Scheduler scheduler;
    private final VulnDbSource vulnDb;
    private final Log log;

    private ServerProcess(DrydockServer server, Worker worker, Scheduler scheduler, VulnDbSource vulnDb, Log log) {
        this.log = log;
        this.server = server;
        this.worker = worker;
        this.scheduler = scheduler;
        this.vulnDb = vulnDb;
    }

    public static ServerProcess start(Database db, Config config, PrintStream err) {
        Store store = new Store(db);
        Log log = new Log(err);
        JobMetrics jobMetrics = new JobMetrics();
        VulnDbSource vulnDb = new VulnDbSource(config.vulnDb());
        // Registry credentials are sealed with DRYDOCK_SECRET_KEY or the key file beside the default database.
        Registries registries = Registries.fromEnvironment(store);
        Worker worker = null;
        Scheduler scheduler = null;
        if (config.role().works()) {
            worker = new Worker(store, handlers(registries, vulnDb, log), config.worker(), jobMetrics, log).start();
            scheduler = new Scheduler(log);
            schedule(scheduler, store, vulnDb, log);
        }
        DrydockServer server = config.role().serves()
                ? DrydockServer.start(config.port(), registries, config.web(), jobMetrics, vulnDb, config.adminTokenFromEnv(), err)
                : null;
        log.info("server.started", "role", config.role().name().toLowerCase(java.util.Locale.ROOT),
                "port", server == null ? null : server.port(), "worker", worker == null ? null : worker.id());
        return new ServerProcess(server, worker, scheduler, vulnDb, log);
    }

    static final java.time.Duration STATISTICS_EVERY = java.time.Duration.ofMinutes(15);

    /** Every job kind this build can run, by kind. */
    static Map<String, JobHandler> handlers(Registries registries, VulnDbSource vulnDb, Log log) {
        Store store = registries.store();
        Map<String, JobHandler> h = new TreeMap<>();
        // Continuous re-matching: rematch.fleet queues rematch.image batches when the database changes.
        h.putAll(RematchJobs.handlers(store, vulnDb, new Rematcher(store, vulnDb, Clock.systemUTC(), Rematcher.drydockVersion()), log));
        // The registry connector: discovery queues a scan of each digest not yet scanned at the registry stage.
        h.putAll(RegistryJobs.handlers(registries, vulnDb, Rematcher.drydockVersion(), log));
        // Reconciliation: the daily parity snapshot of every scanner pair.
        h.putAll(new ParitySnapshots(store, Clock.systemUTC(), log).handlers());
        // The ingestion monitor: a check compares drydock's count with a downstream system's.
        h.putAll(monitorJobs(store, log).handlers());
        return h;
    }

    /** The periodic tasks of a worker process; each only queues de-duplicated jobs. */
    static void schedule(Scheduler scheduler, Store store, VulnDbSource vulnDb, Log log) {
        // Continuous re-matching: a newer vulnerability database queues one fleet re-match.
        scheduler.add(new DbWatcher(store, vulnDb, log, DbWatcher.DEFAULT_INTERVAL).task());
        // Planner statistics, in case the database's own autovacuum is off or behind (see Store#refreshStatistics).
        scheduler.add(new Scheduler.Task("db.statistics", STATISTICS_EVERY, STATISTICS_EVERY, store::refreshStatistics));
        // The registry connector: every registry is discovered again each interval.
        scheduler.add(new DiscoverySchedule(store, log, DiscoverySchedule.DEFAULT_INTERVAL).task());
        // Reconciliation: the day's parity snapshot, queued once a day.
        scheduler.add(new ParitySnapshots(store, Clock.systemUTC(), log).task(ParitySnapshots.DEFAULT_INTERVAL));
        // The ingestion monitor: every monitor is checked again each interval.
        scheduler.add(monitorJobs(store, log).task(MonitorJobs.DEFAULT_INTERVAL));
    }

    private static MonitorJobs monitorJobs(Store store, Log log) {
        return new MonitorJobs(store, new MonitorStore(store.database(), Clock.systemUTC()), log);
    }

    /** The HTTP port, when this process serves. */
    public Optional<Integer> port() {
        return server == null ? Optional.empty() : Optional.of(server.port());
    }

    public Optional<String> workerId() {
        return worker == null ? Optional.empty() : Optional.of(worker.id());
    }

    /** Stops taking requests and jobs, and finishes what is in hand (within the worker's grace time). */
    @Override
    public void close() {
        if (scheduler != null) scheduler.close();
        if (server != null) server.stop();
        if (worker != null) worker.close();
        vulnDb.close();
        log.info("server.stopped");
    }
}
