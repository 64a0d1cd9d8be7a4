package dev.drydock.vulndb.nvd;

import dev.drydock.testing.TestImage;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real NVD API 2.0 documents, then each hostile shape: skipped with a warning or BadInputException. */
class NvdParserTest {
    private final Warnings warnings = new Warnings();
    private final NvdParser parser = new NvdParser(NvdLimits.DEFAULT, warnings);

    static InputStream fixture(String name) {
        InputStream in = NvdParserTest.class.getResourceAsStream("/fixtures/nvd/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    private static InputStream json(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String page(String... cves) {
        return "{\"resultsPerPage\":" + cves.length + ",\"startIndex\":0,\"totalResults\":" + cves.length
                + ",\"vulnerabilities\":[" + String.join(",", cves) + "]}";
    }

    private static String cve(String id, String metricsV31) {
        return "{\"cve\":{\"id\":\"" + id + "\",\"published\":\"2024-01-01T00:00:00.000\",\"vulnStatus\":\"Analyzed\","
                + "\"metrics\":{\"cvssMetricV31\":[" + metricsV31 + "]}}}";
    }

    private static String v31(String source, Object score) {
        return "{\"source\":\"" + source + "\",\"type\":\"Secondary\",\"cvssData\":{\"version\":\"3.1\","
                + "\"vectorString\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\",\"baseScore\":" + score
                + ",\"baseSeverity\":\"CRITICAL\"}}";
    }

    @Test
    void fullPageKeepsEveryMetricWithItsSource() {
        List<NvdCve> cves = new ArrayList<>();
        NvdReadSummary summary = parser.read(fixture("full-page.json"), cves::add);

        assertThat(summary).isEqualTo(new NvdReadSummary(38, 0, 0, 38));
        assertThat(warnings.list()).isEmpty();
        NvdCve first = cves.get(0);
        assertThat(first.id()).isEqualTo("CVE-2023-27314");
        assertThat(first.vulnStatus()).isEqualTo("Analyzed");
        assertThat(first.isRejected()).isFalse();
        assertThat(first.published()).isEqualTo(Instant.parse("2023-10-12T19:15:11.747Z"));
        assertThat(first.cwes()).containsExactly("NVD-CWE-noinfo", "CWE-400");
        assertThat(first.metrics()).extracting(NvdCvssMetric::source, NvdCvssMetric::type, NvdCvssMetric::baseScore)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("nvd@nist.gov", NvdMetricType.PRIMARY, 7.5),
                        org.assertj.core.groups.Tuple.tuple("security-alert@netapp.com", NvdMetricType.SECONDARY, 7.5));

        NvdCve ibm = cves.stream().filter(c -> c.id().equals("CVE-2021-29913")).findFirst().orElseThrow();
        assertThat(ibm.cwes()).containsExactly("CWE-20"); // NVD and IBM both name CWE-20: kept once
        assertThat(ibm.metrics()).extracting(NvdCvssMetric::vectorString).containsExactly(
                "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:L/A:N",
                "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:H/I:L/A:N");

        NvdCve noMetrics = cves.stream().filter(c -> c.id().equals("CVE-2023-43250")).findFirst().orElseThrow();
        assertThat(noMetrics.vulnStatus()).isEqualTo("Awaiting Analysis");
        assertThat(noMetrics.metrics()).isEmpty();
        assertThat(noMetrics.cwes()).isEmpty();
    }

    @Test
    void singleEntryPageReadsV2AndV31() {
        List<NvdCve> cves = parser.readAll(fixture("single-entry.json"));

        assertThat(cves).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("CVE-2022-1576");
            assertThat(c.vulnStatus()).isEqualTo("Modified");
            assertThat(c.cwes()).containsExactly("CWE-352");
            assertThat(c.description()).isNotBlank();
            assertThat(c.metrics()).containsExactly(
                    // v2 has its severity beside cvssData, not inside it
                    new NvdCvssMetric(NvdCvssVersion.V2, "nvd@nist.gov", NvdMetricType.PRIMARY,
                            "AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3, "MEDIUM"),
                    new NvdCvssMetric(NvdCvssVersion.V3_1, "nvd@nist.gov", NvdMetricType.PRIMARY,
                            "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N", 6.5, "MEDIUM"));
        });
    }

    @Test
    void singleCveObjectWithCvss4AndEnglishDescription() {
        NvdReadSummary summary;
        List<NvdCve> cves = new ArrayList<>();
        summary = parser.read(fixture("CVE-2017-5638-cvssv4-rating.json"), cves::add);

        assertThat(summary.totalResults()).isEqualTo(-1);
        NvdCve c = cves.get(0);
        assertThat(c.id()).isEqualTo("CVE-2017-5638");
        assertThat(c.lastModified()).isEqualTo(Instant.parse("2021-02-24T12:15:16.283Z"));
        assertThat(c.description()).startsWith("The Jakarta Multipart parser in Apache Struts 2");
        assertThat(c.cwes()).containsExactly("CWE-20");
        assertThat(c.metrics()).containsExactly(new NvdCvssMetric(NvdCvssVersion.V4_0, "nvd@nist.gov", NvdMetricType.PRIMARY,
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0, "CRITICAL"));

        NvdCve fortinet = parser.readAll(fixture("cve-2024-23113.json")).get(0);
        assertThat(fortinet.id()).isEqualTo("CVE-2024-23113");
        assertThat(fortinet.cwes()).containsExactly("CWE-134");
        assertThat(fortinet.metrics()).extracting(NvdCvssMetric::source).containsExactly("nvd@nist.gov", "psirt@fortinet.com");
        assertThat(fortinet.metrics()).allSatisfy(m -> assertThat(m.baseScore()).isEqualTo(9.8));
    }

    @Test
    void gzipPageIsDetectedByMagic() throws IOException {
        byte[] plain;
        try (InputStream in = fixture("single-entry.json")) {
            plain = in.readAllBytes();
        }
        assertThat(parser.readAll(new ByteArrayInputStream(TestImage.gzip(plain)))).extracting(NvdCve::id).containsExactly("CVE-2022-1576");
    }

    @Test
    void rejectedCveIsMarked() {
        String rejected = "{\"cve\":{\"id\":\"CVE-2023-0001\",\"vulnStatus\":\"Rejected\",\"descriptions\":[{\"lang\":\"en\",\"value\":\"** REJECT **\"}]}}";
        assertThat(parser.readAll(json(page(rejected)))).singleElement().satisfies(c -> assertThat(c.isRejected()).isTrue());
    }

    @Test
    void malformedJsonRejectsTheDocument() {
        assertThatThrownBy(() -> parser.readAll(json("{\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-1\"")))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("malformed NVD JSON");
        assertThatThrownBy(() -> parser.readAll(json("[]"))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parser.readAll(json("{\"foo\":1}"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("neither");
        assertThatThrownBy(() -> parser.readAll(json(page() + "{}"))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parser.readAll(json("{\"cve\":{\"id\":\"CVE-1\",\"id\":\"CVE-2\"}}")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Duplicate");
    }

    @Test
    void wrongTypesSkipTheCveWithAWarning() {
        List<NvdCve> cves = parser.readAll(json(page(
                "{\"cve\":{\"id\":42}}",
                "{\"cve\":{\"id\":\"CVE-2024-0002\",\"published\":\"yesterday\"}}",
                "{\"cve\":{\"id\":\"CVE-2024-0003\",\"metrics\":[]}}",
                "\"not an object\"",
                cve("CVE-2024-0005", v31("a@b", "9.8")))));

        assertThat(cves).extracting(NvdCve::id).containsExactly("CVE-2024-0005");
        assertThat(warnings.list()).hasSize(4).allSatisfy(w -> assertThat(w).startsWith("NVD: skipped "));
    }

    @Test
    void scoreOutOfRangeDropsOnlyThatMetric() {
        List<NvdCve> cves = parser.readAll(json(page(cve("CVE-2024-0001",
                v31("bad@example", "11.0") + "," + v31("neg@example", "-1") + "," + v31("str@example", "\"9.8\"") + ","
                        + v31("good@example", "9.8")))));

        assertThat(cves.get(0).metrics()).extracting(NvdCvssMetric::source).containsExactly("good@example");
        assertThat(warnings.list()).hasSize(3).anySatisfy(w -> assertThat(w).contains("outside [0,10]"));
    }

    @Test
    void hugeStringsAreBounded() {
        NvdParser small = new NvdParser(new NvdLimits(1 << 20, 100, 20_000, 100, 4), warnings);
        String longDescription = "x".repeat(10_000);
        String withDescription = "{\"cve\":{\"id\":\"CVE-2024-0001\",\"descriptions\":[{\"lang\":\"en\",\"value\":\"" + longDescription + "\"}]}}";
        assertThat(small.readAll(json(page(withDescription))).get(0).description()).hasSize(100);
        assertThat(warnings.list()).anySatisfy(w -> assertThat(w).contains("description cut"));

        String longId = "{\"cve\":{\"id\":\"CVE-" + "1".repeat(5000) + "\"}}";
        assertThat(small.readAll(json(page(longId)))).isEmpty();

        String hugeString = "{\"cve\":{\"id\":\"CVE-2024-0001\",\"x\":\"" + "y".repeat(30_000) + "\"}}";
        assertThatThrownBy(() -> small.readAll(json(page(hugeString)))).isInstanceOf(BadInputException.class);
    }

    @Test
    void tooManyListItemsAndCvesAreBounded() {
        NvdParser small = new NvdParser(new NvdLimits(1 << 20, 3, 20_000, 100, 2), warnings);
        List<NvdCve> cves = small.readAll(json(page(cve("CVE-2024-0001",
                v31("a@x", 1) + "," + v31("b@x", 2) + "," + v31("c@x", 3)))));
        assertThat(cves.get(0).metrics()).hasSize(2);

        String[] many = new String[4];
        for (int i = 0; i < many.length; i++) many[i] = cve("CVE-2024-000" + i, "");
        assertThatThrownBy(() -> small.readAll(json(page(many)))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("more than 3 CVEs");
    }

    @Test
    void gzipBombIsCutAtTheDocumentCap() {
        // ~16 MB of whitespace inside a valid page compresses to a few KB.
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes("{\"vulnerabilities\":[".getBytes(StandardCharsets.UTF_8));
        raw.writeBytes(new byte[0]);
        byte[] spaces = " ".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 256; i++) raw.writeBytes(spaces);
        raw.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        byte[] bomb = TestImage.gzip(raw.toByteArray());
        assertThat(bomb.length).isLessThan(100_000);

        NvdParser small = new NvdParser(new NvdLimits(1 << 20, 100, 20_000, 100, 4), warnings);
        assertThatThrownBy(() -> small.readAll(new ByteArrayInputStream(bomb)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("exceeds");
    }

}
