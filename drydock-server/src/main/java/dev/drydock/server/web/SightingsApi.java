package dev.drydock.server.web;

import dev.drydock.server.store.Sighting;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/**
 * POST /api/v1/sightings: where images were met without being scanned (a runtime agent listing running
 * containers, a registry listing, a pipeline pulling an image). Roles ci and admin, like uploads. Not
 * audit-logged: an agent reports every few minutes, and the sightings themselves are the record.
 */
final class SightingsApi {
    /** 1,000 sightings with their names and workloads fit well within this. */
    static final long MAX_BODY = 4L * 1024 * 1024;

    private final Store store;
    private final Access access;

    SightingsApi(Store store, Access access) {
        this.store = store;
        this.access = access;
    }

    void register(Routes r) {
        r.post("/api/v1/sightings", this::record);
    }

    private void record(Context ctx) {
        access.require(ctx, Access.UPLOADERS);
        List<Sighting> sightings = SightingsParser.parse(Json.body(ctx, MAX_BODY));
        store.recordSightings(sightings);
        Json.write(ctx, 200, Map.of("recorded", sightings.size()));
    }
}
