package dev.drydock.cli;

import dev.drydock.catalog.Catalog;
import dev.drydock.catalog.Warnings;
import dev.drydock.model.Digest;
import dev.drydock.model.Finding;
import dev.drydock.model.ImageMetadata;
import dev.drydock.policy.Policy;
import dev.drydock.report.ScanReport;
import dev.drydock.sbom.SbomReader;
import dev.drydock.scan.Scanner;
import dev.drydock.scan.SeveritySelector;
import dev.drydock.server.rematch.RematchJobs;
import dev.drydock.server.store.Database;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.Store;
import dev.drydock.testing.DebianFixtures;
import dev.drydock.testing.Fixtures;
import dev.drydock.testing.LanguageArtifacts;
import dev.drydock.testing.TestImage;
import dev.drydock.vulndb.DbBuild;
import dev.drydock.vulndb.VulnDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static dev.drydock.cli.SbomCommandTest.drydock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out for real: three {@code drydock serve --role worker} processes share one PostgreSQL. A newer
 * vulnerability database makes them re-match the fleet; the process holding a re-match job is killed
 * with SIGKILL in the middle of it. The job must be taken again by another process once its lease runs
 * out, and every image must end with exactly the findings a single clean re-match gives — none lost,
 * none twice.
 */
class WorkerProcessesTest {
    static final String PG = System.getenv().getOrDefault("DRYDOCK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = System.getenv().getOrDefault("DRYDOCK_TEST_PG_USER", "postgres");
    static final int IMAGES = 300;

    @TempDir
    Path tmp;
    final List<Process> workers = new ArrayList<>();
    String schema;

    @AfterEach
    void stop() throws Exception {
        for (Process p : workers) p.destroyForcibly();
        for (Process p : workers) p.waitFor();
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(PG, PG_USER, null); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void aWorkerKilledMidJobLosesNothingAndDuplicatesNothing() throws Exception {
        System.setProperty("user.home", tmp.toString());
        Path rootfs = DebianFixtures.minbase();
        Path layout = new TestImage()
                .add(TestImage.layer()
                        .file("etc/os-release", Files.readString(rootfs.resolve("usr/lib/os-release")))
                        .file("var/lib/dpkg/status", Files.readString(rootfs.resolve("var/lib/dpkg/status"))))
                .add(TestImage.layer()
                        .file("app/lib/log4j-core-2.14.1.jar", Files.readAllBytes(LanguageArtifacts.get("log4j-core-2.14.1.jar")), 0644))
                .writeOciLayout(tmp.resolve("layout"), "v1").layout();
        Path catalogFile = tmp.resolve("catalog.json");
        assertThat(drydock("sbom", "oci:" + layout, "--format", "json", "-o", catalogFile.toString()).code()).isZero();
        Catalog catalog = new SbomReader().read(Files.readAllBytes(catalogFile));

        // Yesterday's database knows only Debian's tracker; today's adds OSV: the Java findings appear.
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        Path oldDb = new DbBuild(List.of(), Fixtures.path("accuracy/debian-bookworm/tracker.json"), List.of(), List.of(), null, null)
                .run(tmp.resolve("old.db"), yesterday, "test", new Warnings(), s -> { });
        Path newDb = new DbBuild(List.of(Fixtures.path("osv"), Fixtures.path("accuracy/language/osv")),
                Fixtures.path("accuracy/debian-bookworm/tracker.json"), List.of(), List.of(Fixtures.path("nvd")),
                Fixtures.path("kev/known_exploited_vulnerabilities.json.gz"), Fixtures.path("epss/example-1.csv"))
                .run(tmp.resolve("new.db"), Instant.now(), "test", new Warnings(), s -> { });
        Set<String> before = keys(scan(oldDb, catalog).findings());
        Set<String> expected = keys(scan(newDb, catalog).findings());
        assertThat(expected).as("the newer database finds more").hasSizeGreaterThan(before.size()).containsAll(before);

        schema = "drydock_workers_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG, PG_USER, null); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = PG + (PG.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&user=" + PG_USER;
        ScanReport old = scan(oldDb, catalog);
        try (Database db = Database.open(url)) {
            Store store = new Store(db);
            for (int i = 0; i < IMAGES; i++) {
                String digest = "sha256:" + String.format("%064x", 0xd0d0_0000L + i);
                ImageMetadata m = catalog.image();
                ImageMetadata image = new ImageMetadata("registry.example.com/shop/app" + i + ":1", Digest.parse(digest),
                        m.manifestMediaType(), m.configDigest(), m.platform(), m.created(), m.layers(), List.of(), List.of(),
                        m.labels(), m.annotations());
                ScanReport r = new ScanReport(old.toolVersion(), old.createdAt(), image, old.os(), old.packageCount(), old.db(),
                        old.findings(), old.warnings(), old.gate());
                store.recordScan(ScanUpload.drydock(r, catalog.packages(), Stage.CI, Map.of(),
                        List.of(new ImageName("registry.example.com", "shop/app" + i, "1"))));
            }

            for (int i = 0; i < 3; i++) workers.add(worker(url, newDb, i));

            // The first re-match job that a worker holds: kill that worker while it is in the middle of it.
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            Map<String, Object> running = null;
            while (running == null && System.nanoTime() < deadline) {
                running = db.jdbi().withHandle(h -> h.createQuery(
                                "SELECT id, lease_owner FROM job WHERE kind = :k AND state = 'running' ORDER BY id LIMIT 1")
                        .bind("k", RematchJobs.IMAGES).mapToMap().findOne().orElse(null));
                if (running == null) Thread.sleep(20);
            }
            assertThat(running).as("a re-match job started").isNotNull();
            long jobId = ((Number) running.get("id")).longValue();
            String owner = (String) running.get("lease_owner");
            Process victim = workers.stream().filter(p -> owner.contains("-" + p.pid() + "-")).findFirst().orElseThrow();
            victim.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback but the database's own
            victim.waitFor();
            String stateAfterKill = db.jdbi().withHandle(h -> h.createQuery("SELECT state FROM job WHERE id = :id")
                    .bind("id", jobId).mapTo(String.class).one());
            assertThat(stateAfterKill).as("killed in the middle of the job, not after it").isEqualTo("running");

            // The survivors finish everything, the dead worker's job included once its lease has run out.
            while (System.nanoTime() < deadline && db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM job WHERE state <> 'done'").mapTo(Integer.class).one()) > 0) {
                Thread.sleep(200);
            }
            List<Map<String, Object>> jobs = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT id, kind, state, attempts, lease_owner, last_error FROM job ORDER BY id").mapToMap().list());
            assertThat(jobs).as(jobs.toString()).allSatisfy(j -> assertThat(j.get("state")).isEqualTo("done"));
            Map<String, Object> retried = jobs.stream().filter(j -> ((Number) j.get("id")).longValue() == jobId).findFirst().orElseThrow();
            assertThat(((Number) retried.get("attempts")).intValue()).as("taken again after the lease ran out").isEqualTo(2);

            for (int i = 0; i < IMAGES; i += 37) {
                String digest = "sha256:" + String.format("%064x", 0xd0d0_0000L + i);
                Set<String> stored = new TreeSet<>();
                store.findings(digest, false).forEach(f -> stored.add(f.vulnId() + " " + f.purl()));
                assertThat(stored).as(digest).isEqualTo(expected);
            }
            // Not one finding twice, not one "appeared" recorded twice, one drydock attribution per finding.
            assertThat(count(db, "SELECT COUNT(*) FROM finding")).isEqualTo((long) IMAGES * expected.size());
            assertThat(count(db, "SELECT COUNT(*) FROM finding_event WHERE kind = 'appeared'")).isEqualTo((long) IMAGES * expected.size());
            assertThat(count(db, "SELECT COUNT(*) FROM attribution WHERE scanner = 'drydock' AND deleted_at IS NULL"))
                    .isEqualTo((long) IMAGES * expected.size());
            assertThat(count(db, "SELECT COUNT(*) FROM finding_event WHERE kind = 'disappeared'")).isZero();
        }
    }

    private static long count(Database db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private Process worker(String url, Path vulnDb, int n) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--role", "worker", "--database-url", url, "--db", vulnDb.toString(),
                "--job-lease", "3", "--worker-threads", "1");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("worker-" + n + ".log").toFile());
        pb.environment().put("XDG_DATA_HOME", tmp.resolve("data").toString());
        return pb.start();
    }

    private static ScanReport scan(Path db, Catalog catalog) {
        Instant now = Instant.now();
        try (VulnDb v = VulnDb.open(db)) {
            return new Scanner(v, new SeveritySelector(List.of()),
                    Policy.builder(LocalDate.ofInstant(now, ZoneOffset.UTC), now).exitCode(0).build(), "test", -1)
                    .scan(catalog, now, now, List.of());
        }
    }

    /** (id, purl without qualifiers): how the store keys a finding within an image. */
    private static Set<String> keys(List<Finding> findings) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) out.add(f.id() + " " + f.pkg().purl().replaceFirst("\\?.*$", ""));
        return out;
    }
}
