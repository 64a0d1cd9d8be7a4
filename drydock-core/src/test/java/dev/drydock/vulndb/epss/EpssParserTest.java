package dev.drydock.vulndb.epss;

import dev.drydock.testing.TestImage;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FIRST's CSV as published (plain and gzip), then each hostile shape: skipped with a warning or BadInputException. */
class EpssParserTest {
    private static final String MODEL = "#model_version:v2023.03.01,score_date:2025-02-20T00:00:00+0000\n";
    private static final String HEADER = "cve,epss,percentile\n";

    private final Warnings warnings = new Warnings();
    private final EpssParser parser = new EpssParser(EpssLimits.DEFAULT, warnings);

    private static byte[] fixture(String name) {
        try (InputStream in = EpssParserTest.class.getResourceAsStream("/fixtures/epss/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream csv(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }


    @Test
    void realFilePlainAndGzip() {
        for (byte[] bytes : List.of(fixture("example-1.csv"), TestImage.gzip(fixture("example-1.csv")))) {
            List<EpssScore> scores = new ArrayList<>();
            EpssReadSummary summary = parser.read(new ByteArrayInputStream(bytes), scores::add);

            assertThat(summary).isEqualTo(new EpssReadSummary(
                    new EpssModel("v2023.03.01", Instant.parse("2025-02-20T00:00:00Z")), 5, 0));
            assertThat(scores).startsWith(new EpssScore("CVE-1999-0001", 0.00383, 0.73075))
                    .endsWith(new EpssScore("CVE-1999-0005", 0.91963, 0.99214));
        }
        assertThat(warnings.list()).isEmpty();
    }

    @Test
    void missingDateOrModelLineIsAWarning() {
        EpssReadSummary summary = parser.read(new ByteArrayInputStream(fixture("missing-date.csv")), s -> { });
        assertThat(summary.model()).isEqualTo(new EpssModel("v2023.03.01", null));
        assertThat(summary.records()).isEqualTo(5);
        assertThat(warnings.list()).containsExactly("EPSS: model line has no readable score_date");

        assertThat(parser.readAll(csv(HEADER + "CVE-2024-0001,0.5,0.6\r\n"))).containsExactly(new EpssScore("CVE-2024-0001", 0.5, 0.6));
        assertThat(warnings.list()).contains("EPSS: file has no #model_version line; model unknown");
    }

    @Test
    void wrongOrMissingHeaderRejectsTheFile() {
        assertThatThrownBy(() -> parser.readAll(new ByteArrayInputStream(fixture("invalid-header.csv"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("invalid,header,format");
        assertThatThrownBy(() -> parser.readAll(csv(MODEL + "cve,percentile,epss\n"))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parser.readAll(csv(MODEL + "CVE-2024-0001,0.5,0.6\n"))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parser.readAll(csv(MODEL))).isInstanceOf(BadInputException.class).hasMessageContaining("end of file");
        assertThatThrownBy(() -> parser.readAll(csv(""))).isInstanceOf(BadInputException.class).hasMessageContaining("empty");
    }

    @Test
    void malformedRowsAndScoresOutOfRangeAreSkipped() {
        List<EpssScore> scores = parser.readAll(csv(MODEL + HEADER
                + "CVE-2024-0001,1.5,0.9\n"
                + "CVE-2024-0002,0.1,-0.1\n"
                + "CVE-2024-0003,NaN,0.5\n"
                + "CVE-2024-0004,abc,0.5\n"
                + "CVE-2024-0005,0.1\n"
                + "CVE-2024-0006,0.1,0.2,0.3\n"
                + "GHSA-xxxx,0.1,0.2\n"
                + "\n"
                + "CVE-2024-0009,1,0\n"));

        assertThat(scores).containsExactly(new EpssScore("CVE-2024-0009", 1.0, 0.0));
        assertThat(warnings.list()).hasSize(7)
                .contains("EPSS: skipped line 3: epss 1.5 outside [0,1]", "EPSS: skipped line 4: percentile -0.1 outside [0,1]");
    }

    @Test
    void hugeLinesAreSkippedNotBuffered() {
        EpssParser small = new EpssParser(new EpssLimits(1 << 20, 10, 100), warnings);
        List<EpssScore> scores = small.readAll(csv(MODEL + HEADER + "CVE-" + "9".repeat(100_000) + ",0.1,0.2\nCVE-2024-0002,0.1,0.2\n"));
        assertThat(scores).extracting(EpssScore::cve).containsExactly("CVE-2024-0002");
        assertThat(warnings.list()).containsExactly("EPSS: skipped line 3: longer than 100 characters");

        assertThatThrownBy(() -> small.readAll(csv("#" + "x".repeat(1000) + "\n" + HEADER))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> small.readAll(csv(MODEL + HEADER + "CVE-2024-0001,0.1,0.2\n".repeat(11))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("more than 10 rows");
    }

    @Test
    void gzipBombAndBadBytesRejectTheFile() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes((MODEL + HEADER).getBytes(StandardCharsets.UTF_8));
        byte[] blank = "\n".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 64; i++) raw.writeBytes(blank); // 4 MB of empty lines, a few KB gzipped
        byte[] bomb = TestImage.gzip(raw.toByteArray());
        assertThat(bomb.length).isLessThan(50_000);
        EpssParser small = new EpssParser(new EpssLimits(1 << 20, 10, 100), warnings);
        assertThatThrownBy(() -> small.readAll(new ByteArrayInputStream(bomb)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("exceeds");

        byte[] notUtf8 = (MODEL + HEADER + "CVE-2024-0001,0.1,0.2\n").getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[notUtf8.length + 2];
        System.arraycopy(notUtf8, 0, broken, 0, notUtf8.length);
        broken[notUtf8.length] = (byte) 0xC3;
        broken[notUtf8.length + 1] = (byte) 0x28;
        assertThatThrownBy(() -> parser.readAll(new ByteArrayInputStream(broken))).isInstanceOf(BadInputException.class);
        byte[] truncatedGzip = java.util.Arrays.copyOf(TestImage.gzip(fixture("example-1.csv")), 40);
        assertThatThrownBy(() -> parser.readAll(new ByteArrayInputStream(truncatedGzip))).isInstanceOf(BadInputException.class);
    }
}
