package dev.drydock.server.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass
@EnumSource(Backend.class)
class SightingTest {
    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Parameter
    Backend backend;
    TestDatabase t;
    MutableClock clock;
    Store store;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        clock = new MutableClock(Instant.parse("2026-11-01T08:00:00Z"));
        store = new Store(t.db, clock);
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void anImageSeenButNeverScannedIsListedWithItsGap() {
        ImageName name = new ImageName("registry.example.com", "shop/api", "1.4.2");
        store.recordSightings(List.of(new Sighting(DIGEST, Stage.REGISTRY, List.of(name), null)));
        clock.advance(Duration.ofDays(12));
        store.recordSightings(List.of(new Sighting(DIGEST, Stage.REGISTRY, List.of(name), null)));

        ImageDetail d = store.image(DIGEST).orElseThrow();
        assertThat(d.stages()).singleElement().satisfies(s -> {
            assertThat(s.stage()).isEqualTo(Stage.REGISTRY);
            assertThat(s.firstSeen()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
            assertThat(s.lastSeen()).isEqualTo(Instant.parse("2026-11-13T08:00:00Z"));
            assertThat(s.lastScanned()).as("seen, not scanned").isNull();
        });
        assertThat(store.images(ImageQuery.all().withStageGap(StageGap.NEVER_SCANNED_IN_REGISTRY)).items())
                .extracting(ImageSummary::digest).containsExactly(DIGEST);
        assertThat(Tables.count(t.db.jdbi(), "image_name")).isEqualTo(1);
        assertThat(Tables.count(t.db.jdbi(), "finding")).isZero();
    }

    @Test
    void aRuntimeSightingKeepsTheWorkloadAndMovesItToItsNewImage() {
        var pod = new Sighting.Workload("prod-eu", "shop", "Deployment", "api", "app", 3, "internet");
        store.recordSightings(List.of(new Sighting(DIGEST, Stage.RUNTIME, List.of(), pod)));
        String next = "sha256:" + "cd".repeat(32);
        store.recordSightings(List.of(new Sighting(next, Stage.RUNTIME, List.of(), pod)));
        List<String> running = t.db.jdbi().withHandle(h -> h.createQuery(
                "SELECT image_digest || ' ' || replicas FROM workload").mapTo(String.class).list());
        assertThat(running).as("one row per container, now running the new digest").containsExactly(next + " 3");
        assertThat(store.image(DIGEST).orElseThrow().stages()).extracting(StageRecord::stage).containsExactly(Stage.RUNTIME);
    }

    @Test
    void badSightingsAreRefused() {
        assertThatThrownBy(() -> new Sighting("sha256:short", Stage.RUNTIME, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sighting(DIGEST, Stage.CI, List.of(),
                new Sighting.Workload("c", "n", "Pod", "p", "x", 1, null)))
                .hasMessageContaining("only a runtime sighting");
        assertThatThrownBy(() -> new Sighting.Workload("c", "", "Pod", "p", "x", 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Tables.count(t.db.jdbi(), "image")).isZero();
    }
}
