package dev.drydock.server.ingest;

import dev.drydock.image.BadInputException;
import dev.drydock.model.Digest;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtherImportersTest {
    // ---- Grype ----
    @Test
    void grypeJoinsGhsaOnItsCveAndKeepsTheSourcePackage() {
        ImportedReport r = Fixtures.read("grype", "grype/check_all_fields.json");
        assertThat(r.tool()).isEqualTo("grype");
        assertThat(r.toolVersion()).isEqualTo("0.28.0");
        assertThat(r.findingCount()).isEqualTo(6);
        ImportedScan scan = r.scans().get(0);
        assertThat(scan.subject().digest()).isEqualTo(Digest.parse("sha256:9d8825ab20ac86b40eb71495bece1608a302fb180384740697a28c2b0a5a0fc6"));
        assertThat(scan.subject().imageReference()).isEqualTo("vulnerable-image:latest");
        assertThat(scan.distro()).isEqualTo(new Distro("debian", "10"));

        ImportedFinding django = Fixtures.find(r, "CVE-2021-44420", "Django");
        assertThat(django.nativeId()).isEqualTo("GHSA-v6rh-hp5x-86rv");
        assertThat(django.aliases()).containsExactly("GHSA-v6rh-hp5x-86rv");
        assertThat(django.pkg().purl()).isEqualTo("pkg:pypi/django@3.2.9");
        assertThat(django.fixedVersion()).isEqualTo("3.2.10");
        assertThat(django.status()).isEqualTo(FindingStatus.FIXED);
        assertThat(django.severity()).isEqualTo(Severity.HIGH);

        ImportedFinding krb = Fixtures.find(r, "CVE-2004-0971", "libgssapi-krb5-2");
        assertThat(krb.severity()).isEqualTo(Severity.NEGLIGIBLE);
        assertThat(krb.rawSeverity()).isEqualTo("Negligible");
        assertThat(krb.severitySource()).isEqualTo("debian");
        assertThat(krb.status()).isEqualTo(FindingStatus.AFFECTED);
        assertThat(krb.pkg().sourceName()).isEqualTo("krb5");
        assertThat(krb.pkg().purlType()).isEqualTo("deb");
        assertThat(Fixtures.find(r, "CVE-2021-33574", "libc6").status()).isEqualTo(FindingStatus.WILL_NOT_FIX);
    }

    @Test
    void grypeGoModuleWithEpssAndRepoDigest() {
        ImportedReport r = Fixtures.read("grype", "grype/anchore_grype_epss_problem.json");
        ImportedFinding f = r.allFindings().get(0);
        assertThat(f.nativeId()).isEqualTo("GHSA-4374-p667-p6c8");
        assertThat(f.pkg().purl()).isEqualTo("pkg:golang/golang.org/x/net@v0.9.0");
        assertThat(f.severitySource()).isEqualTo("ghsa");
        assertThat(f.cvssScore()).isEqualTo(7.5);

        ImportedReport busy = Fixtures.read("grype", "grype/many_vulns_with_epss_values.json");
        assertThat(busy.findingCount()).isEqualTo(15);
        assertThat(busy.scans().get(0).subject().repoDigests()).containsExactly("busybox@sha256:ae39a6f5c07297d7ab64dbd4f82c77c874cc6a94cea29fdec309d0992574b4f7");
        assertThat(busy.scans().get(0).subject().digest()).isEqualTo(Digest.parse("sha256:123b1fd3a44eaaf7322e08e9175d9ca57d49ebf2955d4fa1f5607e99dc31bcbb"));
    }

    @Test
    void grypeBinaryPackageKeepsNoPurlTypeAndItsVersionIsCleaned() {
        ImportedFinding f = Fixtures.read("grype", "grype/fix_available.json").allFindings().get(0);
        assertThat(f.pkg().purlType()).isNull();
        assertThat(f.pkg().name()).isEqualTo("java");
        assertThat(f.pkg().version()).isEqualTo("17.0.10+7?-J-ms8m");
        assertThat(f.severitySource()).isEqualTo("nvd");
    }

    @Test
    void trivyReportGivenAsGrypeIsRefused() {
        assertThatThrownBy(() -> Fixtures.read("grype", "trivy/debian-buster.json.golden"))
                .isInstanceOf(WrongFormatException.class).hasMessage("this looks like a Trivy JSON report, not Grype JSON (use --scanner trivy)");
    }

    // ---- trivy-operator ----
    @Test
    void trivyOperatorReportWithDigestAndPackageType() {
        ImportedReport r = Fixtures.read("trivy", "trivy-operator/vulnerabilityreport_extended.json");
        assertThat(r.toolVersion()).isEqualTo("0.48.3");
        ImportedScan s = r.scans().get(0);
        assertThat(s.subject().imageReference()).startsWith("docker.io/library/ubuntu:20.04");
        assertThat(s.distro()).isEqualTo(new Distro("ubuntu", "20.04"));
        ImportedFinding f = Fixtures.find(r, "CVE-2024-0553", "libgnutls30");
        assertThat(f.pkg().purl()).isEqualTo("pkg:deb/ubuntu/libgnutls30@3.6.13-2ubuntu1.9?distro=ubuntu-20.04");
        assertThat(f.fixedVersion()).isEqualTo("3.6.13-2ubuntu1.10");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.cvssScore()).isEqualTo(5.9);
    }

    @Test
    void trivyOperatorTagOnlyReportAndDictOfLists() {
        ImportedReport many = Fixtures.read("trivy", "trivy-operator/vulnerabilityreport_many.json");
        assertThat(many.findingCount()).isEqualTo(41);
        assertThat(many.scans().get(0).subject().imageReference()).isEqualTo("docker.io/library/nginx:alpine");
        assertThat(many.scans().get(0).subject().needsTagResolution()).isTrue();
        assertThat(many.warnings()).anyMatch(w -> w.contains("only by tag (docker.io/library/nginx:alpine)"));
        ImportedFinding curl = Fixtures.find(many, "CVE-2023-23914", "curl");
        assertThat(curl.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(curl.fixedVersion()).isEqualTo("7.87.0-r2");

        ImportedReport dict = Fixtures.read("trivy-operator", "trivy-operator/all_reports_in_dict.json");
        assertThat(dict.scans()).hasSize(1);
        assertThat(dict.findingCount()).isEqualTo(41);
    }

    // ---- Wiz CSV ----
    @Test
    void wizCsvGroupsByAssetAndMapsLibraries() {
        ImportedReport r = Fixtures.read("wiz", "wiz/sca_format.csv");
        assertThat(r.findingCount()).isEqualTo(5);
        assertThat(r.scans()).hasSize(3);
        ImportedFinding f = Fixtures.find(r, "CVE-2024-39474", "github.com/containerd/containerd");
        assertThat(f.pkg().purl()).isEqualTo("pkg:golang/github.com/containerd/containerd@1.4.0");
        assertThat(f.fixedVersion()).isEqualTo("1.5.11");
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.severitySource()).isEqualTo("vendor");
        assertThat(f.aliases()).containsExactly("GHSA-c9cp-9c75-9v8c");
        ImportedFinding kernel = Fixtures.find(r, "CVE-2020-8559", "kernel");
        assertThat(kernel.pkg().purlType()).isNull();
        assertThat(kernel.pkg().version()).isEqualTo("109.17800.218.33");
    }

    @Test
    void wizIssuesExportIsRefused() {
        assertThatThrownBy(() -> Fixtures.read("wiz", "wiz/one_finding.csv"))
                .isInstanceOf(WrongFormatException.class).hasMessageContaining("Wiz Issues CSV export");
    }

    @Test
    void wizCsvSkipsMalformedRowsAndReadsQuotedFields() {
        String csv = "\uFEFFID,Name,VendorSeverity,FindingStatus,DetailedName,Version,FixedVersion,DetectionMethod,LocationPath,AssetName\r\n"
                + "1,CVE-2024-1,High,Open,\"lodash\",4.17.20,4.17.21,Library,\"/app/package-lock.json\",\"asset, one\"\r\n"
                + "2,CVE-2024-2,High,Open,left-pad,1.0\r\n"
                + "3,,High,Open,x,1,,Library,,a\n"
                + "4,CVE-2024-3,Critical,Resolved,x,1,,Library,,a\n"
                + "5,CVE-2024-4,Medium,Open,,1,,Library,,a\n"
                + "6,CVE-2024-5,\"Me\"\"dium\",Open,\"multi\nline\",2.0,,Library,/srv/go.mod,\"asset, one\"\n";
        ImportedReport r = Fixtures.readText("wiz", csv);
        assertThat(r.findingCount()).isEqualTo(2);
        assertThat(r.skipped().total()).isEqualTo(4);
        assertThat(r.skipped().counts()).containsEntry("wrong number of fields", 1).containsEntry("no vulnerability id (Name)", 1)
                .containsEntry("resolved in Wiz", 1).containsEntry("no package (DetailedName)", 1);
        assertThat(r.skipped().examples("wrong number of fields")).containsExactly("line 3");
        ImportedFinding lodash = Fixtures.find(r, "CVE-2024-1", "lodash");
        assertThat(lodash.pkg().purl()).isEqualTo("pkg:npm/lodash@4.17.20");
        assertThat(r.scans()).hasSize(1);
        assertThat(r.scans().get(0).subject().artifactName()).isEqualTo("asset, one");
        ImportedFinding multi = Fixtures.find(r, "CVE-2024-5", "multi?line");
        assertThat(multi.rawSeverity()).isEqualTo("Me\"dium");
        assertThat(multi.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(multi.severitySource()).isEqualTo("vendor");
        assertThat(multi.pkg().purlType()).isEqualTo("golang");
    }

    @Test
    void wizCsvUnclosedQuoteIsBadInput() {
        assertThatThrownBy(() -> Fixtures.readText("wiz", "Name,DetailedName,Version,FixedVersion\nCVE-2024-1,\"x,1,2\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("never closed");
    }

    // ---- wizcli ----
    @Test
    void wizcliImageScan() {
        ImportedReport r = Fixtures.read("wizcli", "wizcli/wizcli_img_many_vul.json");
        assertThat(r.findingCount()).isEqualTo(8);
        assertThat(r.scans().get(0).subject().artifactName()).isEqualTo("wizcli-imagescan");
        ImportedFinding ssl = Fixtures.find(r, "CVE-2024-5535", "libssl3");
        assertThat(ssl.pkg().purlType()).isNull();
        assertThat(ssl.pkg().version()).isEqualTo("3.3.1-r0");
        assertThat(ssl.fixedVersion()).isEqualTo("3.3.1-r1");
        assertThat(ssl.severity()).isEqualTo(Severity.LOW);
        ImportedFinding net = Fixtures.find(r, "CVE-2023-44487", "golang.org/x/net");
        assertThat(net.pkg().purl()).isEqualTo("pkg:golang/golang.org/x/net@0.14.0");
        assertThat(net.aliases()).containsExactly("GHSA-qppj-fm5r-hxr3");
        assertThat(net.cvssScore()).isEqualTo(7.5);
        assertThat(Fixtures.find(r, "GHSA-m425-mq94-257g", "google.golang.org/grpc").vulnerabilityId()).isEqualTo("GHSA-m425-mq94-257g");
    }

    @Test
    void wizcliIacScanHasNoFindings() {
        ImportedReport r = Fixtures.read("wizcli", "wizcli/wizcli_iac_zero_vul.json");
        assertThat(r.findingCount()).isZero();
        assertThat(Fixtures.read("wizcli", "wizcli/wizcli_dir_many_vul.json").findingCount()).isEqualTo(6);
    }

    // ---- SARIF ----
    @Test
    void sarifFromTrivy() {
        ImportedReport r = Fixtures.read("sarif", "sarif/trivy-alpine-310.sarif.golden");
        assertThat(r.tool()).isEqualTo("Trivy");
        assertThat(r.findingCount()).isEqualTo(4);
        ImportedFinding f = Fixtures.find(r, "CVE-2019-1549", "libcrypto1.1");
        assertThat(f.pkg().version()).isEqualTo("1.1.1c-r0");
        assertThat(f.fixedVersion()).isEqualTo("1.1.1d-r0");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        ReportSubject s = r.scans().get(0).subject();
        assertThat(s.imageId()).isEqualTo(Digest.parse("sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4"));
        assertThat(s.repoTags()).containsExactly("ghcr.io/aquasecurity/trivy-test-images:alpine-310");
    }

    @Test
    void sarifFromGrypeUsesSecuritySeverityAndTheRuleHelp() {
        ImportedReport r = Fixtures.read("sarif", "sarif/grype-TestSarifPresenter_image.golden");
        assertThat(r.findingCount()).isEqualTo(2);
        ImportedFinding f = Fixtures.find(r, "CVE-1999-0001", "package-1");
        assertThat(f.pkg().version()).isEqualTo("1.1.1");
        assertThat(f.pkg().purlType()).isEqualTo("rpm");
        assertThat(f.fixedVersions()).containsExactly("1.2.1", "2.1.3", "3.4.0");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.severitySource()).isEqualTo("security-severity");
        assertThat(f.rawSeverity()).isEqualTo("8.2");
    }

    @Test
    void sarifCodeScanningResultsAreSkipped() {
        String sarif = """
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "lint", "rules": [{"id": "no-eval"}]}},
                 "results": [{"ruleId": "no-eval", "level": "error", "message": {"text": "eval is bad"}}]}]}""";
        ImportedReport r = Fixtures.readText("sarif", sarif);
        assertThat(r.findingCount()).isZero();
        assertThat(r.skipped().counts()).containsEntry("not a vulnerability (rule id names none)", 1);
    }

    // ---- CycloneDX ----
    @Test
    void cycloneDxVexAssessments() {
        ImportedReport r = Fixtures.read("cyclonedx", "cyclonedx/vex.json");
        ImportedFinding f = r.allFindings().get(0);
        assertThat(f.vulnerabilityId()).isEqualTo("CVE-2020-25649");
        assertThat(f.aliases()).containsExactly("SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302");
        assertThat(f.pkg().purl()).isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
        assertThat(f.assessment().state()).isEqualTo(Assessment.State.NOT_AFFECTED);
        assertThat(f.assessment().justification()).isEqualTo("code_not_reachable");
        assertThat(f.assessment().responses()).containsExactly("will_not_fix", "update");
        assertThat(f.status()).isEqualTo(FindingStatus.NOT_AFFECTED);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.severitySource()).isEqualTo("nvd");
    }

    @Test
    void cycloneDxVdrFromTrivy() {
        ImportedReport r = Fixtures.read("cyclonedx", "cyclonedx/npm-cyclonedx.json.golden");
        assertThat(r.tool()).isEqualTo("trivy");
        ImportedFinding f = Fixtures.find(r, "CVE-2019-11358", "jquery");
        assertThat(f.pkg().purl()).isEqualTo("pkg:npm/jquery@3.3.9");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.severitySource()).isEqualTo("ghsa");
    }

    @Test
    void cycloneDxVexOnTheApplicationComponent() {
        ImportedReport r = Fixtures.read("cyclonedx", "cyclonedx/vex-issue2549.json");
        assertThat(r.allFindings()).isNotEmpty();
        assertThat(r.allFindings()).allMatch(f -> f.pkg().name().equals("Acme example"));
        assertThat(Fixtures.find(r, "CVE-2020-25650", "Acme example").assessment().state()).isEqualTo(Assessment.State.FALSE_POSITIVE);
    }

    // ---- wrong formats ----
    @Test
    void otherFormatsAreNamedWhenRefused() {
        assertThatThrownBy(() -> Fixtures.read("cyclonedx", "harbor-trivy-vuln.json"))
                .isInstanceOf(WrongFormatException.class).hasMessage("this looks like a Harbor vulnerability report, not CycloneDX VDR/VEX");
        assertThatThrownBy(() -> Fixtures.read("sarif", "wiz/sca_format.csv"))
                .isInstanceOf(WrongFormatException.class).hasMessage("this looks like a Wiz vulnerability-findings CSV export, not SARIF (use --scanner wiz)");
        assertThatThrownBy(() -> Fixtures.read("wizcli", "cyclonedx/vex.json"))
                .isInstanceOf(WrongFormatException.class).hasMessageContaining("use --scanner cyclonedx");
        assertThatThrownBy(() -> Fixtures.readText("nessus", "{}"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("unknown scanner");
        assertThatThrownBy(() -> Fixtures.readText("grype", "{\"foo\": 1}"))
                .isInstanceOf(BadInputException.class).hasMessage("Grype JSON has no \"matches\" array");
    }
}
