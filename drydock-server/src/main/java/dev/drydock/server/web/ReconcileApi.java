package dev.drydock.server.web;

import dev.drydock.server.store.DriftQuery;
import dev.drydock.server.store.FleetParity;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /api/v1/reconcile/...: where two scanners disagree (drift, as JSON or CSV) and how much they agree (parity). */
final class ReconcileApi {
    private final Store store;
    private final Access access;

    ReconcileApi(Store store, Access access) {
        this.store = store;
        this.access = access;
    }

    void register(Routes r) {
        r.get("/api/v1/reconcile/drift", ctx -> {
            access.read(ctx);
            DriftQuery q = ReconcileParams.query(ctx, store, null, null, DriftQuery.DEFAULT_LIMIT, ReconcileParams.API_MAX_LIMIT);
            Json.write(ctx, 200, store.drift(q));
        });
        r.get("/api/v1/reconcile/drift.csv", ctx -> {
            access.read(ctx);
            csv(ctx, store, ReconcileParams.query(ctx, store, null, null, DriftQuery.MAX_LIMIT, DriftQuery.MAX_LIMIT));
        });
        r.get("/api/v1/reconcile/parity", ctx -> {
            access.read(ctx);
            Json.write(ctx, 200, parity(store, ReconcileParams.query(ctx, store, null, null, 1, DriftQuery.MAX_LIMIT)));
        });
    }

    /** The drift rows of the query as a CSV download (also behind the page's cookie, see {@link Pages}). */
    static void csv(Context ctx, Store store, DriftQuery q) {
        var page = store.drift(q);
        if (page.total() > page.offset() + page.items().size()) {
            ctx.header("X-Drydock-Truncated", "true"); // more rows than one export holds: page with offset
        }
        ctx.header("Content-Disposition", "attachment; filename=\"drift.csv\"");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(200).contentType("text/csv; charset=utf-8").result(DriftCsv.write(q.scannerA(), q.scannerB(), page.items()));
    }

    /** The scope's figures, per repository for the fleet, and the daily history of the fleet or the repository. */
    static Map<String, Object> parity(Store store, DriftQuery q) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scannerA", q.scannerA());
        out.put("scannerB", q.scannerB());
        String kind = q.image() != null ? "image" : q.repository() != null ? "repository" : "fleet";
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("kind", kind);
        scope.put("value", q.image() != null ? q.image() : q.repository());
        out.put("scope", scope);
        if (kind.equals("fleet")) {
            FleetParity p = store.fleetParity(q.scannerA(), q.scannerB());
            out.put("parity", p.fleet());
            out.put("repositories", p.repositories());
        } else {
            out.put("parity", store.parity(q));
            out.put("repositories", List.of());
        }
        out.put("history", kind.equals("image") ? List.of() : store.parityHistory(q.scannerA(), q.scannerB(), q.repository()));
        return out;
    }
}
