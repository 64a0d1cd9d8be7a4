package dev.drydock.server.store;

import dev.drydock.model.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The image list: filters, sorts and paging, and every parameter treated as data when it carries SQL.
 * Three images: api (Log4Shell, KEV, critical; scanned in CI), worker (OpenSSL, high; seen in CI and
 * scanned at the registry), and base (nothing; scanned at the registry only).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ImageQueryTest {
    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE image; --",
            "shop/api' OR '1'='1",
            "\" OR 1=1 --",
            "1; DELETE FROM finding",
            "risk; DROP TABLE image",
            "last_seen DESC, (SELECT 1)",
            "sha256:x' UNION SELECT token_hash FROM api_token --",
            "%' OR repository LIKE '%",
            "\u0000",
            "");

    static final String API = Reports.digest(1);
    static final String WORKER = Reports.digest(2);
    static final String BASE = Reports.digest(3);

    @Parameter
    Backend backend;
    TestDatabase t;
    MutableClock clock;
    Store store;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
        store = new Store(t.db, clock);
        store.recordScan(Reports.upload(API, "shop/api", "1.4.2", Reports.SCANNED, List.of(Reports.log4shell(), Reports.opensslPkcs12())));
        clock.advance(Duration.ofMinutes(1));
        store.recordScan(Reports.upload(WORKER, "shop/worker", "2.0.0", Reports.SCANNED, List.of(Reports.openssl())));
        clock.advance(Duration.ofMinutes(1));
        store.recordScan(new ScanUpload(Reports.report(BASE, "registry.example.com/base/debian:12", Reports.SCANNED, List.of()),
                Reports.packages(), Stage.REGISTRY, Map.of(), "drydock", null, List.of(new ImageName("registry.example.com", "base/debian", "12"))));
        clock.advance(Duration.ofMinutes(1));
        var w = Reports.upload(WORKER, "shop/worker", "2.0.0", Reports.SCANNED.plusSeconds(60), List.of(Reports.openssl()));
        store.recordScan(new ScanUpload(w.report(), w.packages(), Stage.REGISTRY, w.context(), w.scanner(), w.scannerVersion(), w.names()));
    }

    @AfterEach
    void close() {
        t.close();
    }

    private List<String> digests(ImageQuery q) {
        return store.images(q).items().stream().map(ImageSummary::digest).toList();
    }

    @Test
    void sortsByRiskLastSeenAndName() {
        assertThat(digests(ImageQuery.all().withSort(ImageSort.RISK))).containsExactly(API, WORKER, BASE);
        assertThat(digests(ImageQuery.all().withSort(ImageSort.LAST_SEEN))).containsExactly(WORKER, BASE, API);
        assertThat(digests(ImageQuery.all().withSort(ImageSort.NAME))).containsExactly(BASE, API, WORKER);
        ImageSummary api = store.images(ImageQuery.all()).items().get(0);
        assertThat(api.name()).isEqualTo("registry.example.com/shop/api:1.4.2");
        assertThat(api.counts()).isEqualTo(new SeverityCounts(1, 0, 1, 0, 0));
        assertThat(api.kevCount()).isEqualTo(1);
        assertThat(api.distro()).isEqualTo("debian-12");
    }

    @Test
    void filtersByRepositorySeverityKevAndStageGap() {
        assertThat(digests(ImageQuery.all().withRepository("shop/worker"))).containsExactly(WORKER);
        assertThat(digests(ImageQuery.all().withMinSeverity(Severity.HIGH))).containsExactly(API, WORKER);
        assertThat(digests(ImageQuery.all().withMinSeverity(Severity.CRITICAL))).containsExactly(API);
        assertThat(digests(ImageQuery.all().withKevOnly(true))).containsExactly(API);
        assertThat(digests(ImageQuery.all().withStageGap(StageGap.NEVER_SCANNED_IN_CI))).containsExactly(BASE);
        assertThat(digests(ImageQuery.all().withStageGap(StageGap.NEVER_SCANNED_IN_REGISTRY))).containsExactly(API);
        assertThat(digests(ImageQuery.all().withStageGap(StageGap.NEVER_SCANNED_IN_REGISTRY).withMinSeverity(Severity.CRITICAL)))
                .containsExactly(API);
        assertThat(digests(ImageQuery.all().withRepository("shop/nothing"))).isEmpty();
    }

    @Test
    void pagesWithTotalsAndClampsLimitAndOffset() {
        Page<ImageSummary> first = store.images(ImageQuery.all().withPage(2, 0));
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.items()).extracting(ImageSummary::digest).containsExactly(API, WORKER);
        Page<ImageSummary> second = store.images(ImageQuery.all().withPage(2, 2));
        assertThat(second.items()).extracting(ImageSummary::digest).containsExactly(BASE);
        assertThat(second.total()).isEqualTo(3);

        ImageQuery silly = ImageQuery.all().withPage(-5, -10);
        assertThat(silly.limit()).isEqualTo(1);
        assertThat(silly.offset()).isZero();
        ImageQuery huge = ImageQuery.all().withPage(Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(huge.limit()).isEqualTo(ImageQuery.MAX_LIMIT);
        assertThat(huge.offset()).isEqualTo(ImageQuery.MAX_OFFSET);
        assertThat(store.images(huge).items()).isEmpty();
        assertThat(store.images(huge).total()).isEqualTo(3);
    }

    @Test
    void sqlInEveryParameterIsData() {
        for (String evil : INJECTIONS) {
            // An empty repository is no filter at all; everything else must match nothing.
            if (!evil.isEmpty()) assertThat(digests(ImageQuery.all().withRepository(evil))).as(evil).isEmpty();
            assertThat(store.image(evil)).as(evil).isEmpty();
            assertThat(store.packages(evil)).as(evil).isEmpty();
            assertThat(store.findings(evil, true)).as(evil).isEmpty();
            assertThat(store.scans(evil)).as(evil).isEmpty();
            assertThat(store.findingHistory(evil)).as(evil).isEmpty();
            assertThat(store.authenticate(evil)).as(evil).isEmpty();
            // Sort and stage-gap words go through a whitelist before they reach the store.
            assertThatThrownBy(() -> ImageSort.parse(evil)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> StageGap.parse(evil)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Stage.parse(evil)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Role.parse(evil)).isInstanceOf(IllegalArgumentException.class);
            store.audit(evil, evil, evil, evil);
            long job = store.enqueue(evil, evil);
            assertThat(store.job(job).orElseThrow().kind()).isEqualTo(evil.replace("\u0000", ""));
        }
        assertThat(store.images(ImageQuery.all()).total()).isEqualTo(3);
        assertThat(Tables.count(t.db.jdbi(), "finding")).isEqualTo(3);
        assertThat(store.auditLog(100, Long.MAX_VALUE)).extracting(AuditEntry::actor)
                .contains("'; DROP TABLE image; --", "shop/api' OR '1'='1");
    }

    @Test
    void parsesTheWordsTheWebLayerPassesOn() {
        assertThat(ImageSort.parse("risk")).isEqualTo(ImageSort.RISK);
        assertThat(ImageSort.parse("last-seen")).isEqualTo(ImageSort.LAST_SEEN);
        assertThat(ImageSort.parse("NAME")).isEqualTo(ImageSort.NAME);
        assertThat(StageGap.parse("never-scanned-in-ci")).isEqualTo(StageGap.NEVER_SCANNED_IN_CI);
        assertThat(Stage.parse("registry")).isEqualTo(Stage.REGISTRY);
    }

    @Test
    void imagePageHasEveryStageRecord() {
        ImageDetail worker = store.image(WORKER).orElseThrow();
        assertThat(worker.stages()).extracting(StageRecord::stage).containsExactly(Stage.CI, Stage.REGISTRY);
        assertThat(worker.stages().get(0).lastScanned()).isEqualTo(Instant.parse("2026-11-20T10:01:00Z"));
        assertThat(worker.stages().get(1).lastScanned()).isEqualTo(Instant.parse("2026-11-20T10:03:00Z"));
        assertThat(store.scans(WORKER)).extracting(ScanRow::stage).containsExactly(Stage.REGISTRY, Stage.CI);
    }
}
