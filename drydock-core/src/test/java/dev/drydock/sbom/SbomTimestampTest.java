package dev.drydock.sbom;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SbomTimestampTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-03-04T05:06:07.890Z"), ZoneOffset.UTC);

    @Test
    void usesSourceDateEpochWhenItIsSet() {
        assertThat(SbomTimestamp.fromEnvironment(Map.of("SOURCE_DATE_EPOCH", "1700000000"), NOW))
                .isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
    }

    @Test
    void usesTheClockToTheSecondWhenSourceDateEpochIsAbsentOrEmpty() {
        assertThat(SbomTimestamp.fromEnvironment(Map.of(), NOW)).isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
        assertThat(SbomTimestamp.fromEnvironment(Map.of("SOURCE_DATE_EPOCH", ""), NOW)).isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
    }

    @Test
    void refusesASourceDateEpochThatIsNotWholeSeconds() {
        for (String bad : new String[]{"yesterday", "-1", "1.5", "99999999999999999999", "253402300800"}) {
            assertThatThrownBy(() -> SbomTimestamp.fromEnvironment(Map.of("SOURCE_DATE_EPOCH", bad), NOW))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SOURCE_DATE_EPOCH");
        }
    }

    @Test
    void keepsControlCharactersOfABadValueOutOfTheMessage() {
        assertThatThrownBy(() -> SbomTimestamp.fromEnvironment(Map.of("SOURCE_DATE_EPOCH", "12\u001b[2J"), NOW))
                .hasMessageNotContaining("\u001b");
    }
}
