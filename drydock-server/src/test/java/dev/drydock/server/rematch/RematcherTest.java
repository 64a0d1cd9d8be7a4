package dev.drydock.server.rematch;

import dev.drydock.model.Severity;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.store.Backend;
import dev.drydock.server.store.FindingRow;
import dev.drydock.server.store.ImageDetail;
import dev.drydock.server.store.LastRematch;
import dev.drydock.server.store.MutableClock;
import dev.drydock.server.store.ScanRow;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.SeverityCounts;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.StageRecord;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.Tables;
import dev.drydock.server.store.TestDatabase;
import dev.drydock.vulndb.VulnDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.drydock.server.rematch.RematchFixtures.LOG4SHELL;
import static dev.drydock.server.rematch.RematchFixtures.SOPE_CVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Re-matching stored images against newer real vulnerability databases, on both server databases: an
 * image scanned in CI before a DSA keeps its suppressed SOPE finding, now with the fix; Log4Shell appears
 * when GitHub's advisory arrives; an image that already had the fixed SOPE loses the finding; Trivy's
 * attributions stay as Trivy left them.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class RematcherTest {
    static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    static final String X = RematchFixtures.digest(0xA1); // libsope1 5.8.0-1 and log4j-core 2.14.1, SOPE's CVE ignored in CI
    static final String Y = RematchFixtures.digest(0xB2); // libsope1 5.8.0-1+deb12u1

    @TempDir
    static Path dbs;
    static Path db1;
    static Path db2;
    static Path db3;

    @Parameter
    Backend backend;
    @TempDir
    Path serverDir;
    TestDatabase t;
    MutableClock clock;
    Store store;
    Path serverDb;
    VulnDbSource vulnDb;
    Rematcher rematcher;

    @BeforeAll
    static void buildDatabases() {
        db1 = RematchFixtures.db1(dbs);
        db2 = RematchFixtures.db2(dbs);
        db3 = RematchFixtures.db3(dbs);
    }

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        clock = new MutableClock(T0);
        store = new Store(t.db, clock);
        serverDb = serverDir.resolve("drydock.db");
        vulnDb = new VulnDbSource(serverDb);
        rematcher = new Rematcher(store, vulnDb, clock, "test");
    }

    @AfterEach
    void close() {
        vulnDb.close();
        t.close();
    }

    /** X and Y scanned in CI with db1, X also by Trivy; the server has db1. */
    private void uploadWithDb1() {
        try (VulnDb db = VulnDb.open(db1)) {
            store.recordScan(RematchFixtures.ciScan(db, X, List.of(RematchFixtures.libsope("5.8.0-1"), RematchFixtures.log4j()),
                    SOPE_CVE + "\n", T0));
            store.recordScan(RematchFixtures.ciScan(db, Y, List.of(RematchFixtures.libsope("5.8.0-1+deb12u1")), null, T0));
        }
        store.recordScan(RematchFixtures.trivyScan(X, T0, "scan-1"));
        RematchFixtures.install(db1, serverDb);
    }

    private FindingRow finding(String digest, String vulnId, boolean inactive) {
        return store.findings(digest, inactive).stream().filter(f -> f.vulnId().equals(vulnId)).findFirst().orElseThrow();
    }

    private List<String> events(String digest, String vulnId) {
        return t.db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT e.kind, e.at, s.origin FROM finding_event e JOIN finding f ON f.id = e.finding_id
                        LEFT JOIN scan s ON s.id = e.scan_id
                        WHERE f.image_digest = :digest AND f.vuln_id = :vuln ORDER BY e.id
                        """)
                .bind("digest", digest).bind("vuln", vulnId)
                .map((rs, ctx) -> rs.getString("kind") + "@" + Instant.ofEpochMilli(rs.getLong("at")) + "/" + rs.getString("origin"))
                .list());
    }

    private List<Map<String, Object>> attributions(String digest, String scanner) {
        return t.db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT f.vuln_id, a.* FROM attribution a JOIN finding f ON f.id = a.finding_id
                        WHERE f.image_digest = :digest AND a.scanner = :scanner ORDER BY f.vuln_id
                        """)
                .bind("digest", digest).bind("scanner", scanner).mapToMap().list());
    }

    @Test
    void theCiScanIsWhatTheServerStartsFrom() {
        uploadWithDb1();
        assertThat(store.findings(X, false)).extracting(FindingRow::vulnId, FindingRow::status, FindingRow::fixedVersion,
                        FindingRow::suppressed, FindingRow::scanners)
                .containsExactlyInAnyOrder(tuple(SOPE_CVE, "affected", null, true, List.of("drydock")),
                        tuple("CVE-2023-5363", "fixed", "3.0.11-1~deb12u2", false, List.of("trivy")));
        assertThat(store.findings(Y, false)).extracting(FindingRow::vulnId).containsExactly(SOPE_CVE);
        assertThat(store.image(X).orElseThrow().lastRematch()).isNull();
    }

    @Test
    void aNewerDatabaseMakesFindingsAppearAndDisappearWithTheirTimes() {
        uploadWithDb1();
        List<Map<String, Object>> trivyBefore = attributions(X, "trivy");
        clock.advance(Duration.ofDays(6));
        Instant now = clock.instant();
        RematchFixtures.install(db2, serverDb);

        Rematcher.BatchResult r = rematcher.rematch(List.of(X, Y));

        assertThat(r.dbBuiltAt()).isEqualTo(RematchFixtures.T2);
        assertThat(r.images()).isEqualTo(2);
        assertThat(r.rematched()).isEqualTo(2);
        assertThat(r.changed()).isEqualTo(2);
        assertThat(r.appeared()).isEqualTo(1);
        assertThat(r.disappeared()).isEqualTo(1);

        // X: Log4Shell appeared now; SOPE's finding persists with the fix that landed, still suppressed by the CI's ignore file.
        FindingRow log4shell = finding(X, LOG4SHELL, false);
        assertThat(log4shell.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(log4shell.scanners()).containsExactly("drydock");
        assertThat(log4shell.firstSeen()).isEqualTo(now);
        assertThat(log4shell.fixedVersion()).isEqualTo("2.15.0");
        assertThat(log4shell.kev()).as("db2 has no KEV catalog").isFalse();
        assertThat(events(X, LOG4SHELL)).containsExactly("appeared@" + now + "/rematch");

        FindingRow sope = finding(X, SOPE_CVE, false);
        assertThat(sope.status()).isEqualTo("fixed");
        assertThat(sope.fixedVersion()).isEqualTo("5.8.0-1+deb12u1");
        assertThat(sope.suppressed()).isTrue();
        assertThat(events(X, SOPE_CVE)).as("a fix landing changes the finding, not its exposure").containsExactly("appeared@" + T0 + "/upload");
        assertThat(attributions(X, "drydock")).filteredOn(a -> a.get("vuln_id").equals(SOPE_CVE)).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("suppression", "ignore-file"));

        // Trivy's view is Trivy's: untouched.
        assertThat(attributions(X, "trivy")).isEqualTo(trivyBefore);
        assertThat(finding(X, "CVE-2023-5363", false).scanners()).containsExactly("trivy");

        ImageDetail x = store.image(X).orElseThrow();
        assertThat(x.counts()).isEqualTo(new SeverityCounts(1, 1, 0, 0, 0));
        assertThat(x.lastRematch()).isEqualTo(new LastRematch(now, RematchFixtures.T2));
        assertThat(x.stages()).as("a re-match is no scan at any stage").containsExactly(new StageRecord(Stage.CI, T0, T0, T0), new StageRecord(Stage.REGISTRY, T0, T0, T0));
        ScanRow newest = store.scans(X).get(0);
        assertThat(newest.origin()).isEqualTo("rematch");
        assertThat(newest.scanner()).isEqualTo(ScanUpload.DRYDOCK);
        assertThat(newest.dbBuiltAt()).isEqualTo(RematchFixtures.T2);
        assertThat(newest.stage()).isEqualTo(Stage.MANUAL);
        assertThat(newest.gateFailed()).isFalse();
        assertThat(newest.findingCount()).as("Log4Shell; SOPE's stays suppressed").isEqualTo(1);
        assertThat(store.scans(X)).extracting(ScanRow::origin).containsExactly("rematch", "upload", "upload");

        // Y already had the fixed SOPE: the finding disappeared, and the history says when.
        assertThat(store.findings(Y, false)).isEmpty();
        FindingRow gone = finding(Y, SOPE_CVE, true);
        assertThat(gone.active()).isFalse();
        assertThat(gone.scanners()).isEmpty();
        assertThat(events(Y, SOPE_CVE)).containsExactly("appeared@" + T0 + "/upload", "disappeared@" + now + "/rematch");
        assertThat(store.findingHistory(Y).get(store.findingHistory(Y).size() - 1).counts()).isEqualTo(SeverityCounts.NONE);
        assertThat(store.image(Y).orElseThrow().counts()).isEqualTo(SeverityCounts.NONE);
    }

    @Test
    void reMatchingAgainWithTheSameDatabaseChangesNothing() {
        uploadWithDb1();
        RematchFixtures.install(db2, serverDb);
        clock.advance(Duration.ofDays(6));
        rematcher.rematch(List.of(X, Y));
        Map<String, List<String>> before = Tables.snapshot(t.db.jdbi(), Set.of());

        clock.advance(Duration.ofHours(1));
        Rematcher.BatchResult again = rematcher.rematch(List.of(X, Y));
        assertThat(again.upToDate()).isEqualTo(2);
        assertThat(again.rematched()).isZero();
        assertThat(Tables.snapshot(t.db.jdbi(), Set.of())).isEqualTo(before);

        // A new scan by another scanner makes the next re-match run in full: it confirms drydock's view
        // without writing a finding, attribution, event, vulnerability or count; only its own scan row.
        clock.advance(Duration.ofHours(1));
        store.recordScan(RematchFixtures.trivyScan(X, clock.instant(), "scan-2"));
        Map<String, List<String>> afterTrivy = Tables.snapshot(t.db.jdbi(), Set.of());
        clock.advance(Duration.ofHours(1));
        Rematcher.BatchResult full = rematcher.rematch(List.of(X));
        assertThat(full.rematched()).isEqualTo(1);
        assertThat(full.changed()).isZero();
        Map<String, List<String>> afterFull = Tables.snapshot(t.db.jdbi(), Set.of());
        assertThat(afterFull.get("scan")).hasSize(afterTrivy.get("scan").size() + 1);
        afterFull.remove("scan");
        afterTrivy.remove("scan");
        assertThat(afterFull).isEqualTo(afterTrivy);
    }

    @Test
    void enrichmentOfANewerDatabaseReachesFindingsAndCounts() {
        uploadWithDb1();
        RematchFixtures.install(db2, serverDb);
        clock.advance(Duration.ofDays(6));
        rematcher.rematch(List.of(X, Y));
        long events = Tables.count(t.db.jdbi(), "finding_event");
        assertThat(store.image(X).orElseThrow().kevCount()).isZero();

        RematchFixtures.install(db3, serverDb);
        clock.advance(Duration.ofDays(7));
        Rematcher.BatchResult r = rematcher.rematch(List.of(X, Y));

        assertThat(r.dbBuiltAt()).isEqualTo(RematchFixtures.T3);
        assertThat(r.appeared() + r.disappeared()).isZero();
        assertThat(finding(X, LOG4SHELL, false).kev()).as("CISA lists Log4Shell").isTrue();
        assertThat(store.image(X).orElseThrow().kevCount()).isEqualTo(1);
        assertThat(Tables.count(t.db.jdbi(), "finding_event")).as("enrichment is no exposure change").isEqualTo(events);
        assertThat(store.image(X).orElseThrow().lastRematch().dbBuiltAt()).isEqualTo(RematchFixtures.T3);
    }

    @Test
    void aDrydockScanWithANewerDatabaseIsNeverOverwrittenByAnOlderOne() {
        try (VulnDb db = VulnDb.open(db3)) {
            store.recordScan(RematchFixtures.ciScan(db, X, List.of(RematchFixtures.libsope("5.8.0-1"), RematchFixtures.log4j()), null, T0));
        }
        RematchFixtures.install(db1, serverDb);
        Map<String, List<String>> before = Tables.snapshot(t.db.jdbi(), Set.of());

        Rematcher.BatchResult r = rematcher.rematch(List.of(X));

        assertThat(r.newerScan()).isEqualTo(1);
        assertThat(r.rematched()).isZero();
        assertThat(Tables.snapshot(t.db.jdbi(), Set.of())).isEqualTo(before);
        assertThat(finding(X, LOG4SHELL, false).kev()).isTrue();
    }

    @Test
    void imagesWithoutStoredPackagesOrUnknownAreLeftAlone() {
        RematchFixtures.install(db2, serverDb);
        // Trivy's upload carries no package set: there is nothing for drydock to match, and Trivy's finding stays.
        store.recordScan(RematchFixtures.trivyScan(X, T0, "scan-1"));
        Rematcher.BatchResult r = rematcher.rematch(List.of(X, RematchFixtures.digest(0xCC)));
        assertThat(r.images()).isEqualTo(2);
        assertThat(r.noPackages()).isEqualTo(1);
        assertThat(r.notMatched()).isEqualTo(1);
        assertThat(store.findings(X, false)).extracting(FindingRow::scanners).containsExactly(List.of("trivy"));
    }
}
