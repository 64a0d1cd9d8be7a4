package dev.drydock.server.web;

import dev.drydock.server.registry.Registries;

import dev.drydock.server.jobs.JobMetrics;
import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.store.Database;
import dev.drydock.server.store.IssuedToken;
import dev.drydock.server.monitor.MonitorStore;
import dev.drydock.server.store.Store;
import dev.drydock.vulndb.VulnDb;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The web process of {@code drydock serve}: REST API under /api/v1, server-rendered pages, health and
 * metrics, on one Javalin (Jetty) server over a {@link Store}.
 */
public final class DrydockServer {
    private final Javalin app;
    private final List<Routes.Route> routes;

    private DrydockServer(Javalin app, List<Routes.Route> routes) {
        this.app = app;
        this.routes = routes;
    }

    /**
     * Starts serving on {@code port} (0: a free port, see {@link #port()}). On first start the bootstrap
     * admin token is printed once to {@code log}, unless it came from DRYDOCK_ADMIN_TOKEN.
     */
    public static DrydockServer start(int port, Database db, ServerOptions options) {
        return start(port, db, options, System.getenv("DRYDOCK_ADMIN_TOKEN"), System.err);
    }

    static DrydockServer start(int port, Database db, ServerOptions options, String adminTokenFromEnv, PrintStream log) {
        return start(port, new Store(db), options, new JobMetrics(), new VulnDbSource(VulnDb.defaultPath()), adminTokenFromEnv, log);
    }

    /**
     * @param jobMetrics the process's job metrics, which /metrics shows beside the HTTP ones
     * @param vulnDb     the vulnerability database that SBOM uploads are matched with
     */
    public static DrydockServer start(int port, Store store, ServerOptions options, JobMetrics jobMetrics,
                                      VulnDbSource vulnDb, String adminTokenFromEnv, PrintStream log) {
        return start(port, Registries.fromEnvironment(store), options, jobMetrics, vulnDb, adminTokenFromEnv, log);
    }

    /** @param registries the store with the key that seals registry credentials */
    public static DrydockServer start(int port, Registries registries, ServerOptions options, JobMetrics jobMetrics,
                                      VulnDbSource vulnDb, String adminTokenFromEnv, PrintStream log) {
        Store store = registries.store();
        Database db = store.database();
        Optional<IssuedToken> bootstrap = store.ensureAdmin(Optional.ofNullable(adminTokenFromEnv));
        // The store returns the env token too; printing it would copy a secret the operator chose into logs.
        if (bootstrap.isPresent() && adminTokenFromEnv == null) {
            log.println("drydock serve: bootstrap admin token (shown once, store it now): " + bootstrap.get().plaintext());
        }
        Metrics metrics = new Metrics(jobMetrics);
        Access access = new Access(store, options.publicRead());
        AtomicReference<List<Routes.Route>> registered = new AtomicReference<>();
        Javalin app = Javalin.create(config -> {
            config.http.maxRequestSize = options.maxBodyBytes();
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> ctx.attribute("drydock.start", System.nanoTime()));
            config.routes.after(ctx -> record(ctx, metrics));
            ErrorResponses.register(config.routes, new Log(log));
            Routes r = new Routes(config.routes);
            new Health(db, metrics).register(r);
            new OpenApi().register(r);
            new ImagesApi(store, access).register(r);
            new ScansApi(store, access, metrics, options.maxBodyBytes()).register(r);
            new SbomsApi(store, access, metrics, vulnDb, options.version(), options.maxBodyBytes()).register(r);
            new ImportsApi(store, access, metrics, vulnDb, options.maxBodyBytes()).register(r);
            new TokensApi(store, access).register(r);
            new JobsApi(store, access).register(r);
            new SightingsApi(store, access).register(r);
            new RegistriesApi(registries, access).register(r);
            new ReconcileApi(store, access).register(r);
            new TriageApi(store, access, java.time.Clock.systemUTC()).register(r);
            MonitorStore monitors = new MonitorStore(db, java.time.Clock.systemUTC());
            new MonitorsApi(store, monitors, access).register(r);
            new Pages(store, access, monitors).register(r);
            registered.set(r.registered());
        });
        app.start("0.0.0.0", port);
        return new DrydockServer(app, registered.get());
    }

    private static void record(Context ctx, Metrics metrics) {
        Long start = ctx.attribute("drydock.start");
        String route = ctx.attribute(Routes.ATTRIBUTE);
        if (route == null) route = "unmatched"; // no route (404, 405): one label, whatever the path was
        metrics.request(ctx.method().name(), route, ctx.status().getCode(), start == null ? 0 : System.nanoTime() - start);
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting connections and lets requests in flight finish (Jetty's graceful stop). */
    public void stop() {
        app.stop();
    }

    List<Routes.Route> routes() {
        return routes;
    }
}
