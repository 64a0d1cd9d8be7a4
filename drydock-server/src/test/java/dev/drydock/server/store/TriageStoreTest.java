package dev.drydock.server.store;

import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
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

/** The triage queue and its decisions on both databases, with findings from two scanners on several digests. */
@ParameterizedClass
@EnumSource(Backend.class)
class TriageStoreTest {
    static final String LOG4SHELL = "CVE-2021-44228";
    static final String OPENSSL = "CVE-2023-5363";

    @Parameter
    Backend backend;
    TestDatabase t;
    MutableClock clock;
    Store store;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
        store = new Store(t.db, clock);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private void scan(int digest, String repository, List<Finding> findings) {
        store.recordScan(Reports.upload(Reports.digest(digest), repository, "1." + digest, Reports.SCANNED, findings));
    }

    /** The same image scanned by Trivy too: a second scanner's attribution of the same findings. */
    private void trivy(int digest, String repository, List<Finding> findings) {
        var upload = Reports.upload(Reports.digest(digest), repository, "1." + digest, Reports.SCANNED.plusSeconds(60), findings);
        store.recordScan(new ScanUpload(upload.report(), upload.packages(), Stage.CI, upload.context(), "trivy", "0.57.0", upload.names()));
    }

    private TriageItem item(TriageQuery q, String repository, String vuln) {
        return store.triageQueue(q.withState(TriageQuery.ALL)).items().stream()
                .filter(i -> i.repository().equals(repository) && i.vulnId().equals(vuln)).findFirst().orElseThrow();
    }

    private static TriageDecision decision(String repository, String pkg, String vuln, TriageState state, Instant expires, boolean uvc) {
        return new TriageDecision(repository, pkg, vuln, state, state == TriageState.NOT_AFFECTED ? "vulnerable_code_not_in_execute_path" : null,
                "checked by hand", "alice", expires, uvc);
    }

    static Finding opensslAt(String version) {
        return new Finding(OPENSSL, List.of("DSA-5532-1"), Reports.deb("libssl3", version, "openssl"), version,
                List.of("3.0.11-1~deb12u2"), FindingStatus.FIXED, Severity.HIGH, "nvd",
                List.of(new SeverityRating("nvd", Severity.HIGH, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5)),
                "debian-tracker", "debian:12", null, null, "Incorrect cipher key & IV length processing", null, List.of(), List.of(), null);
    }

    @Test
    void findingsOfTwoDigestsAndTwoScannersAreOneItemPerRepositoryPackageAndVulnerability() {
        scan(1, "shop/api", Reports.all());
        trivy(1, "shop/api", Reports.all());
        scan(2, "shop/api", Reports.all());
        scan(3, "shop/web", List.of(Reports.log4shell()));

        Page<TriageItem> page = store.triageQueue(TriageQuery.open());
        assertThat(page.total()).as("four items in shop/api, one in shop/web").isEqualTo(5);
        TriageItem log4j = item(TriageQuery.open(), "shop/api", LOG4SHELL);
        assertThat(log4j.images()).isEqualTo(2);
        assertThat(log4j.findings()).isEqualTo(2);
        assertThat(log4j.scanners()).containsExactly("drydock", "trivy");
        assertThat(log4j.kev()).isTrue();
        assertThat(log4j.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(log4j.fixAvailable()).isTrue();
        assertThat(log4j.state()).isEqualTo(TriageState.NEW);
        assertThat(log4j.decision()).isNull();
        assertThat(log4j.key()).isEqualTo(Store.triageKey("shop/api", "log4j-core", LOG4SHELL)).startsWith("drydock-triage-");
        assertThat(page.items().get(0).vulnId()).as("critical and KEV first, more images before fewer").isEqualTo(LOG4SHELL);
        assertThat(page.items().get(0).repository()).isEqualTo("shop/api");
        assertThat(page.items()).extracting(TriageItem::vulnId)
                .containsExactly(LOG4SHELL, LOG4SHELL, "CVE-2023-45853", OPENSSL, "CVE-2024-0727");

        assertThat(store.triageQueue(TriageQuery.open().withRepository("shop/web")).items()).singleElement()
                .satisfies(i -> assertThat(i.images()).isEqualTo(1));
        assertThat(store.triageQueue(TriageQuery.open().withKevOnly(true)).total()).isEqualTo(2);
        assertThat(store.triageQueue(TriageQuery.open().withMinSeverity(Severity.HIGH)).total()).isEqualTo(4);
        assertThat(store.triageQueue(TriageQuery.open().withSort(TriageSort.EPSS)).items().get(0).epss()).isEqualTo(0.94358);
        assertThat(store.triageQueue(TriageQuery.open().withPage(2, 2)).items()).hasSize(2);
        Page<TriageItem> past = store.triageQueue(TriageQuery.open().withPage(10, 100));
        assertThat(past.items()).isEmpty();
        assertThat(past.total()).as("a page past the end still says how many there are").isEqualTo(5);
        assertThat(store.triageQueue(TriageQuery.open().withRepository("x' OR '1'='1")).total()).as("bound, never SQL").isZero();
        assertThat(store.triageQueue(TriageQuery.open().withAssignee("a\0b")).total()).isZero();
    }

    @Test
    void aDecisionCarriesOverToANewDigestOfTheRepository() {
        scan(1, "shop/api", Reports.all());
        TriageRecord r = store.decide(decision("shop/api", "libssl3", OPENSSL, TriageState.NOT_AFFECTED, null, false), "alice").orElseThrow();
        assertThat(r.purl()).isEqualTo("pkg:deb/debian/libssl3");
        assertThat(r.decidedVersion()).isEqualTo("3.0.11-1~deb12u1");

        scan(7, "shop/api", Reports.all());
        FindingRow f = store.findings(Reports.digest(7), false).stream().filter(x -> x.vulnId().equals(OPENSSL)).findFirst().orElseThrow();
        assertThat(f.triage()).isEqualTo(TriageState.NOT_AFFECTED);
        assertThat(f.triaged()).isTrue();
        assertThat(store.findings(Reports.digest(7), false)).filteredOn(x -> !x.vulnId().equals(OPENSSL))
                .allSatisfy(x -> assertThat(x.triage()).isNull());

        assertThat(store.triageQueue(TriageQuery.open()).items()).extracting(TriageItem::vulnId).doesNotContain(OPENSSL);
        TriageItem it = item(TriageQuery.open(), "shop/api", OPENSSL);
        assertThat(it.triaged()).isTrue();
        assertThat(it.images()).isEqualTo(2);
        assertThat(store.triageQueue(TriageQuery.open().withState("not_affected")).items()).singleElement()
                .satisfies(i -> assertThat(i.decision()).isEqualTo(r.id()));

        scan(8, "shop/other", Reports.all());
        assertThat(store.findings(Reports.digest(8), false)).allSatisfy(x -> assertThat(x.triage()).as("another repository").isNull());
        assertThat(store.image(Reports.digest(7)).orElseThrow().counts()).as("image counts are not changed by triage")
                .isEqualTo(store.image(Reports.digest(8)).orElseThrow().counts());
    }

    @Test
    void anAcceptedRiskReturnsToTheQueueWhenItExpires() {
        scan(1, "shop/api", Reports.all());
        store.decide(decision("shop/api", "log4j-core", LOG4SHELL, TriageState.RISK_ACCEPTED, clock.instant().plus(Duration.ofDays(1)), false), "alice");
        assertThat(item(TriageQuery.open(), "shop/api", LOG4SHELL).triaged()).isTrue();
        assertThat(store.triageQueue(TriageQuery.open()).items()).extracting(TriageItem::vulnId).doesNotContain(LOG4SHELL);

        clock.advance(Duration.ofDays(2));
        TriageItem it = item(TriageQuery.open(), "shop/api", LOG4SHELL);
        assertThat(it.triaged()).isFalse();
        assertThat(it.expired()).isTrue();
        assertThat(it.state()).isEqualTo(TriageState.RISK_ACCEPTED);
        assertThat(store.triageQueue(TriageQuery.open()).items()).extracting(TriageItem::vulnId).contains(LOG4SHELL);
        assertThat(store.findings(Reports.digest(1), false)).allSatisfy(x -> assertThat(x.triage()).isNull());
    }

    @Test
    void aDecisionUntilTheVersionChangesStopsCoveringANewVersion() {
        scan(1, "shop/api", List.of(opensslAt("3.0.11-1~deb12u1")));
        store.decide(decision("shop/api", "libssl3", OPENSSL, TriageState.FALSE_POSITIVE, null, true), "alice");
        assertThat(store.triageQueue(TriageQuery.open()).total()).isZero();

        scan(2, "shop/api", List.of(opensslAt("3.0.11-1~deb12u1")));
        assertThat(store.findings(Reports.digest(2), false)).singleElement().satisfies(f -> assertThat(f.triaged()).isTrue());
        scan(3, "shop/api", List.of(opensslAt("3.0.11-1~deb12u1+b1")));
        assertThat(store.findings(Reports.digest(3), false)).singleElement().satisfies(f -> assertThat(f.triage()).isNull());
        TriageItem it = item(TriageQuery.open(), "shop/api", OPENSSL);
        assertThat(it.triaged()).as("one of three images has another version").isFalse();
        assertThat(it.images()).isEqualTo(3);
        assertThat(store.triageQueue(TriageQuery.open()).total()).isEqualTo(1);
    }

    @Test
    void everyChangeIsInTheHistoryWithWhoWhenFromAndTo() {
        scan(1, "shop/api", Reports.all());
        long id = store.decide(new TriageDecision("shop/api", "log4j-core", LOG4SHELL, TriageState.IN_TRIAGE, null, null, "alice", null, false),
                "bob").orElseThrow().id();
        clock.advance(Duration.ofMinutes(5));
        store.decide(new TriageDecision("shop/api", "log4j-core", LOG4SHELL, TriageState.EXPLOITABLE, null, "reachable from /api", "carol",
                null, false), "dave");
        store.commentTriage(id, "erin", "<b>patch</b> on Monday").orElseThrow();

        TriageRecord r = store.triageDecision(id).orElseThrow();
        assertThat(r.state()).isEqualTo(TriageState.EXPLOITABLE);
        assertThat(r.createdBy()).isEqualTo("bob");
        assertThat(r.updatedBy()).isEqualTo("dave");
        assertThat(r.updatedAt()).isEqualTo(clock.instant());
        assertThat(r.comments()).singleElement().satisfies(c -> {
            assertThat(c.author()).isEqualTo("erin");
            assertThat(c.body()).isEqualTo("<b>patch</b> on Monday");
        });
        assertThat(r.history()).extracting(e -> e.actor() + " " + e.field() + " " + e.from() + " -> " + e.to()).containsExactly(
                "bob state null -> in_triage", "bob assignee null -> alice", "bob until_version_change null -> 0",
                "bob decided_version null -> 2.14.1",
                "dave state in_triage -> exploitable", "dave note null -> reachable from /api", "dave assignee alice -> carol");
        assertThat(r.history().get(4).at()).isEqualTo(clock.instant());
        assertThat(store.auditLog(10, Long.MAX_VALUE)).filteredOn(a -> a.action().equals("triage.decide")).hasSize(2);
        assertThat(store.triageQueue(TriageQuery.open().withAssignee("carol")).items()).singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo(TriageState.EXPLOITABLE));
        assertThat(store.triageQueue(TriageQuery.open().withState("exploitable")).total()).isEqualTo(1);
    }

    @Test
    void concurrentFirstDecisionsOnOneItemMakeOneDecision() throws Exception {
        scan(1, "shop/api", Reports.all());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<TriageRecord>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String who = "t" + i;
                results.add(pool.submit(() -> store.decide(decision("shop/api", "log4j-core", LOG4SHELL, TriageState.IN_TRIAGE, null, false),
                        who).orElseThrow()));
            }
            long id = results.get(0).get().id();
            for (var r : results) assertThat(r.get().id()).isEqualTo(id);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Tables.count(t.db.jdbi(), "triage")).isEqualTo(1);
    }

    @Test
    void nothingToDecideAboutIsRefused() {
        scan(1, "shop/api", Reports.all());
        assertThat(store.decide(decision("shop/api", "log4j-core", "CVE-2000-0001", TriageState.FIXED, null, false), "a")).isEmpty();
        assertThat(store.decide(decision("shop/web", "log4j-core", LOG4SHELL, TriageState.FIXED, null, false), "a")).isEmpty();
        assertThat(store.commentTriage(999, "a", "x")).isEmpty();
        assertThat(store.triageDecision(999)).isEmpty();
        assertThat(Store.basePurl("pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12")).isEqualTo("pkg:deb/debian/libssl3");
        assertThat(Map.of()).isEmpty();
    }
}
