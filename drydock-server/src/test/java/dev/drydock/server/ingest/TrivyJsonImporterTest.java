package dev.drydock.server.ingest;

import dev.drydock.model.Digest;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;
import dev.drydock.image.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrivyJsonImporterTest {
    @Test
    void readsDebianImageReportWithPurlsSeveritySourceAndImageIds() {
        ImportedReport r = Fixtures.read("trivy", "trivy/debian-buster.json.golden");
        assertThat(r.scanner()).isEqualTo("trivy");
        assertThat(r.toolVersion()).isEqualTo("dev");
        assertThat(r.findingCount()).isEqualTo(2);
        ImportedScan scan = r.scans().get(0);
        assertThat(scan.distro()).isEqualTo(new Distro("debian", "10.1"));
        assertThat(scan.subject().imageId()).isEqualTo(Digest.parse("sha256:c2c03a296d2329a4f3ab72a7bf38b78a8a80108204d326b0139d6af700e152d1"));
        assertThat(scan.subject().repoTags()).containsExactly("ghcr.io/aquasecurity/trivy-test-images:debian-buster");
        assertThat(scan.subject().needsTagResolution()).isTrue();
        assertThat(r.warnings()).anyMatch(w -> w.contains("only by tag"));

        ImportedFinding f = Fixtures.find(r, "CVE-2019-18224", "libidn2-0");
        assertThat(f.pkg().purlType()).isEqualTo("deb");
        assertThat(f.pkg().version()).isEqualTo("2.0.5-1");
        assertThat(f.pkg().purl()).isEqualTo("pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.1");
        assertThat(f.pkg().identity()).isEqualTo("pkg:deb/debian/libidn2-0@2.0.5-1");
        assertThat(f.fixedVersion()).isEqualTo("2.0.5-1+deb10u1");
        assertThat(f.status()).isEqualTo(FindingStatus.FIXED);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.severitySource()).isEqualTo("nvd");
        assertThat(f.cvssScore()).isNotNull();

        ImportedFinding bash = Fixtures.find(r, "CVE-2019-18276", "bash");
        assertThat(bash.severity()).isEqualTo(Severity.LOW);
        assertThat(bash.severitySource()).isEqualTo("debian");
        assertThat(bash.status()).isEqualTo(FindingStatus.AFFECTED);
        assertThat(bash.fixedVersions()).isEmpty();
        assertThat(bash.title()).startsWith("bash: when effective UID");
    }

    @Test
    void mapsEveryTrivyStatus() {
        ImportedReport r = Fixtures.read("trivy", "trivy/all_statuses.json");
        assertThat(r.findingCount()).isEqualTo(8);
        assertThat(Fixtures.find(r, "CVE-2011-3374", "apt").status()).isNull();
        assertThat(Fixtures.find(r, "CVE-2019-18276", "bash").status()).isEqualTo(FindingStatus.NOT_AFFECTED);
        assertThat(Fixtures.find(r, "CVE-2018-12698", "binutils").status()).isEqualTo(FindingStatus.WILL_NOT_FIX);
        assertThat(Fixtures.find(r, "CVE-2018-12699", "binutils").status()).isEqualTo(FindingStatus.DEFERRED);
        assertThat(Fixtures.find(r, "CVE-2018-12934", "binutils").status()).isEqualTo(FindingStatus.WILL_NOT_FIX);
        // no PkgIdentifier: the purl is built from the result type and the OS
        assertThat(Fixtures.find(r, "CVE-2011-3374", "apt").pkg().purl()).isEqualTo("pkg:deb/debian/apt@1.8.2.3?distro=debian-10.13");
        // a Debian temporary id is kept as the scanner's id
        assertThat(Fixtures.find(r, "TEMP-0841856-B18BAF", "bash").vulnerabilityId()).isEqualTo("TEMP-0841856-B18BAF");
    }

    @Test
    void takesTheManifestDigestFromRepoDigests() {
        ImportedReport r = Fixtures.read("trivy", "trivy/license_scheme.json");
        ReportSubject s = r.scans().get(0).subject();
        assertThat(s.digest()).isEqualTo(Digest.parse("sha256:bcae378eacedab83da66079d9366c8f5df542d7ed9ab23bf487e3e1a8481375d"));
        assertThat(s.imageReference()).isEqualTo("alpine:3.11");
        assertThat(s.needsTagResolution()).isFalse();
        assertThat(r.findingCount()).isZero();
    }

    @Test
    void readsAlpineAndJarResults() {
        ImportedReport r = Fixtures.read("trivy", "trivy/scheme_2_many_vulns.json");
        ImportedFinding f = Fixtures.find(r, "CVE-2020-28196", "krb5-libs");
        assertThat(f.pkg().purl()).isEqualTo("pkg:apk/alpine/krb5-libs@1.15.5-r0?distro=alpine-3.9.4");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.status()).isEqualTo(FindingStatus.FIXED);
        assertThat(r.allFindings()).anyMatch(x -> "maven".equals(x.pkg().purlType()));
    }

    @Test
    void refusesTheOldTrivySchema() {
        assertThatThrownBy(() -> Fixtures.read("trivy", "trivy/legacy_many_vulns.json"))
                .isInstanceOf(WrongFormatException.class).hasMessageContaining("old schema");
    }

    @Test
    void refusesAGrypeReportGivenAsTrivy() {
        assertThatThrownBy(() -> Fixtures.read("trivy", "grype/check_all_fields.json"))
                .isInstanceOf(WrongFormatException.class)
                .hasMessage("this looks like a Grype report, not Trivy JSON (use --scanner grype)");
    }

    @Test
    void skipsEntriesWithoutIdOrPackageAndCountsThem() {
        String json = """
                {"SchemaVersion": 2, "ArtifactName": "x", "Results": [{"Target": "t", "Class": "lang-pkgs", "Type": "npm", "Vulnerabilities": [
                  {"VulnerabilityID": "CVE-2021-1", "PkgName": "a", "InstalledVersion": "1.0.0", "Severity": "HIGH"},
                  {"PkgName": "b", "InstalledVersion": "1"},
                  {"VulnerabilityID": "CVE-2021-2"},
                  "junk"
                ]}]}""";
        ImportedReport r = Fixtures.readText("trivy", json);
        assertThat(r.findingCount()).isEqualTo(1);
        assertThat(r.allFindings().get(0).pkg().purl()).isEqualTo("pkg:npm/a@1.0.0");
        assertThat(r.skipped().total()).isEqualTo(3);
        assertThat(r.skipped().counts()).containsEntry("no VulnerabilityID", 1).containsEntry("no PkgName", 1);
    }

    @Test
    void refusesMalformedJsonWithOneLine() {
        assertThatThrownBy(() -> Fixtures.readText("trivy", "{\"SchemaVersion\": 2, \"Results\": [ {"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("malformed JSON in Trivy JSON");
    }

    @Test
    void refusesAFileOverTheByteLimit() throws IOException {
        try (InputStream in = Fixtures.open("trivy/debian-buster.json.golden")) {
            assertThatThrownBy(() -> Importers.read("trivy", in, ImportLimits.DEFAULT.withMaxBytes(4096)))
                    .isInstanceOf(ImportTooLargeException.class).hasMessageContaining("larger than 4096 bytes");
        }
    }

    @Test
    void refusesMoreFindingsThanTheLimit() throws IOException {
        try (InputStream in = Fixtures.open("trivy/all_statuses.json")) {
            assertThatThrownBy(() -> Importers.read("trivy", in, ImportLimits.DEFAULT.withMaxFindings(5)))
                    .isInstanceOf(ImportTooLargeException.class).hasMessageContaining("more than 5 findings");
        }
    }

    @Test
    void boundsLongFieldsAndControlCharacters() {
        String longName = "p".repeat(5000);
        String json = "{\"SchemaVersion\": 2, \"Results\": [{\"Type\": \"npm\", \"Vulnerabilities\": [{\"VulnerabilityID\": \"CVE-2021-1\", \"PkgName\": \""
                + longName + "\", \"InstalledVersion\": \"1.0\\u0000x\", \"Description\": \"" + "d".repeat(10000) + "\"}]}]}";
        ImportedFinding f = Fixtures.readText("trivy", json).allFindings().get(0);
        assertThat(f.pkg().name()).hasSize(ImportLimits.DEFAULT.maxFieldLength());
        assertThat(f.pkg().version()).isEqualTo("1.0?x");
        assertThat(f.description()).hasSize(ImportLimits.DEFAULT.maxTextLength());
    }

    @Test
    void streamsAFiftyThousandFindingReport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.json");
        int n = 50_000;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"SchemaVersion\": 2, \"ArtifactName\": \"registry.example/app:1\", \"ArtifactType\": \"container_image\",");
            w.write("\"Metadata\": {\"OS\": {\"Family\": \"debian\", \"Name\": \"12.5\"}, \"RepoDigests\": [\"registry.example/app@sha256:" + "a".repeat(64) + "\"]},");
            w.write("\"Results\": [{\"Target\": \"app (debian 12.5)\", \"Class\": \"os-pkgs\", \"Type\": \"debian\", \"Vulnerabilities\": [");
            String desc = "x".repeat(1500);
            for (int i = 0; i < n; i++) {
                if (i > 0) w.write(',');
                w.write("{\"VulnerabilityID\": \"CVE-2024-" + (10000 + i) + "\", \"PkgName\": \"pkg" + (i % 900) + "\", \"InstalledVersion\": \"1." + i
                        + "\", \"FixedVersion\": \"2.0\", \"Status\": \"fixed\", \"SeveritySource\": \"debian\", \"Severity\": \"MEDIUM\", \"Description\": \"" + desc
                        + "\", \"References\": [\"https://example.org/" + i + "\"]}");
            }
            w.write("]}]}");
        }
        ImportedReport r;
        try (InputStream in = Files.newInputStream(file)) {
            r = Importers.read("trivy", in, ImportLimits.DEFAULT);
        }
        assertThat(r.findingCount()).isEqualTo(n);
        assertThat(r.scans().get(0).subject().digest().hex()).isEqualTo("a".repeat(64));
        assertThat(r.allFindings().get(n - 1).vulnerabilityId()).isEqualTo("CVE-2024-" + (10000 + n - 1));
        assertThat(r.allFindings().get(n - 1).pkg().purl()).isEqualTo("pkg:deb/debian/pkg" + ((n - 1) % 900) + "@1." + (n - 1) + "?distro=debian-12.5");
    }
}
