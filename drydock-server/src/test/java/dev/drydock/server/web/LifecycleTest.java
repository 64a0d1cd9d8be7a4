package dev.drydock.server.web;

import dev.drydock.server.store.Stage;
import dev.drydock.server.store.StageRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void registryWithoutCiScanIsAGap() {
        Map<Stage, StageRecord> by = new EnumMap<>(Stage.class);
        Instant seen = NOW.minus(Duration.ofDays(12));
        by.put(Stage.REGISTRY, new StageRecord(Stage.REGISTRY, seen, NOW, seen));
        assertThat(Lifecycle.gaps(by, NOW)).containsExactly(
                "in the registry for 12 days, never scanned in CI",
                "at registry: last scanned 12 days ago"); // still seen there, the scan is stale
    }

    @Test
    void seenButNeverScannedAtRuntime() {
        Map<Stage, StageRecord> by = new EnumMap<>(Stage.class);
        by.put(Stage.CI, new StageRecord(Stage.CI, NOW.minus(Duration.ofDays(3)), NOW, NOW));
        by.put(Stage.RUNTIME, new StageRecord(Stage.RUNTIME, NOW.minus(Duration.ofHours(5)), NOW, null));
        assertThat(Lifecycle.gaps(by, NOW)).containsExactly("seen at runtime since 2026-11-26 07:00 UTC, never scanned there");
        assertThat(Lifecycle.render(List.copyOf(by.values()), NOW).toString()).contains("stage seen").contains("stage scanned");
    }
}
