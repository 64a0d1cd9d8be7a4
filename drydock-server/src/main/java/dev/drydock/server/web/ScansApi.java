package dev.drydock.server.web;

import dev.drydock.server.store.Principal;
import dev.drydock.server.store.ScanId;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.util.Map;

/** POST /api/v1/scans: a CI job (role ci) or an admin uploads a scan result. */
final class ScansApi {
    private final Store store;
    private final Access access;
    private final Metrics metrics;
    private final long maxBody;

    ScansApi(Store store, Access access, Metrics metrics, long maxBody) {
        this.store = store;
        this.access = access;
        this.metrics = metrics;
        this.maxBody = maxBody;
    }

    void register(Routes r) {
        r.post("/api/v1/scans", this::upload);
    }

    private void upload(Context ctx) {
        // Authorise before reading the body: an anonymous client must not make the server parse 64 MiB.
        Principal who = access.require(ctx, Access.UPLOADERS);
        ScanUpload upload = ScanUploadParser.parse(Json.body(ctx, maxBody));
        ScanId id = store.recordScan(upload);
        store.audit(who.name(), "scan.upload", upload.report().image().manifestDigest().toString(), "scan " + id.value());
        metrics.scanUploaded();
        Json.write(ctx, 201, Map.of("id", id.value(), "digest", upload.report().image().manifestDigest().toString()));
    }
}
