package dev.drydock.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.match.Cvss.Version;
import dev.drydock.model.Severity;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CvssTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Path> jsonFiles(String dir) throws IOException {
        try (Stream<Path> s = Files.list(Fixtures.path(dir))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Every cvssData object in an NVD API 2.0 document, with the metric object around it. */
    private static void cvssData(JsonNode node, JsonNode parent, List<JsonNode[]> out) {
        if (node.isObject()) {
            if (node.has("vectorString") && node.has("baseScore")) out.add(new JsonNode[]{node, parent});
            node.fields().forEachRemaining(e -> cvssData(e.getValue(), node, out));
        } else if (node.isArray()) {
            node.forEach(n -> cvssData(n, parent, out));
        }
    }

    @Test
    void reproducesEveryScoreNvdPublishedInTheFixtures() throws IOException {
        int scored = 0, v4 = 0;
        List<String> mismatches = new ArrayList<>();
        for (Path f : jsonFiles("nvd")) {
            List<JsonNode[]> found = new ArrayList<>();
            cvssData(JSON.readTree(f.toFile()), null, found);
            for (JsonNode[] d : found) {
                String vector = d[0].get("vectorString").asText();
                double nvd = d[0].get("baseScore").asDouble();
                Cvss.Vector v = Cvss.parse(vector);
                assertThat(v.version().label()).isEqualTo(d[0].get("version").asText());
                assertThat(v.toString()).isEqualTo(vector);
                // v3/v4 carry baseSeverity in cvssData, v2 one level up (cvssMetricV2[].baseSeverity).
                String nvdSeverity = d[0].has("baseSeverity") ? d[0].get("baseSeverity").asText() : d[1].path("baseSeverity").asText(null);
                if (v.version() == Version.V4_0) {
                    v4++;
                    assertThat(v.baseScore()).isEmpty();
                    assertThat(Cvss.severity(Version.V4_0, nvd)).isEqualTo(Severity.parse(nvdSeverity));
                    continue;
                }
                scored++;
                if (v.baseScore().getAsDouble() != nvd) mismatches.add(f.getFileName() + ": " + vector + " nvd " + nvd + " got " + v.baseScore());
                assertThat(nvdSeverity).as(vector).isNotNull();
                assertThat(v.severity()).as(vector).contains(Severity.parse(nvdSeverity));
            }
        }
        assertThat(mismatches).isEmpty();
        // 51 v3.1 scores, one v2 score and one v4.0 vector in the four NVD fixtures: the walk really saw them.
        assertThat(scored).isEqualTo(52);
        assertThat(v4).isEqualTo(1);
    }

    /** OSV/GHSA records carry only the vector; GitHub's qualitative rating must match the computed score. */
    @Test
    void ratesOsvAndGhsaVectorsAsGithubDid() throws IOException {
        List<Path> files = new ArrayList<>(jsonFiles("osv"));
        files.addAll(jsonFiles("cvss/ghsa"));
        int vectors = 0, rated = 0;
        for (Path f : files) {
            JsonNode rec = JSON.readTree(f.toFile());
            String ghsaSeverity = rec.path("database_specific").path("severity").asText(null);
            for (JsonNode s : rec.path("severity")) {
                String type = s.path("type").asText();
                if (!type.startsWith("CVSS_")) continue; // e.g. Ubuntu's own priority words
                Cvss.Vector v = Cvss.parse(s.path("score").asText());
                vectors++;
                assertThat(type).isEqualTo(switch (v.version()) {
                    case V2 -> "CVSS_V2";
                    case V3_0, V3_1 -> "CVSS_V3";
                    case V4_0 -> "CVSS_V4";
                });
                if (ghsaSeverity != null && v.version() != Version.V4_0) {
                    rated++;
                    assertThat(v.severity()).as(f.getFileName() + " " + v).contains(Severity.parse(ghsaSeverity));
                }
            }
        }
        assertThat(vectors).isEqualTo(35);
        assertThat(rated).isEqualTo(34);
    }

    /** Worked examples of the specifications' own documents (v3.1 Examples; v2 Complete Guide 3.3). */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            // CVSS v3.1 Specification Examples (first.org/cvss/v3.1/examples)
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1", // CVE-2013-1937 phpMyAdmin reflected XSS
            "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N, 6.4", // CVE-2013-0375 MySQL stored SQL injection
            "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N, 3.1", // CVE-2014-3566 SSLv3 POODLE
            "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H, 9.9", // CVE-2012-1516 VMware guest to host escape
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N, 7.5", // CVE-2014-0160 Heartbleed
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8", // CVE-2014-6271 Shellshock
            "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N, 6.8", // CVE-2008-1447 DNS cache poisoning
            "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 6.8", // CVE-2014-2005 Sophos login screen bypass
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N, 5.8", // CVE-2010-0467 Joomla directory traversal
            "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H, 9.3", // CVE-2013-6014 Juniper proxy ARP
            "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H, 7.8", // CVE-2009-0658 Adobe JBIG2
            "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N, 4.6", // CVE-2014-2019 iOS iCloud settings
            "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N, 7.4", // CVE-2014-0224 OpenSSL CCS injection
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H, 9.6", // CVE-2012-5376 Chrome IPC sandbox escape
            "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N, 6.8", // CVE-2016-0128 Badlock
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1", // the same vectors under v3.0
            "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H, 9.9",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0", // no impact: 0 whatever the exploitability
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N, 0.0",
            // CVSS v2 Complete Guide, 3.3 Equations examples
            "AV:N/AC:L/Au:N/C:N/I:N/A:C, 7.8", // CVE-2002-0392 Apache chunked encoding
            "AV:N/AC:L/Au:N/C:C/I:C/A:C, 10.0", // CVE-2003-0818 Microsoft ASN.1
            "AV:L/AC:H/Au:N/C:C/I:C/A:C, 6.2", // CVE-2003-0062 NOD32 buffer overflow
            "(AV:N/AC:L/Au:N/C:P/I:P/A:P), 7.5", // parenthesised, as the guide prints vectors
            "CVSS:2.0/AV:N/AC:M/Au:N/C:N/I:P/A:N, 4.3",
            "AV:N/AC:L/Au:N/C:N/I:N/A:N, 0.0",
            "AV:L/AC:H/Au:M/C:P/I:N/A:N, 0.8", // the weakest exploitability with some impact
            "AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H, 10.0", // temporal+env ignored
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:W/RC:C, 6.1",
    })
    void specificationExamples(String vector, double score) {
        assertThat(Cvss.parse(vector).baseScore()).hasValue(score);
        assertThat(Cvss.baseScore(vector)).hasValue(score);
    }

    @Test
    void roundingFunctionsAsSpecified() {
        // v3.1 Appendix A and v3.0 section 8: Roundup(4.02) = 4.1, Roundup(4.00) = 4.0.
        assertThat(Cvss.roundUp31(4.02)).isEqualTo(4.1);
        assertThat(Cvss.roundUp31(4.00)).isEqualTo(4.0);
        assertThat(Cvss.roundUp30(4.02)).isEqualTo(4.1);
        assertThat(Cvss.roundUp30(4.00)).isEqualTo(4.0);
        // The reason for Appendix A: binary floating point leaves 4.000000000000001 where 4.0 was meant.
        assertThat(Cvss.roundUp31(4.000000000000001)).isEqualTo(4.0);
        assertThat(Cvss.roundUp30(4.000000000000001)).isEqualTo(4.1);
        assertThat(Cvss.roundUp31(10.0)).isEqualTo(10.0);
        assertThat(Cvss.roundUp31(0.0)).isEqualTo(0.0);
        assertThat(Cvss.roundToOneDecimal(4.25)).isEqualTo(4.3);
        assertThat(Cvss.roundToOneDecimal(4.2499)).isEqualTo(4.2);
    }

    /** The class comment claims v3.0 and v3.1 base scores never differ; check it over all 2592 base vectors. */
    @Test
    void v30AndV31AgreeOnEveryBaseVectorAndStayInRange() {
        int n = 0;
        for (String av : List.of("N", "A", "L", "P"))
            for (String ac : List.of("L", "H"))
                for (String pr : List.of("N", "L", "H"))
                    for (String ui : List.of("N", "R"))
                        for (String s : List.of("U", "C"))
                            for (String c : List.of("H", "L", "N"))
                                for (String i : List.of("H", "L", "N"))
                                    for (String a : List.of("H", "L", "N")) {
                                        String body = "AV:" + av + "/AC:" + ac + "/PR:" + pr + "/UI:" + ui + "/S:" + s + "/C:" + c + "/I:" + i + "/A:" + a;
                                        double v31 = Cvss.baseScore("CVSS:3.1/" + body).getAsDouble();
                                        assertThat(Cvss.baseScore("CVSS:3.0/" + body)).hasValue(v31);
                                        assertThat(v31).isBetween(0.0, 10.0);
                                        assertThat(Math.round(v31 * 10) / 10.0).isEqualTo(v31);
                                        n++;
                                    }
        assertThat(n).isEqualTo(2592);
    }

    @ParameterizedTest(name = "v2 {0} → {1}")
    @CsvSource({"0.0, LOW", "3.9, LOW", "4.0, MEDIUM", "6.9, MEDIUM", "7.0, HIGH", "10.0, HIGH"})
    void v2SeverityUsesNvdRanges(double score, Severity expected) {
        assertThat(Cvss.severity(Version.V2, score)).isEqualTo(expected);
    }

    @Test
    void v3AndV4SeverityUseTheSpecificationTable() {
        assertThat(Cvss.severity(Version.V3_1, 0.0)).isEqualTo(Severity.NEGLIGIBLE);
        assertThat(Cvss.severity(Version.V3_1, 9.0)).isEqualTo(Severity.CRITICAL);
        assertThat(Cvss.severity(Version.V4_0, 8.9)).isEqualTo(Severity.HIGH);
        assertThat(Cvss.parse("AV:N/AC:L/Au:N/C:C/I:C/A:C").severity()).contains(Severity.HIGH); // 10.0 is only High in v2
    }

    @Test
    void v4IsValidatedButNotScored() {
        Cvss.Vector v = Cvss.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/E:A/MSI:S/U:Amber/R:A");
        assertThat(v.version()).isEqualTo(Version.V4_0);
        assertThat(v.metric("VA")).isEqualTo("H");
        assertThat(v.metric("U")).isEqualTo("Amber");
        assertThat(v.baseScore()).isEmpty();
        assertThat(v.severity()).isEmpty();
        assertThatThrownBy(() -> Cvss.parse("CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"))
                .isInstanceOf(InvalidCvssException.class).hasMessageContaining("missing base metric AT");
        assertThatThrownBy(() -> Cvss.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"))
                .isInstanceOf(InvalidCvssException.class).hasMessageContaining("invalid value for UI");
        assertThatThrownBy(() -> Cvss.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:S/SA:N"))
                .isInstanceOf(InvalidCvssException.class).hasMessageContaining("invalid value for SI"); // S only in MSI
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:N | duplicate metric AV",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H | missing base metric A",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ | not METRIC:VALUE",
            "CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H | not METRIC:VALUE",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X | invalid value for A",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y | unknown metric XX",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/Au:N | unknown metric Au",
            "CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H | invalid value for AV",
            "cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H | unknown metric cvss",
            "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H | unknown CVSS version",
            "CVSS:3.1 | no metrics",
            "CVSS:3.1/ | not METRIC:VALUE",
            "(CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H) | only v2",
            "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H | unknown metric PR",
            "AV:N/AC:L/Au:N/C:P/I:P | missing base metric A",
            "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X | invalid value for E",
            "AV:N/AC:L/Au:N/C:P/I:P/A:P:P | not METRIC:VALUE",
            "() | not METRIC:VALUE",
            "( | not METRIC:VALUE",
            "garbage | not METRIC:VALUE",
    })
    void rejectsInvalidVectorsWithAReason(String vector, String reason) {
        assertThatThrownBy(() -> Cvss.parse(vector)).isInstanceOf(InvalidCvssException.class).hasMessageContaining(reason);
        assertThat(Cvss.tryParse(vector)).isEmpty();
        assertThat(Cvss.baseScore(vector)).isEmpty();
    }

    @Test
    void surroundingBlanksAreNotPartOfAVector() {
        // Strict: a vector with blanks around it came from a broken feed field; say so rather than guess.
        assertThat(Cvss.tryParse(" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).isEmpty();
        assertThat(Cvss.tryParse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n")).isEmpty();
        assertThat(Cvss.tryParse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/ A:H")).isEmpty();
    }

    @Test
    void hostileInputNeverCrashes() {
        List<String> inputs = new ArrayList<>(List.of("", ":", "/", "//", "(", ")", "CVSS:", "CVSS:/", "\u0000",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\u0000", "CVSS:3.1/AV:Ｎ/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                "CVSS:3.1/" + "AV:N/".repeat(60), "AV:N/".repeat(100_000), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:" + "X".repeat(300),
                "\u001b[31mCVSS:3.1", "a".repeat(1_000_000)));
        Random r = new Random(11);
        String[] tokens = {"CVSS:", "3.1", "3.0", "4.0", "2.0", "/", ":", "AV", "N", "L", "H", "C", "S", "U", "(", ")", "Au", "X", "PR", "E"};
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(30);
            for (int k = 0; k < n; k++) sb.append(tokens[r.nextInt(tokens.length)]);
            inputs.add(sb.toString());
        }
        for (String in : inputs) {
            try {
                Cvss.Vector v = Cvss.parse(in);
                // Whatever parses must round-trip and score within range.
                assertThat(Cvss.parse(v.toString())).isEqualTo(v);
                v.baseScore().ifPresent(s -> assertThat(s).isBetween(0.0, 10.0));
            } catch (InvalidCvssException e) {
                assertThat(e.getMessage().length()).isLessThan(400);
                assertThat(e.getMessage()).doesNotContain("\u0000", "\u001b");
            }
        }
        assertThatThrownBy(() -> Cvss.parse(null)).isInstanceOf(InvalidCvssException.class);
        assertThatThrownBy(() -> Cvss.parse("AV:N/".repeat(52))).isInstanceOf(InvalidCvssException.class).hasMessageContaining("longer than 256");
    }
}
