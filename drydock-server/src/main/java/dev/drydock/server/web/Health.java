package dev.drydock.server.web;

import dev.drydock.server.store.Database;
import io.javalin.http.Context;

import java.util.Map;

/** /healthz (the process answers), /readyz (the database answers too), /metrics. Open to all: they carry no data. */
final class Health {
    private final Database db;
    private final Metrics metrics;

    Health(Database db, Metrics metrics) {
        this.db = db;
        this.metrics = metrics;
    }

    void register(Routes r) {
        r.get("/healthz", ctx -> Json.write(ctx, 200, Map.of("status", "ok")));
        r.get("/readyz", this::ready);
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render()));
    }

    private void ready(Context ctx) {
        boolean up;
        try {
            up = db.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            up = false; // the reason goes nowhere: readiness is a yes/no for a load balancer
        }
        if (up) Json.write(ctx, 200, Map.of("status", "ready"));
        else Json.error(ctx, 503, "database not reachable");
    }
}
