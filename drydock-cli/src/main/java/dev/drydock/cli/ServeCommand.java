package dev.drydock.cli;

import dev.drydock.server.store.Database;
import dev.drydock.server.web.DrydockServer;
import dev.drydock.server.web.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

    /** Released to stop; the shutdown hook releases it on SIGTERM/SIGINT. Tests release it themselves. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** Told the port once the server listens (tests use it with --port 0). */
    IntConsumer onStarted = p -> { };

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("--port must be from 0 to 65535");
        Database db = databaseUrl == null || databaseUrl.isBlank() ? Database.openDefault(System.getenv()) : Database.open(databaseUrl);
        DrydockServer server = DrydockServer.start(port, db, ServerOptions.defaults().withPublicRead(publicRead));
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
        spec.commandLine().getErr().println("drydock serve: listening on port " + server.port()
                + (publicRead ? " (public read)" : ""));
        spec.commandLine().getErr().flush();
        onStarted.accept(server.port());
        try {
            stop.await();
        } finally {
            server.stop();
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
