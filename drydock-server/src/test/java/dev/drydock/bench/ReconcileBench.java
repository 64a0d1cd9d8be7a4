package dev.drydock.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.model.Finding;
import dev.drydock.model.Severity;
import dev.drydock.report.ScanReport;
import dev.drydock.server.ServerProcess;
import dev.drydock.server.jobs.Worker;
import dev.drydock.server.store.Backend;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.TestDatabase;
import dev.drydock.server.web.ServerOptions;
import dev.drydock.vulndb.VulnDb;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Throw-away harness for bench/reconcile.sh, not a test: the fleet of {@link ServerBench} (N images of about
 * 105 findings, drydock's own scans) is uploaded, then a Trivy report of every image is imported through
 * {@code POST /api/v1/imports}, then fleet parity and the first drift page are timed; finally one Trivy report
 * of 50,000 findings is imported (twice: the second import is the unchanged re-import).
 *
 * <p>The Trivy reports are written in Trivy's JSON (SchemaVersion 2) from drydock's own findings of each image,
 * with seeded differences: 5 % of findings left out, one extra finding per image on a package drydock did not
 * flag, and 10 % rated by NVD at another severity — so every presence case and reason occurs.
 *
 * <p>Usage: {@code ReconcileBench sqlite|postgresql WORKDIR [images]}; prints a Markdown table.
 */
public final class ReconcileBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReconcileBench() {
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0].toUpperCase(Locale.ROOT));
        Path work = Files.createDirectories(Path.of(args[1]));
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;

        Path db = ServerBench.buildDb(work, "db1", Instant.parse("2026-11-01T03:00:00Z"), false);
        List<byte[]> uploads = ServerBench.uploadBodies(db, images);
        List<byte[]> trivy = IntStream.range(0, images).parallel().mapToObj(i -> {
            try (VulnDb v = VulnDb.open(db)) {
                Catalog c = ServerBench.catalog(i);
                return trivyReport(c, ServerBench.scan(v, c), new Random(i));
            }
        }).toList();
        byte[] big = bigReport(50_000);

        Path serverDb = work.resolve("server-vulndb.db");
        Files.deleteIfExists(serverDb);
        try (TestDatabase t = TestDatabase.open(backend);
             ServerProcess server = ServerProcess.start(t.db, new ServerProcess.Config(ServerProcess.Role.WEB, 0,
                     ServerOptions.defaults().withVersion("bench"), Worker.Options.defaults(), serverDb, ServerBench.ADMIN),
                     new PrintStream(OutputStream.nullOutputStream()))) {
            ServerBench.Client c = new ServerBench.Client(server.port().orElseThrow());
            ServerBench.upload(c, uploads);
            Store store = new Store(t.db);
            store.refreshStatistics(); // what autovacuum does after a bulk load (off on the bench machine)

            long s = System.nanoTime();
            ServerBench.send(c, trivy, k -> "/api/v1/imports?scanner=trivy&image=" + ServerBench.digest(k));
            double importsPerSecond = images / ((System.nanoTime() - s) / 1e9);
            long findings = ServerBench.count(t, "SELECT COUNT(*) FROM finding");
            long attributions = ServerBench.count(t, "SELECT COUNT(*) FROM attribution WHERE deleted_at IS NULL");
            store.refreshStatistics();

            double[] parity = new double[5];
            String parityJson = null;
            for (int i = 0; i < parity.length; i++) {
                long p = System.nanoTime();
                parityJson = c.getBody("/api/v1/reconcile/parity?scanner_a=drydock&scanner_b=trivy");
                parity[i] = (System.nanoTime() - p) / 1e9;
            }
            Arrays.sort(parity);
            double[] drift = new double[5];
            for (int i = 0; i < drift.length; i++) {
                long p = System.nanoTime();
                c.getBody("/api/v1/reconcile/drift?scanner_a=drydock&scanner_b=trivy&limit=100");
                drift[i] = (System.nanoTime() - p) / 1e9;
            }
            Arrays.sort(drift);

            String digest = "sha256:" + "b1".repeat(32);
            long b = System.nanoTime();
            String first = c.post("/api/v1/imports?scanner=trivy&image=" + digest, big);
            double bigSeconds = (System.nanoTime() - b) / 1e9;
            b = System.nanoTime();
            String again = c.post("/api/v1/imports?scanner=trivy&image=" + digest, big);
            double againSeconds = (System.nanoTime() - b) / 1e9;
            long bigFindings = ServerBench.count(t, "SELECT COUNT(*) FROM finding WHERE image_digest = '" + digest + "'");

            System.out.printf("| backend | %s |%n|---|---|%n", backend.name().toLowerCase(Locale.ROOT));
            System.out.printf("| fleet | %,d images, %,d findings, %,d live attributions (drydock + trivy) |%n", images, findings, attributions);
            System.out.printf("| Trivy report imports (8 clients) | %.1f imports/s |%n", importsPerSecond);
            System.out.printf("| fleet parity, drydock vs trivy (5 runs) | median %.2f s, max %.2f s |%n", parity[2], parity[4]);
            System.out.printf("| first drift page, fleet, 100 rows (5 runs) | median %.2f s, max %.2f s |%n", drift[2], drift[4]);
            System.out.printf("| one Trivy report of 50,000 findings (%.1f MiB) | %.1f s (%,d findings stored) |%n", big.length / 1048576.0, bigSeconds, bigFindings);
            System.out.printf("| the same report again (unchanged re-import) | %.1f s |%n", againSeconds);
            System.err.println("parity: " + parityJson.substring(0, Math.min(400, parityJson.length())));
            System.err.println("big import: " + first.substring(0, Math.min(400, first.length())));
            System.err.println("again: " + again.substring(0, Math.min(400, again.length())));
        }
    }

    private static final Severity[] RATINGS = {Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL};

    /** Trivy's JSON for one image, from drydock's findings with seeded differences. */
    private static byte[] trivyReport(Catalog c, ScanReport drydock, Random r) {
        ObjectNode root = header(c.image().manifestDigest().toString(), c.image().reference());
        ArrayNode vulns = ((ObjectNode) root.withArray("Results").get(0)).putArray("Vulnerabilities");
        for (Finding f : drydock.findings()) {
            if (r.nextInt(100) < 5) continue;
            boolean nvd = r.nextInt(10) == 0;
            vuln(vulns, f.id(), f.pkg().name(), f.installedVersion(), f.pkg().sourceName(), f.firstFixedVersion(),
                    nvd ? RATINGS[r.nextInt(RATINGS.length)] : f.severity(), nvd ? "nvd" : "debian");
        }
        var p = c.packages().get(r.nextInt(c.packages().size()));
        vuln(vulns, "CVE-2026-" + (50_000 + r.nextInt(40_000)), p.name(), p.version(), p.sourceName(), null, Severity.MEDIUM, "debian");
        return bytes(root);
    }

    /** One image with 5,000 packages of 10 findings each. */
    private static byte[] bigReport(int findings) {
        ObjectNode root = header("sha256:" + "b1".repeat(32), "registry.example.com/big/app:1");
        ArrayNode vulns = ((ObjectNode) root.withArray("Results").get(0)).putArray("Vulnerabilities");
        for (int i = 0; i < findings; i++) {
            vuln(vulns, "CVE-2025-" + (10_000 + i), "libbig" + (i / 10), "1." + (i % 7) + "-1", "big" + (i / 10), i % 3 == 0 ? null : "2.0-1",
                    RATINGS[i % RATINGS.length], "debian");
        }
        return bytes(root);
    }

    private static ObjectNode header(String digest, String reference) {
        ObjectNode root = JSON.createObjectNode();
        root.put("SchemaVersion", 2);
        root.putObject("Trivy").put("Version", "0.58.0");
        root.put("CreatedAt", "2026-11-20T10:00:00Z");
        root.put("ArtifactName", reference);
        root.put("ArtifactType", "container_image");
        ObjectNode meta = root.putObject("Metadata");
        meta.putObject("OS").put("Family", "debian").put("Name", "12.8");
        meta.putArray("RepoTags").add(reference);
        meta.putArray("RepoDigests").add(reference.replaceFirst(":[^:/]+$", "") + "@" + digest);
        ObjectNode result = root.putArray("Results").addObject();
        result.put("Target", reference + " (debian 12.8)");
        result.put("Class", "os-pkgs");
        result.put("Type", "debian");
        return root;
    }

    private static void vuln(ArrayNode vulns, String id, String name, String version, String source, String fixed, Severity severity,
                             String severitySource) {
        ObjectNode v = vulns.addObject();
        v.put("VulnerabilityID", id);
        v.put("PkgName", name);
        if (source != null) v.put("SrcName", source);
        v.putObject("PkgIdentifier").put("PURL", "pkg:deb/debian/" + name + "@" + version + "?arch=amd64&distro=debian-12.8");
        v.put("InstalledVersion", version);
        if (fixed != null) v.put("FixedVersion", fixed);
        v.put("Status", fixed == null ? "affected" : "fixed");
        v.put("SeveritySource", severitySource);
        v.put("Title", "Synthetic " + id);
        v.put("Severity", severity.name());
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
