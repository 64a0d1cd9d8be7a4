package dev.drydock.cli;

import dev.drydock.server.store.Database;
import dev.drydock.server.ServerProcess;
import dev.drydock.server.jobs.Worker;
import dev.drydock.server.web.ServerOptions;
import dev.drydock.vulndb.VulnDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the drydock server: image inventory, REST API and web pages (docs/server.md).",
                "Runs until SIGTERM or SIGINT, then stops gracefully."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:DRYDOCK_PORT:-8080}",
            description = "TCP port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--database-url", paramLabel = "URL", defaultValue = "${env:DRYDOCK_DATABASE_URL}",
            description = "jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB (default: SQLite under $XDG_DATA_HOME/drydock).")
    String databaseUrl;

    @Option(names = "--public-read", description = "Serve reads (API GETs and pages) without a token. Writes always need one.")
    boolean publicRead;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "${env:DRYDOCK_ROLE:-all}",
            description = "all (web and worker), web (serves, runs no jobs) or worker (runs jobs, serves nothing); default: ${DEFAULT-VALUE}.")
    String role;

    @Option(names = "--worker-threads", paramLabel = "N", defaultValue = "2",
            description = "Jobs a worker runs at once (default: ${DEFAULT-VALUE}).")
    int workerThreads;

    @Option(names = "--job-lease", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long a worker holds a job between renewals; a dead worker's job is retried after it (default: ${DEFAULT-VALUE}).")
    int jobLeaseSeconds;

    @Option(names = "--db", paramLabel = "PATH",
            description = "Vulnerability database the worker matches with (default: $DRYDOCK_DB or $XDG_CACHE_HOME/drydock/db/drydock.db).")
    Path vulnDb;

    /** Released to stop; the shutdown hook releases it on SIGTERM/SIGINT. Tests release it themselves. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** Told the port once the server listens (tests use it with --port 0). */
    IntConsumer onStarted = p -> { };

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("--port must be from 0 to 65535");
        if (workerThreads < 1 || workerThreads > 64) throw new IllegalArgumentException("--worker-threads must be from 1 to 64");
        ServerProcess.Role r = switch (role == null ? "" : role.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "all" -> ServerProcess.Role.ALL;
            case "web" -> ServerProcess.Role.WEB;
            case "worker" -> ServerProcess.Role.WORKER;
            default -> throw new IllegalArgumentException("--role must be all, web or worker, not '" + role + "'");
        };
        if (jobLeaseSeconds < 3 || jobLeaseSeconds > 3600) throw new IllegalArgumentException("--job-lease must be from 3 to 3600 seconds");
        Worker.Options workerOptions = Worker.Options.defaults().withThreads(workerThreads).withLease(java.time.Duration.ofSeconds(jobLeaseSeconds));
        Database db = databaseUrl == null || databaseUrl.isBlank() ? Database.openDefault(System.getenv()) : Database.open(databaseUrl);
        ServerProcess server = ServerProcess.start(db, new ServerProcess.Config(r, port,
                ServerOptions.defaults().withPublicRead(publicRead).withVersion(Main.version()), workerOptions,
                vulnDb == null ? VulnDb.defaultPath() : vulnDb, System.getenv("DRYDOCK_ADMIN_TOKEN")), System.err);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(); // keep the JVM up until the server has finished its requests in flight
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "drydock-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // The URL is not printed: a PostgreSQL URL may carry a password.
        spec.commandLine().getErr().println("drydock serve: " + r.name().toLowerCase(java.util.Locale.ROOT)
                + server.port().map(p -> ", listening on port " + p + (publicRead ? " (public read)" : "")).orElse("")
                + server.workerId().map(w -> ", worker " + w).orElse(""));
        spec.commandLine().getErr().flush();
        onStarted.accept(server.port().orElse(-1));
        try {
            stop.await();
        } finally {
            server.close();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and has just been released
            }
        }
        spec.commandLine().getErr().println("drydock serve: stopped");
        return Main.OK;
    }
}
