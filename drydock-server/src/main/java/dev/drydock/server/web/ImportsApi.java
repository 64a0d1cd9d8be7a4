package dev.drydock.server.web;

import dev.drydock.server.ingest.ImportLimits;
import dev.drydock.server.ingest.ImportTooLargeException;
import dev.drydock.server.ingest.ImportedReport;
import dev.drydock.server.ingest.Importers;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.reconcile.AliasResolver;
import dev.drydock.server.reconcile.ImportOutcome;
import dev.drydock.server.reconcile.ImportRequest;
import dev.drydock.server.reconcile.ReportImport;
import dev.drydock.server.reconcile.UnknownImageException;
import dev.drydock.server.store.Principal;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POST /api/v1/imports: another scanner's report (Trivy, Grype, Wiz CSV, wizcli, SARIF, CycloneDX VDR/VEX), as is in
 * the body, stored as that scanner's attributions on drydock's findings (see {@link ReportImport}). Query:
 * {@code scanner} (required), {@code image} (a digest or reference, for a report about one image), {@code stage}
 * (default manual), {@code context=key=value} (repeatable). The body is streamed to the parser, never held whole.
 */
final class ImportsApi {

    private final Store store;
    private final Access access;
    private final Metrics metrics;
    private final VulnDbSource vulnDb;
    private final long maxBody;

    ImportsApi(Store store, Access access, Metrics metrics, VulnDbSource vulnDb, long maxBody) {
        this.store = store;
        this.access = access;
        this.metrics = metrics;
        this.vulnDb = vulnDb;
        this.maxBody = maxBody;
    }

    void register(Routes r) {
        r.post("/api/v1/imports", this::importReport);
    }

    private void importReport(Context ctx) {
        Principal who = access.require(ctx, Access.IMPORTERS);
        String scanner = ctx.queryParam("scanner");
        if (scanner == null || scanner.isBlank()) {
            throw ApiError.badRequest("scanner is required: one of " + String.join(", ", Importers.SCANNERS));
        }
        String image = ctx.queryParam("image");
        if (image != null && image.length() > 1024) throw ApiError.badRequest("image is longer than 1024 characters");
        Stage stage = UploadParams.stage(ctx, Stage.MANUAL);
        Map<String, String> context = UploadParams.context(ctx);
        Json.Bodies.refuseDeclaredOver(ctx, maxBody);
        ImportedReport report;
        try (InputStream in = ctx.bodyInputStream()) {
            report = Importers.read(scanner, in, ImportLimits.DEFAULT.withMaxBytes(maxBody));
        } catch (ImportTooLargeException e) {
            throw new ApiError(413, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImportOutcome out;
        try {
            out = new ReportImport(store, AliasResolver.of(vulnDb)).run(report, new ImportRequest(image, stage, context));
        } catch (UnknownImageException e) {
            throw new ApiError(422, e.getMessage());
        }
        List<String> digests = out.scans().stream().map(ImportOutcome.Scan::digest).toList();
        store.audit(who.name(), "import", out.scanner(), out.findingCount() + " findings for " + String.join(" ", digests));
        out.scans().forEach(s -> metrics.scanUploaded());
        Json.write(ctx, 201, body(out));
    }

    static Map<String, Object> body(ImportOutcome out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scanner", out.scanner());
        m.put("tool", out.tool());
        m.put("toolVersion", out.toolVersion());
        List<Map<String, Object>> scans = new ArrayList<>();
        for (ImportOutcome.Scan s : out.scans()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("digest", s.digest());
            sm.put("subject", s.subject());
            sm.put("scan", s.scanId());
            sm.put("repeated", s.repeated());
            sm.put("findings", s.findings());
            sm.put("matchedPackages", s.matchedPackages());
            sm.put("attributions", Map.of("new", s.attributionsNew(), "updated", s.attributionsUpdated(), "deleted", s.attributionsDeleted()));
            sm.put("appeared", s.findingsAppeared());
            sm.put("disappeared", s.findingsDisappeared());
            scans.add(sm);
        }
        m.put("scans", scans);
        m.put("skipped", out.skipped());
        m.put("skippedDetail", out.skippedDetail());
        m.put("warnings", out.warnings());
        return m;
    }
}
