package dev.drydock.server.web;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.policy.Policy;
import dev.drydock.report.ScanReport;
import dev.drydock.sbom.SbomReader;
import dev.drydock.scan.Scanner;
import dev.drydock.scan.SeveritySelector;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.Principal;
import dev.drydock.server.store.ScanId;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.Store;
import dev.drydock.vulndb.VulnDbException;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POST /api/v1/sboms: an SBOM (CycloneDX or SPDX, JSON, XML or tag-value) that the server matches itself
 * against its vulnerability database, for pipelines that make an SBOM with another tool. The body is
 * the document as is; where it goes is in the query: {@code stage}, {@code name} (repeatable),
 * {@code digest} (when the SBOM does not name the image's manifest digest), {@code context=key=value}
 * (repeatable).
 */
final class SbomsApi {
    private final Store store;
    private final Access access;
    private final Metrics metrics;
    private final VulnDbSource vulnDb;
    private final String version;
    private final long maxBody;

    SbomsApi(Store store, Access access, Metrics metrics, VulnDbSource vulnDb, String version, long maxBody) {
        this.store = store;
        this.access = access;
        this.metrics = metrics;
        this.vulnDb = vulnDb;
        this.version = version;
        this.maxBody = maxBody;
    }

    void register(Routes r) {
        r.post("/api/v1/sboms", this::upload);
    }

    private void upload(Context ctx) {
        Principal who = access.require(ctx, Access.UPLOADERS);
        Stage stage = UploadParams.stage(ctx, Stage.CI);
        List<ImageName> names = names(ctx.queryParams("name"));
        Map<String, String> context = UploadParams.context(ctx);
        Digest given = digest(ctx.queryParam("digest"));
        Catalog sbom = new SbomReader().read(Json.Bodies.read(ctx, maxBody));
        Catalog catalog = withDigest(sbom, given);
        Instant now = Instant.now();
        ScanReport report;
        try {
            report = vulnDb.withDb(db -> new Scanner(db, new SeveritySelector(List.of()),
                    Policy.builder(LocalDate.ofInstant(now, ZoneOffset.UTC), now).exitCode(0).build(), version, -1)
                    .scan(catalog, now, now, catalog.warnings()));
        } catch (VulnDbException e) {
            // The operator's problem, not the client's: say so without the server's paths.
            throw new ApiError(503, "the server has no usable vulnerability database; its operator should run drydock db update");
        }
        ScanUpload upload = ScanUpload.drydock(report, catalog.packages(), stage, context, names);
        ScanId id = store.recordScan(upload);
        String digest = catalog.image().manifestDigest().toString();
        store.audit(who.name(), "sbom.upload", digest, "scan " + id.value());
        metrics.scanUploaded();
        Json.write(ctx, 201, Map.of("id", id.value(), "digest", digest, "findings", report.active().size(),
                "packages", catalog.packages().size()));
    }

    /** The image digest from the SBOM, or from the query when the SBOM has none; they must agree when both are given. */
    private static Catalog withDigest(Catalog sbom, Digest given) {
        ImageMetadata m = sbom.image();
        Digest inSbom = m == null ? null : m.manifestDigest();
        if (inSbom != null && given != null && !inSbom.equals(given)) {
            throw ApiError.badRequest("digest does not match the manifest digest the SBOM names");
        }
        Digest digest = inSbom != null ? inSbom : given;
        if (digest == null) throw ApiError.badRequest("the SBOM names no image manifest digest: pass ?digest=sha256:…");
        if (inSbom != null) return sbom;
        ImageMetadata image = m == null
                ? new ImageMetadata(null, digest, null, null, null, null, null, null, null, null, null)
                : new ImageMetadata(m.reference(), digest, m.manifestMediaType(), m.configDigest(), m.platform(), m.created(),
                m.layers(), m.repoTags(), m.repoDigests(), m.labels(), m.annotations());
        return new Catalog(image, sbom.os(), sbom.packages(), sbom.warnings());
    }

    private static Digest digest(String s) {
        if (s == null) return null;
        try {
            return Digest.parse(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("digest must be sha256:<64 hex>");
        }
    }

    private static List<ImageName> names(List<String> refs) {
        if (refs.size() > UploadParams.MAX_PARAMS) throw new ApiError(413, "more than " + UploadParams.MAX_PARAMS + " names");
        List<ImageName> out = new ArrayList<>();
        for (String ref : refs) {
            out.add(ImageName.fromReference(ref)
                    .orElseThrow(() -> ApiError.badRequest("name must be a registry reference such as registry.example.com/repo:tag")));
        }
        return out;
    }
}
