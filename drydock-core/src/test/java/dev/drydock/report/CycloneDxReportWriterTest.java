package dev.drydock.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.model.SeverityRating;
import dev.drydock.model.Severity;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.vulnerability.Vulnerability;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.drydock.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class CycloneDxReportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> schemaErrors(byte[] bom) throws Exception {
        return new JsonParser().validate(bom, Version.VERSION_16).stream().map(Throwable::getMessage).toList();
    }

    private static Bom parse(ScanReport report) throws Exception {
        return new JsonParser().parse(write(new CycloneDxReportWriter(), report));
    }

    private static Vulnerability vulnerability(Bom bom, String id, String ref) {
        return bom.getVulnerabilities().stream()
                .filter(v -> v.getId().equals(id) && v.getAffects().get(0).getRef().equals(ref)).findFirst().orElseThrow();
    }

    @Test
    void isValidAgainstTheCycloneDx16Schema() throws Exception {
        for (ScanReport report : List.of(sample(), report(overriddenGate()), report(List.of(), passingGate(), List.of()),
                report(with(allFindings(), hostile("<b>\u001b[31m")), failingGate(), List.of()))) {
            byte[] bom = write(new CycloneDxReportWriter(), report);
            assertThat(schemaErrors(bom)).isEmpty();
            JsonNode tree = JSON.readTree(bom);
            assertThat(tree.path("bomFormat").asText()).isEqualTo("CycloneDX");
            assertThat(tree.path("specVersion").asText()).isEqualTo("1.6");
            assertThat(tree.path("serialNumber").asText()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void makesTheImageTheSubjectAndEachAffectedPackageAComponentKeyedByPurl() throws Exception {
        Bom bom = parse(sample());

        Component image = bom.getMetadata().getComponent();
        assertThat(image.getType()).isEqualTo(Component.Type.CONTAINER);
        assertThat(image.getName()).isEqualTo("registry.example.com/shop/api");
        assertThat(image.getVersion()).isEqualTo(MANIFEST.toString());
        assertThat(bom.getMetadata().getTimestamp().toInstant()).isEqualTo(CREATED);
        assertThat(bom.getMetadata().getToolChoice().getComponents().get(0).getVersion()).isEqualTo(TOOL_VERSION);
        // libssl3 has two findings but is one component.
        assertThat(bom.getComponents()).extracting(Component::getBomRef).containsExactly(LOG4J_PURL,
                "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12", LIBSSL_PURL,
                "pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64&distro=debian-12", "pkg:deb/debian/apt@2.6.1?arch=amd64&distro=debian-12");
        assertThat(bom.getComponents().get(0).getPurl()).isEqualTo(LOG4J_PURL);
        assertThat(bom.getComponents().get(0).getVersion()).isEqualTo("2.14.1");
    }

    @Test
    void writesEveryRatingWithItsMethodVectorAndScore() throws Exception {
        Vulnerability log4shell = vulnerability(parse(sample()), "CVE-2021-44228", LOG4J_PURL);

        assertThat(log4shell.getRatings()).extracting(r -> r.getSource().getName(), Vulnerability.Rating::getScore,
                        Vulnerability.Rating::getSeverity, Vulnerability.Rating::getMethod, Vulnerability.Rating::getVector)
                .containsExactly(
                        tuple("ghsa", 10.0, Vulnerability.Rating.Severity.CRITICAL, Vulnerability.Rating.Method.CVSSV31, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),
                        tuple("nvd", 10.0, Vulnerability.Rating.Severity.CRITICAL, Vulnerability.Rating.Method.CVSSV31, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),
                        tuple("nvd", 9.3, Vulnerability.Rating.Severity.MEDIUM, Vulnerability.Rating.Method.CVSSV2, "AV:N/AC:M/Au:N/C:C/I:C/A:C"));
        assertThat(CycloneDxReportWriter.method(new SeverityRating("x", Severity.HIGH, "4.0", "CVSS:4.0/AV:N", 8.7)))
                .isEqualTo(Vulnerability.Rating.Method.CVSSV4);
        assertThat(CycloneDxReportWriter.method(new SeverityRating("x", Severity.HIGH, "9.9", null, 8.0)))
                .isEqualTo(Vulnerability.Rating.Method.OTHER);
        assertThat(CycloneDxReportWriter.method(SeverityRating.of("debian", Severity.LOW))).isNull();
    }

    @Test
    void describesAVulnerabilityWithItsSourceAliasesCwesAndAffectedVersions() throws Exception {
        Bom bom = parse(sample());
        Vulnerability log4shell = vulnerability(bom, "CVE-2021-44228", LOG4J_PURL);

        assertThat(log4shell.getSource().getName()).isEqualTo("osv");
        assertThat(log4shell.getSource().getUrl()).isEqualTo("https://github.com/advisories/GHSA-jfh8-c2jp-5v3q");
        assertThat(log4shell.getReferences()).extracting(Vulnerability.Reference::getId, r -> r.getSource().getName(), r -> r.getSource().getUrl())
                .containsExactly(tuple("GHSA-jfh8-c2jp-5v3q", "GitHub Advisory Database", "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q"));
        assertThat(log4shell.getCwes()).containsExactly(502, 400, 20);
        assertThat(log4shell.getDescription()).startsWith("Apache Log4j2");
        assertThat(log4shell.getAdvisories()).hasSize(2);
        assertThat(log4shell.getRecommendation()).isEqualTo("Upgrade log4j-core to 2.15.0");
        assertThat(log4shell.getAnalysis()).isNull();
        assertThat(log4shell.getAffects().get(0).getVersions()).extracting(Vulnerability.Version::getVersion, Vulnerability.Version::getStatus)
                .containsExactly(tuple("2.14.1", Vulnerability.Version.Status.AFFECTED), tuple("2.15.0", Vulnerability.Version.Status.UNAFFECTED));
        assertThat(log4shell.getProperties()).extracting(p -> p.getName() + "=" + p.getValue())
                .contains("drydock:kev:dateAdded=2021-12-10", "drydock:epss:score=0.94358", "drydock:severitySource=ghsa");

        Vulnerability openssl = vulnerability(bom, "CVE-2023-5363", LIBSSL_PURL);
        assertThat(openssl.getReferences().get(0).getSource().getUrl()).isEqualTo("https://security-tracker.debian.org/tracker/DSA-5532-1");
        assertThat(openssl.getRecommendation()).isEqualTo("Upgrade libssl3 to 3.0.11-1~deb12u2");
    }

    @Test
    void analysesEachSuppressionInCycloneDxTerms() throws Exception {
        Bom bom = parse(sample());

        Vulnerability vex = vulnerability(bom, "CVE-2023-45853", "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12");
        assertThat(vex.getAnalysis().getState()).isEqualTo(Vulnerability.Analysis.State.NOT_AFFECTED);
        assertThat(vex.getAnalysis().getJustification()).isEqualTo(Vulnerability.Analysis.Justification.CODE_NOT_PRESENT);
        assertThat(vex.getAnalysis().getDetail()).isEqualTo(
                "vex: vulnerable_code_not_present: minizip is not part of the zlib1g binary (vex/debian-base.openvex.json)");
        assertThat(vex.getAffects().get(0).getVersions().get(0).getStatus()).isEqualTo(Vulnerability.Version.Status.UNAFFECTED);

        Vulnerability ignored = vulnerability(bom, "CVE-2023-4039", "pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64&distro=debian-12");
        assertThat(ignored.getAnalysis().getState()).isEqualTo(Vulnerability.Analysis.State.FALSE_POSITIVE);
        assertThat(ignored.getAnalysis().getDetail()).contains("image runs on amd64 only").contains("until 2027-01-31");

        Vulnerability unfixed = vulnerability(bom, "CVE-2011-3374", "pkg:deb/debian/apt@2.6.1?arch=amd64&distro=debian-12");
        assertThat(unfixed.getAnalysis().getState()).isEqualTo(Vulnerability.Analysis.State.IN_TRIAGE);
        assertThat(unfixed.getAnalysis().getResponses()).containsExactly(Vulnerability.Analysis.Response.CAN_NOT_FIX);
        assertThat(unfixed.getRatings()).extracting(Vulnerability.Rating::getSeverity).containsExactly(Vulnerability.Rating.Severity.INFO);
        assertThat(unfixed.getRecommendation()).isNull();
    }

    @Test
    void mapsVexJustificationsInEitherVocabulary() {
        assertThat(CycloneDxReportWriter.justification("vulnerable_code_not_in_execute_path"))
                .isEqualTo(Vulnerability.Analysis.Justification.CODE_NOT_REACHABLE);
        assertThat(CycloneDxReportWriter.justification("protected_at_runtime: seccomp"))
                .isEqualTo(Vulnerability.Analysis.Justification.PROTECTED_AT_RUNTIME);
        assertThat(CycloneDxReportWriter.justification("we looked at it")).isNull();
    }

    @Test
    void writesTheSameBytesForTheSameReportAndADifferentSerialForADifferentOne() throws Exception {
        byte[] first = write(new CycloneDxReportWriter(), sample());
        assertThat(write(new CycloneDxReportWriter(), sample())).isEqualTo(first);
        String serial = JSON.readTree(first).path("serialNumber").asText();
        String other = JSON.readTree(write(new CycloneDxReportWriter(), report(List.of(openssl()), failingGate(), List.of())))
                .path("serialNumber").asText();
        assertThat(other).isNotEqualTo(serial);
    }
}
