package dev.drydock.server.reconcile;

import dev.drydock.server.jobs.Log;
import dev.drydock.server.store.Backend;
import dev.drydock.server.store.DriftQuery;
import dev.drydock.server.store.DriftRow;
import dev.drydock.server.store.Parity;
import dev.drydock.server.store.ParityPoint;
import dev.drydock.server.store.Presence;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.drydock.server.reconcile.ReconcileFixtures.D1;
import static dev.drydock.server.reconcile.ReconcileFixtures.D2;
import static dev.drydock.server.reconcile.ReconcileFixtures.D3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@ParameterizedClass
@EnumSource(Backend.class)
class ReconcileStoreTest {
    @Parameter
    Backend backend;
    private TestDatabase tdb;
    private Store store;

    @BeforeEach
    void open() {
        tdb = TestDatabase.open(backend);
        store = new Store(tdb.db);
        ReconcileFixtures.load(store);
    }

    @AfterEach
    void close() {
        tdb.close();
    }

    private static final DriftQuery FLEET = DriftQuery.fleet("drydock", "trivy");

    @Test
    void theDriftTableHasEveryPresenceCaseWithItsLikelyReason() {
        var page = store.drift(FLEET);
        assertThat(page.total()).isEqualTo(9);
        assertThat(page.items()).extracting(DriftRow::digest, DriftRow::vulnId, DriftRow::presence, DriftRow::severityA,
                        DriftRow::severityB, DriftRow::reason)
                .containsExactly(
                        tuple(D1, "CVE-2024-0001", "both", "high", "high", null),
                        tuple(D1, "CVE-2024-0002", "both", "medium", "high", "vendor-vs-nvd"),
                        tuple(D1, "CVE-2024-0003", "only_a", "medium", null, "unfixed-filtered"),
                        tuple(D1, "CVE-2024-0004", "only_a", "high", null, "version-range"),
                        tuple(D1, "CVE-2024-0005", "only_b", null, "high", "version-range"),
                        tuple(D1, "CVE-2024-0006", "only_b", null, "critical", "package-not-detected"),
                        tuple(D1, "CVE-2024-0007", "both", "low", "medium", "rating"),
                        tuple(D2, "CVE-2024-0001", "both", "high", "high", null),
                        tuple(D2, "CVE-2024-0009", "only_a", "low", null, "unfixed-filtered"));
        DriftRow vendor = page.items().get(1);
        assertThat(vendor.severitySourceA()).isEqualTo("debian");
        assertThat(vendor.severitySourceB()).isEqualTo("nvd");
        assertThat(vendor.reasonText()).isEqualTo("vendor vs NVD rating");
        assertThat(page.items().get(2).suppressionB()).isEqualTo("unfixed");
        assertThat(page.items().get(8).suppressionB()).isEqualTo("deleted");
        assertThat(page.items()).extracting(DriftRow::digest).doesNotContain(D3);
    }

    @Test
    void oneImageReadsTheSameRowsAsTheFleetTable() {
        var fleet = store.drift(FLEET.withPage(100, 0)).items().stream().filter(r -> r.digest().equals(D1)).toList();
        var image = store.drift(FLEET.withImage(D1));
        assertThat(image.items()).isEqualTo(fleet);
        assertThat(store.drift(FLEET.withImage(D3)).total()).as("trivy never scanned image 3").isZero();
    }

    @Test
    void presenceFiltersAndPagesAgreeOnEveryScope() {
        assertThat(store.drift(FLEET.withPresence(Presence.BOTH)).total()).isEqualTo(4);
        for (DriftQuery q : List.of(FLEET, FLEET.withRepository("shop/api"), FLEET.withImage(D1))) {
            assertThat(store.drift(q.withPresence(Presence.ONLY_B)).items()).extracting(DriftRow::vulnId)
                    .containsExactly("CVE-2024-0005", "CVE-2024-0006");
            if (q == FLEET) continue;
            var second = store.drift(q.withPresence(Presence.BOTH).withPage(1, 1));
            assertThat(second.total()).isEqualTo(3);
            assertThat(second.items()).extracting(DriftRow::vulnId).containsExactly("CVE-2024-0002");
        }
        assertThat(store.drift(FLEET.withRepository("shop/web").withPresence(Presence.ONLY_A)).items())
                .extracting(DriftRow::vulnId).containsExactly("CVE-2024-0009");
    }

    @Test
    void parityFiguresAreExactForFleetRepositoryAndImage() {
        assertThat(store.parity(FLEET)).isEqualTo(new Parity(null, 2, 4, 3, 2, 2, 50.0, 44.44));
        assertThat(store.parity(FLEET.withRepository("shop/api"))).isEqualTo(new Parity("shop/api", 1, 3, 2, 2, 1, 33.33, 42.86));
        assertThat(store.parity(FLEET.withImage(D2))).isEqualTo(new Parity(D2, 1, 1, 1, 0, 1, 100.0, 50.0));
        assertThat(store.fleetParity("drydock", "trivy").repositories()).containsExactly(
                new Parity("shop/api", 1, 3, 2, 2, 1, 33.33, 42.86),
                new Parity("shop/web", 1, 1, 1, 0, 1, 100.0, 50.0));
        // the other way round: only A and only B swap, agreement stays
        assertThat(store.parity(DriftQuery.fleet("trivy", "drydock"))).isEqualTo(new Parity(null, 2, 4, 2, 3, 2, 50.0, 44.44));
        assertThat(store.parity(DriftQuery.fleet("drydock", "grype"))).isEqualTo(new Parity(null, 0, 0, 0, 0, 0, null, null));
    }

    @Test
    void injectionLookingFiltersAreData() {
        String evil = "shop/api' OR '1'='1";
        assertThat(store.drift(FLEET.withRepository(evil)).total()).isZero();
        assertThat(store.parity(FLEET.withRepository(evil)).images()).isZero();
        assertThat(store.drift(DriftQuery.fleet("drydock", "trivy' OR '1'='1")).total()).isZero();
        assertThat(store.drift(FLEET.withRepository("nul\0byte")).total()).isZero();
    }

    @Test
    void theDailySnapshotIsTakenOnceADayAndReadAsHistory() {
        Log log = new Log(new PrintStream(new ByteArrayOutputStream()));
        ParitySnapshots day1 = new ParitySnapshots(store, Clock.fixed(Instant.parse("2026-11-20T23:00:00Z"), ZoneOffset.UTC), log);
        assertThat(day1.queue()).isTrue();
        assertThat(day1.run()).isEqualTo(1);
        assertThat(day1.run()).as("once a day").isEqualTo(-1);
        assertThat(day1.queue()).isFalse();
        // the next day trivy reports the unfixed zlib finding again
        store.recordScan(ReconcileFixtures.scan("trivy", D2, "shop/web", List.of(
                ReconcileFixtures.f("CVE-2024-0001", ReconcileFixtures.libssl(), dev.drydock.model.Severity.HIGH, "nvd", "3.0.11-1~deb12u2", null),
                ReconcileFixtures.f("CVE-2024-0009", ReconcileFixtures.deb("zlib1g", "1:1.2.13.dfsg-1"), dev.drydock.model.Severity.LOW,
                        "debian", null, null)), ReconcileFixtures.T.plusSeconds(3600)));
        ParitySnapshots day2 = new ParitySnapshots(store, Clock.fixed(Instant.parse("2026-11-21T01:00:00Z"), ZoneOffset.UTC), log);
        assertThat(day2.run()).isEqualTo(1);

        List<ParityPoint> fleet = store.parityHistory("drydock", "trivy", null);
        assertThat(fleet).extracting(ParityPoint::day).containsExactly("2026-11-20", "2026-11-21");
        assertThat(fleet.get(0).parity().presenceAgreement()).isEqualTo(44.44);
        assertThat(fleet.get(1).parity().presenceAgreement()).isEqualTo(55.56);
        Map<String, Double> web = store.parityHistory("drydock", "trivy", "shop/web").stream()
                .collect(Collectors.toMap(ParityPoint::day, p -> p.parity().presenceAgreement()));
        assertThat(web).containsExactlyInAnyOrderEntriesOf(Map.of("2026-11-20", 50.0, "2026-11-21", 100.0));
        assertThat(store.parityHistory("trivy", "drydock", null).get(0).parity().onlyB()).as("read swapped").isEqualTo(3);
    }

    @Test
    void scannerPairsPutDrydockFirst() {
        assertThat(ParitySnapshots.pairs(List.of("drydock", "grype", "trivy")))
                .containsExactly(List.of("drydock", "grype"), List.of("drydock", "trivy"), List.of("grype", "trivy"));
        assertThat(ParitySnapshots.pairs(List.of("anchore", "drydock"))).containsExactly(List.of("drydock", "anchore"));
    }
}
