package dev.drydock.server.store;

import dev.drydock.model.Finding;
import dev.drydock.model.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

@ParameterizedClass
@EnumSource(Backend.class)
class RecordScanTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:20:00Z");
    static final String DIGEST = Reports.digest(1);

    @Parameter
    Backend backend;
    TestDatabase t;
    MutableClock clock;
    Store store;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        clock = new MutableClock(T0);
        store = new Store(t.db, clock);
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void storesARealisticScanAsTheImagePageShowsIt() {
        ScanId id = store.recordScan(Reports.upload(Reports.all()));

        ImageDetail image = store.image(DIGEST).orElseThrow();
        assertThat(image.names()).extracting(n -> n.name().toString()).containsExactly("registry.example.com/shop/api:1.4.2");
        assertThat(image.layers()).extracting(LayerRow::index, LayerRow::diffId, LayerRow::size)
                .containsExactly(tuple(0, Reports.BASE_LAYER.toString(), 29_153_221L), tuple(1, Reports.APP_LAYER.toString(), 4_211_004L));
        assertThat(image.size()).isEqualTo(29_153_221L + 4_211_004L);
        assertThat(image.os()).isEqualTo("linux");
        assertThat(image.arch()).isEqualTo("amd64");
        assertThat(image.distro()).isEqualTo("debian-12");
        assertThat(image.sourceRepo()).isEqualTo("https://git.example.com/shop/api");
        assertThat(image.revision()).isEqualTo("4f1c2a9");
        assertThat(image.stages()).containsExactly(new StageRecord(Stage.CI, T0, T0, T0));
        // zlib's critical is suppressed by VEX: listed, not counted.
        assertThat(image.counts()).isEqualTo(new SeverityCounts(1, 1, 1, 0, 0));
        assertThat(image.kevCount()).isEqualTo(1);
        assertThat(image.firstSeen()).isEqualTo(T0);

        List<FindingRow> findings = store.findings(DIGEST, false);
        assertThat(findings).extracting(FindingRow::vulnId)
                .containsExactly("CVE-2021-44228", "CVE-2023-45853", "CVE-2023-5363", "CVE-2024-0727");
        FindingRow log4shell = findings.get(0);
        assertThat(log4shell.aliases()).containsExactly("GHSA-jfh8-c2jp-5v3q");
        assertThat(log4shell.purl()).isEqualTo(Reports.LOG4J_PURL);
        assertThat(log4shell.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(log4shell.severitySource()).isEqualTo("ghsa");
        assertThat(log4shell.epssScore()).isEqualTo(0.94358);
        assertThat(log4shell.kev()).isTrue();
        assertThat(log4shell.fixedVersion()).isEqualTo("2.15.0");
        assertThat(log4shell.installedVersion()).isEqualTo("2.14.1");
        assertThat(log4shell.scanners()).containsExactly("drydock");
        assertThat(log4shell.active()).isTrue();
        assertThat(log4shell.suppressed()).isFalse();
        FindingRow openssl = findings.get(2);
        assertThat(openssl.purl()).as("identity is the purl without qualifiers").isEqualTo("pkg:deb/debian/libssl3@3.0.11-1~deb12u1");
        assertThat(openssl.fixedVersion()).isEqualTo("3.0.11-1~deb12u2");
        assertThat(findings.get(1).suppressed()).isTrue();

        assertThat(store.packages(DIGEST)).extracting(PackageRow::name).containsExactly("apt", "libssl3", "zlib1g", "log4j-core");
        PackageRow libssl = store.packages(DIGEST).get(1);
        assertThat(libssl.purl()).isEqualTo(Reports.LIBSSL_PURL);
        assertThat(libssl.sourceName()).isEqualTo("openssl");
        assertThat(libssl.layerDiffId()).isEqualTo(Reports.BASE_LAYER.toString());

        List<ScanRow> scans = store.scans(DIGEST);
        assertThat(scans).hasSize(1);
        ScanRow scan = scans.get(0);
        assertThat(scan.id()).isEqualTo(id.value());
        assertThat(scan.scanner()).isEqualTo("drydock");
        assertThat(scan.scannerVersion()).isEqualTo("0.4.0");
        assertThat(scan.stage()).isEqualTo(Stage.CI);
        assertThat(scan.context()).containsEntry("commit", "4f1c2a9").containsEntry("pipeline", "build-812");
        assertThat(scan.startedAt()).isEqualTo(Reports.SCANNED);
        assertThat(scan.receivedAt()).isEqualTo(T0);
        assertThat(scan.dbBuiltAt()).isEqualTo(Instant.parse("2026-11-20T03:00:00Z"));
        assertThat(scan.findingCount()).isEqualTo(3);
        assertThat(scan.gateFailed()).isTrue();

        assertThat(store.findingHistory(DIGEST)).containsExactly(new CountPoint(T0, new SeverityCounts(2, 1, 1, 0, 0)));
    }

    @Test
    void theSameUploadTwiceChangesNothingButLastSeen() {
        ScanUpload upload = Reports.upload(Reports.all());
        ScanId first = store.recordScan(upload);
        var before = Tables.snapshot(t.db.jdbi(), Set.of("last_seen"));
        clock.advance(Duration.ofMinutes(5));

        ScanId second = store.recordScan(upload);

        assertThat(second).isEqualTo(first);
        assertThat(Tables.snapshot(t.db.jdbi(), Set.of("last_seen"))).isEqualTo(before);
        assertThat(store.image(DIGEST).orElseThrow().lastSeen()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(store.findings(DIGEST, false)).allSatisfy(f -> {
            assertThat(f.firstSeen()).isEqualTo(T0);
            assertThat(f.lastSeen()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        });
    }

    @Test
    void aFindingMissingFromALaterScanIsInactiveWithItsDisappearanceRecorded() {
        store.recordScan(Reports.upload(Reports.all()));
        clock.advance(Duration.ofDays(1));
        Instant t1 = clock.instant();
        // The image was rebuilt with the same digest? No: the same image, scanned with a newer DB that
        // no longer reports CVE-2023-5363 (e.g. the advisory was withdrawn).
        ScanId later = store.recordScan(Reports.upload(DIGEST, "shop/api", "1.4.2", Reports.SCANNED.plusSeconds(86_400),
                List.of(Reports.log4shell(), Reports.zlibVex(), Reports.opensslPkcs12())));

        assertThat(store.findings(DIGEST, false)).extracting(FindingRow::vulnId).doesNotContain("CVE-2023-5363");
        FindingRow gone = store.findings(DIGEST, true).stream().filter(f -> f.vulnId().equals("CVE-2023-5363")).findFirst().orElseThrow();
        assertThat(gone.active()).isFalse();
        assertThat(gone.scanners()).isEmpty();
        assertThat(gone.lastSeen()).isEqualTo(T0);
        long deletedAt = t.db.jdbi().withHandle(h -> h.createQuery("SELECT deleted_at FROM attribution WHERE finding_id = :id")
                .bind("id", gone.id()).mapTo(Long.class).one());
        assertThat(deletedAt).isEqualTo(t1.toEpochMilli());
        var events = t.db.jdbi().withHandle(h -> h.createQuery("SELECT kind, at, scan_id FROM finding_event WHERE finding_id = :id ORDER BY id")
                .bind("id", gone.id()).mapToMap().list());
        assertThat(events).extracting(e -> e.get("kind"), e -> ((Number) e.get("at")).longValue(), e -> ((Number) e.get("scan_id")).longValue())
                .containsExactly(tuple("appeared", T0.toEpochMilli(), 1L), tuple("disappeared", t1.toEpochMilli(), later.value()));
        assertThat(store.image(DIGEST).orElseThrow().counts()).isEqualTo(new SeverityCounts(1, 0, 1, 0, 0));
        assertThat(store.scans(DIGEST)).extracting(ScanRow::id).containsExactly(later.value(), 1L);

        assertThat(store.findingHistory(DIGEST)).containsExactly(
                new CountPoint(T0, new SeverityCounts(2, 1, 1, 0, 0)),
                new CountPoint(t1, new SeverityCounts(2, 0, 1, 0, 0)));

        // It comes back: the same finding row, its attribution live again, a new appearance.
        clock.advance(Duration.ofDays(1));
        store.recordScan(Reports.upload(DIGEST, "shop/api", "1.4.2", Reports.SCANNED.plusSeconds(2 * 86_400), Reports.all()));
        FindingRow back = store.findings(DIGEST, false).stream().filter(f -> f.vulnId().equals("CVE-2023-5363")).findFirst().orElseThrow();
        assertThat(back.id()).isEqualTo(gone.id());
        assertThat(back.firstSeen()).isEqualTo(T0);
        assertThat(store.findingHistory(DIGEST)).last().isEqualTo(new CountPoint(clock.instant(), new SeverityCounts(2, 1, 1, 0, 0)));
        assertThat(Tables.count(t.db.jdbi(), "finding")).isEqualTo(4);
    }

    @Test
    void twoScannersOfOneFindingMakeOneFindingWithTwoAttributions() {
        store.recordScan(Reports.upload(Reports.all()));
        clock.advance(Duration.ofHours(1));
        // Another scanner reports Log4Shell under its GHSA id's canonical CVE, for the same package with
        // qualifiers of its own, and brings no package list.
        Finding theirs = Reports.log4shell();
        Finding withQualifier = new Finding(theirs.id(), theirs.aliases(), theirs.pkg().withPurl(Reports.LOG4J_PURL + "?type=jar"),
                theirs.installedVersion(), theirs.fixedVersions(), theirs.status(), Severity.HIGH, "trivy-nvd", theirs.ratings(),
                "trivy", "maven", null, null, null, null, List.of(), List.of(), null);
        var trivy = new ScanUpload(Reports.report(DIGEST, "registry.example.com/shop/api:1.4.2", Reports.SCANNED, List.of(withQualifier)),
                List.of(), Stage.REGISTRY, Map.of(), "trivy", "0.58.1", List.of());
        store.recordScan(trivy);

        assertThat(Tables.count(t.db.jdbi(), "finding")).isEqualTo(4);
        FindingRow log4shell = store.findings(DIGEST, false).stream().filter(f -> f.vulnId().equals("CVE-2021-44228")).findFirst().orElseThrow();
        assertThat(log4shell.scanners()).containsExactly("drydock", "trivy");
        long findingId = log4shell.id();
        List<String> attributions = t.db.jdbi().withHandle(h -> h.createQuery("SELECT scanner FROM attribution WHERE finding_id = :id ORDER BY scanner")
                .bind("id", findingId).mapTo(String.class).list());
        assertThat(attributions).containsExactly("drydock", "trivy");
        assertThat(store.packages(DIGEST)).as("an upload without packages leaves the package set").hasSize(4);
        // trivy's scan covered only Log4Shell: drydock's other findings stay, being drydock's claims.
        assertThat(store.findings(DIGEST, false)).hasSize(4);

        // drydock stops reporting it; trivy still does, so the finding stays active and nothing disappears.
        clock.advance(Duration.ofHours(1));
        store.recordScan(Reports.upload(DIGEST, "shop/api", "1.4.2", Reports.SCANNED.plusSeconds(7200),
                List.of(Reports.zlibVex(), Reports.openssl(), Reports.opensslPkcs12())));
        log4shell = store.findings(DIGEST, false).stream().filter(f -> f.vulnId().equals("CVE-2021-44228")).findFirst().orElseThrow();
        assertThat(log4shell.active()).isTrue();
        assertThat(log4shell.scanners()).containsExactly("trivy");
        long disappeared = t.db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM finding_event WHERE kind = 'disappeared'")
                .mapTo(Long.class).one());
        assertThat(disappeared).isZero();
        assertThat(store.image(DIGEST).orElseThrow().stages()).extracting(StageRecord::stage).containsExactly(Stage.CI, Stage.REGISTRY);
    }

    @Test
    void pageReadsDoNotQueueBehindAnOpenWriteTransaction() throws Exception {
        store.recordScan(Reports.upload(Reports.all()));
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            t.db.jdbi().useTransaction(writer -> {
                writer.execute("UPDATE image SET last_seen = last_seen + 1");
                // The writer holds SQLite's write lock until it commits. The reads run on another thread (Jdbi
                // reuses a thread's open handle) and must read the committed snapshot, not wait for the lock,
                // which on SQLite would end in SQLITE_BUSY after the busy timeout.
                ImageDetail seen = reader.submit(() -> {
                    assertThat(store.findings(DIGEST, false)).hasSize(4);
                    assertThat(store.images(ImageQuery.all()).total()).isEqualTo(1);
                    return store.image(DIGEST).orElseThrow();
                }).get();
                assertThat(seen.lastSeen()).as("uncommitted writes are invisible").isEqualTo(T0);
            });
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void oneUploadReportingAFindingTwiceStoresItOnce() {
        Finding a = Reports.log4shell();
        Finding b = new Finding(a.id(), a.aliases(), a.pkg().withPath("app/plugins/log4j-core-2.14.1.jar"), a.installedVersion(),
                a.fixedVersions(), a.status(), a.severity(), a.severitySource(), a.ratings(), a.advisorySource(), a.namespace(),
                a.epss(), a.kev(), a.title(), a.description(), a.references(), a.cwes(), null);
        store.recordScan(Reports.upload(List.of(a, b)));
        assertThat(store.findings(DIGEST, true)).hasSize(1);
    }

    @Test
    void concurrentUploadsOfTheSameScanStoreOneScanAndNoDuplicateFindings() throws Exception {
        ScanUpload upload = Reports.upload(Reports.all());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ScanId>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Store own = new Store(t.reopen(), clock);
                Callable<ScanId> task = () -> {
                    start.await();
                    return own.recordScan(upload);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<ScanId> f : results) assertThat(f.get()).isEqualTo(results.get(0).get());
        } finally {
            pool.shutdownNow();
        }
        assertThat(Tables.count(t.db.jdbi(), "scan")).isEqualTo(1);
        assertThat(Tables.count(t.db.jdbi(), "finding")).isEqualTo(4);
        assertThat(Tables.count(t.db.jdbi(), "attribution")).isEqualTo(4);
        assertThat(Tables.count(t.db.jdbi(), "finding_event")).isEqualTo(4);
    }

    @Test
    void hostileTextIsStoredBoundedAndWithoutNul() {
        Finding base = Reports.openssl();
        String longText = "A\u0000<script>alert(1)</script>".repeat(10_000);
        Finding hostile = new Finding("CVE-2023-5363", base.aliases(), base.pkg(), base.installedVersion(), base.fixedVersions(),
                base.status(), base.severity(), base.severitySource(), base.ratings(), base.advisorySource(), base.namespace(),
                base.epss(), base.kev(), longText, longText, List.of(longText), List.of(), null);
        store.recordScan(Reports.upload(List.of(hostile)));

        String description = t.db.jdbi().withHandle(h -> h.createQuery("SELECT description FROM vulnerability WHERE id = 'CVE-2023-5363'")
                .mapTo(String.class).one());
        assertThat(description).hasSize(Bounded.DESCRIPTION).doesNotContain("\u0000").startsWith("A<script>");
        assertThat(store.findings(DIGEST, false).get(0).title()).hasSize(Bounded.TITLE);
    }

    @Test
    void oversizedUploadsAreRefusedWhole() {
        List<ImageName> names = new ArrayList<>();
        for (int i = 0; i <= Bounded.MAX_NAMES; i++) names.add(new ImageName("registry.example.com", "shop/api", "t" + i));
        ScanUpload u = Reports.upload(Reports.all());
        ScanUpload tooMany = new ScanUpload(u.report(), u.packages(), u.stage(), u.context(), u.scanner(), u.scannerVersion(), names);
        assertThatThrownBy(() -> store.recordScan(tooMany)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too many image names");
        assertThat(Tables.count(t.db.jdbi(), "image")).isZero();
    }

    @Test
    void aKeyLongerThanAnIndexCanHoldIsCutNotRefusedByTheDatabase() {
        Finding base = Reports.log4shell();
        String longPurl = "pkg:npm/" + "\u00e9".repeat(5_000) + "@1.0.0";
        Finding f = new Finding(base.id(), base.aliases(), base.pkg().withPurl(longPurl).withPath("x".repeat(5_000)),
                base.installedVersion(), base.fixedVersions(), base.status(), base.severity(), base.severitySource(), base.ratings(),
                base.advisorySource(), base.namespace(), base.epss(), base.kev(), base.title(), base.description(),
                base.references(), base.cwes(), null);
        ScanUpload u = Reports.upload(List.of(f));
        store.recordScan(new ScanUpload(u.report(), List.of(f.pkg()), u.stage(), u.context(), u.scanner(), u.scannerVersion(), u.names()));
        assertThat(store.findings(DIGEST, false).get(0).purl().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(Bounded.KEY_BYTES);
        assertThat(store.packages(DIGEST)).hasSize(1);
    }
}
