package dev.drydock.server.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.model.Digest;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;
import dev.drydock.model.Severity;
import dev.drydock.policy.GateResult;
import dev.drydock.report.ScanReport;
import dev.drydock.server.ingest.ImportLimits;
import dev.drydock.server.ingest.ImportedReport;
import dev.drydock.server.ingest.Importers;
import dev.drydock.server.ingest.WrongFormatException;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.rematch.RematchFixtures;
import dev.drydock.server.store.Backend;
import dev.drydock.server.store.FindingRow;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.Tables;
import dev.drydock.server.store.TestDatabase;
import dev.drydock.vulndb.DbMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Imports of real reports (src/test/resources/reports, see SOURCES.md) beside drydock's own scan of the same image.
 *
 * <p>The fixtures hold no Trivy and Grype report of one image: Trivy's golden report of
 * {@code ghcr.io/aquasecurity/trivy-test-images:debian-buster} (Debian 10, named by tag only) and Grype's
 * {@code check_all_fields.json} ({@code vulnerable-image:latest}, Debian 10, manifest digest {@code sha256:9d88…})
 * are the closest pair. So the image here is the one with Grype's digest, stored under Trivy's tag, and drydock's
 * own scan of it catalogues the packages both reports name (bash, libidn2-0, libgssapi-krb5-2, libc6, libc-bin,
 * redis, Django) plus the Go module one Wiz asset of {@code wiz/sca_format.csv} reports. drydock's findings are
 * written by hand, as its database would give them; the imported ones are the reports' own, unedited.
 */
@ParameterizedClass
@EnumSource(Backend.class)
public class ImportTest {
    public static final String DIGEST = "sha256:9d8825ab20ac86b40eb71495bece1608a302fb180384740697a28c2b0a5a0fc6";
    static final ImageName TAG = new ImageName("ghcr.io", "aquasecurity/trivy-test-images", "debian-buster");
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final String WIZ_ASSET = "a2ca5de0-7223-11ef-af4c-032d5da2afbf";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    Backend backend;
    TestDatabase t;
    Store store;
    ReportImport imports;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        store = new Store(t.db);
        imports = new ReportImport(store, AliasResolver.NONE);
    }

    @AfterEach
    void close() {
        t.close();
    }

    // ---- the image and drydock's own scan of it

    static Package deb(String name, String version, String source) {
        return new Package(PackageType.DEB, name, version, "amd64", source, version, List.of(),
                "pkg:deb/debian/" + name + "@" + version + "?arch=amd64&distro=debian-10", null, "var/lib/dpkg/status", List.of());
    }

    static final Package BASH = deb("bash", "5.0-4", "bash");
    static final Package LIBIDN2 = deb("libidn2-0", "2.0.5-1", "libidn2");
    static final Package GSSAPI = deb("libgssapi-krb5-2", "1.17-3+deb10u3", "krb5");
    static final Package LIBC6 = deb("libc6", "2.28-10", "glibc");
    static final Package LIBC_BIN = deb("libc-bin", "2.28-10", "glibc");
    static final Package REDIS = new Package(PackageType.PYPI, "redis", "4.0.2", null, null, null, List.of(), "pkg:pypi/redis@4.0.2", null,
            "usr/lib/python3/dist-packages/redis-4.0.2.dist-info/METADATA", List.of());
    static final Package DJANGO = new Package(PackageType.PYPI, "django", "3.2.9", null, null, null, List.of(), "pkg:pypi/django@3.2.9", null,
            "usr/lib/python3/dist-packages/Django-3.2.9.dist-info/METADATA", List.of());
    static final Package CONTAINERD = new Package(PackageType.GOLANG, "github.com/containerd/containerd", "1.4.0", null, null, null, List.of(),
            "pkg:golang/github.com/containerd/containerd@1.4.0", null, "home/kubernetes/bin/containerd-gcfs-grpc", List.of());

    static Finding drydockFinding(String id, Package p, Severity severity, String source) {
        return new Finding(id, List.of(), p, p.version(), List.of(), FindingStatus.AFFECTED, severity, source, List.of(), "debian-tracker",
                "debian:10", null, null, null, null, List.of(), List.of(), null);
    }

    /** drydock's scan: five findings, three of which another scanner shares below, one (CVE-2019-9192) its own. */
    public static ScanUpload drydockScan() {
        List<Finding> findings = List.of(
                drydockFinding("CVE-2021-33574", LIBC6, Severity.HIGH, "debian"),
                drydockFinding("CVE-2021-33574", LIBC_BIN, Severity.HIGH, "debian"),
                drydockFinding("CVE-2021-44420", DJANGO, Severity.HIGH, "ghsa"),
                drydockFinding("CVE-2019-18276", BASH, Severity.LOW, "debian"),
                drydockFinding("CVE-2024-39474", CONTAINERD, Severity.LOW, "ghsa"),
                drydockFinding("CVE-2019-9192", LIBC6, Severity.NEGLIGIBLE, "debian"));
        ImageMetadata image = new ImageMetadata(TAG.toString(), Digest.parse(DIGEST), "application/vnd.oci.image.manifest.v1+json",
                Digest.parse("sha256:" + "c0".repeat(32)), Platform.LINUX_AMD64, "2019-09-11T23:21:51Z", List.of(), List.of(), List.of(),
                Map.of(), Map.of());
        ScanReport report = new ScanReport("0.4.0", NOW, image, new OsRelease("debian", "10", "buster", "Debian GNU/Linux 10 (buster)", null),
                8, new DbMetadata(2, NOW, "drydock test", List.of()), findings, List.of(), new GateResult(Set.of(), false, 0, List.of(), null));
        return ScanUpload.drydock(report, List.of(BASH, LIBIDN2, GSSAPI, LIBC6, LIBC_BIN, REDIS, DJANGO, CONTAINERD), Stage.CI, Map.of(),
                List.of(TAG));
    }

    public static byte[] fixture(String path) {
        try (InputStream in = ImportTest.class.getResourceAsStream("/reports/" + path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImportedReport read(String scanner, byte[] bytes) {
        return Importers.read(scanner, new ByteArrayInputStream(bytes), ImportLimits.DEFAULT);
    }

    /** The rows of one Wiz asset of the real export (the other assets are other machines). */
    static byte[] wizRowsOfOneAsset() {
        String csv = new String(fixture("wiz/sca_format.csv"), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        return (lines.get(0) + "\n" + lines.stream().skip(1).filter(l -> l.contains(WIZ_ASSET)).collect(Collectors.joining("\n")) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** "vuln_id purl" → scanner → severity of its live attribution. */
    Map<String, Map<String, String>> liveAttributions() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        t.db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT f.vuln_id, f.purl, a.scanner, a.severity FROM attribution a JOIN finding f ON f.id = a.finding_id
                        WHERE f.image_digest = :d AND a.deleted_at IS NULL
                        """).bind("d", DIGEST)
                .map((rs, ctx) -> List.of(rs.getString(1) + " " + rs.getString(2), rs.getString(3), rs.getString(4))).list())
                .forEach(r -> out.computeIfAbsent(r.get(0), k -> new TreeMap<>()).put(r.get(1), r.get(2)));
        return out;
    }

    ImportOutcome importFixture(String scanner, byte[] bytes, String image) {
        return imports.run(read(scanner, bytes), ImportRequest.of(image));
    }

    // ---- the proof

    @Test
    void trivyGrypeAndWizReportsLandOnDrydocksFindingsWithTheirSeverities() {
        store.recordScan(drydockScan());

        ImportOutcome trivy = importFixture("trivy", fixture("trivy/debian-buster.json.golden"), null);
        assertThat(trivy.scanner()).isEqualTo("trivy");
        assertThat(trivy.scans()).singleElement().satisfies(s -> {
            assertThat(s.digest()).as("named only by tag: resolved through the inventory").isEqualTo(DIGEST);
            assertThat(s.findings()).isEqualTo(2);
            assertThat(s.matchedPackages()).isEqualTo(2);
            assertThat(s.attributionsNew()).isEqualTo(2);
        });
        assertThat(trivy.warnings()).anySatisfy(w -> assertThat(w).startsWith("report names the image only by tag"));

        ImportOutcome grype = importFixture("grype", fixture("grype/check_all_fields.json"), null);
        assertThat(grype.scans()).singleElement().satisfies(s -> {
            assertThat(s.digest()).isEqualTo(DIGEST);
            assertThat(s.findings()).as("Django's match is listed twice in the report: one finding").isEqualTo(5);
            assertThat(s.matchedPackages()).isEqualTo(5);
        });

        ImportOutcome wiz = importFixture("wiz", wizRowsOfOneAsset(), DIGEST);
        assertThat(wiz.scanner()).isEqualTo("wiz");
        assertThat(wiz.scans()).singleElement().satisfies(s -> {
            assertThat(s.findings()).isEqualTo(2);
            assertThat(s.matchedPackages()).as("the Go module is in drydock's catalog; the host kernel is not").isEqualTo(1);
        });

        String debian = "pkg:deb/debian/";
        assertThat(liveAttributions()).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                // shared by drydock and Trivy
                Map.entry("CVE-2019-18276 " + debian + "bash@5.0-4", Map.of("drydock", "low", "trivy", "low")),
                // Trivy only: drydock's catalog has libidn2-0, its database no such finding
                Map.entry("CVE-2019-18224 " + debian + "libidn2-0@2.0.5-1", Map.of("trivy", "critical")),
                // shared by drydock and Grype, with different severities (Debian's high, Grype's critical)
                Map.entry("CVE-2021-33574 " + debian + "libc6@2.28-10", Map.of("drydock", "high", "grype", "critical")),
                Map.entry("CVE-2021-33574 " + debian + "libc-bin@2.28-10", Map.of("drydock", "high", "grype", "critical")),
                // Grype reports GHSA-v6rh-hp5x-86rv, related to CVE-2021-44420: one finding with drydock's
                Map.entry("CVE-2021-44420 pkg:pypi/django@3.2.9", Map.of("drydock", "high", "grype", "high")),
                // Grype only
                Map.entry("CVE-2004-0971 " + debian + "libgssapi-krb5-2@1.17-3+deb10u3", Map.of("grype", "negligible")),
                Map.entry("CVE-2021-32626 pkg:pypi/redis@4.0.2", Map.of("grype", "high")),
                // Wiz keys onto drydock's Go module finding
                Map.entry("CVE-2024-39474 pkg:golang/github.com/containerd/containerd@1.4.0", Map.of("drydock", "low", "wiz", "low")),
                // Wiz only: the host's kernel, which no image catalog holds
                Map.entry("GHSA-c9cp-9c75-9v8c pkg:generic/kernel@109.17800.218.33", Map.of("wiz", "medium")),
                // drydock only
                Map.entry("CVE-2019-9192 " + debian + "libc6@2.28-10", Map.of("drydock", "negligible")))));

        // The finding keeps drydock's package identity (qualifiers and all), whoever reported it.
        List<FindingRow> rows = store.findings(DIGEST, false);
        assertThat(rows).hasSize(10).allMatch(FindingRow::active);
        assertThat(rows).filteredOn(r -> r.vulnId().equals("CVE-2021-44420")).singleElement()
                .satisfies(r -> assertThat(r.scanners()).containsExactly("drydock", "grype"));
        // Where drydock reports a finding, its severity stays the finding's own (the image's counts and
        // drydock's gate do not move with an import); where only another scanner does, that scanner's.
        assertThat(rows).filteredOn(r -> r.vulnId().equals("CVE-2021-33574")).hasSize(2)
                .allSatisfy(r -> assertThat(r.severity()).isEqualTo(Severity.HIGH));
        assertThat(rows).filteredOn(r -> r.vulnId().equals("CVE-2019-18224")).singleElement()
                .satisfies(r -> assertThat(r.severity()).isEqualTo(Severity.CRITICAL));
    }

    @Test
    void theSameFileTwiceChangesNothing() {
        store.recordScan(drydockScan());
        ImportOutcome first = importFixture("grype", fixture("grype/check_all_fields.json"), null);
        var before = Tables.snapshot(t.db.jdbi(), Set.of("last_seen", "last_used_at"));
        ImportOutcome again = importFixture("grype", fixture("grype/check_all_fields.json"), null);
        assertThat(again.scans()).singleElement().satisfies(s -> {
            assertThat(s.repeated()).isTrue();
            assertThat(s.scanId()).isEqualTo(first.scans().get(0).scanId());
            assertThat(s.attributionsNew()).isZero();
            assertThat(s.attributionsDeleted()).isZero();
            assertThat(s.findingsAppeared()).isZero();
        });
        assertThat(Tables.snapshot(t.db.jdbi(), Set.of("last_seen", "last_used_at"))).isEqualTo(before);
    }

    @Test
    void aNewerReportSoftDeletesWhatItNoLongerReportsAndAFindingStaysWhileAnyScannerReportsIt() throws IOException {
        store.recordScan(drydockScan());
        importFixture("trivy", fixture("trivy/debian-buster.json.golden"), null);

        // The same image scanned by Trivy a week later: both findings gone (upgraded bash and libidn2-0 in Trivy's eyes).
        ObjectNode newer = (ObjectNode) JSON.readTree(fixture("trivy/debian-buster.json.golden"));
        ((ObjectNode) newer.get("Results").get(0)).set("Vulnerabilities", JSON.createArrayNode());
        ((ObjectNode) newer.get("Trivy")).put("Version", "0.59.0");
        ImportOutcome later = importFixture("trivy", JSON.writeValueAsBytes(newer), null);
        assertThat(later.scans()).singleElement().satisfies(s -> {
            assertThat(s.repeated()).isFalse();
            assertThat(s.attributionsDeleted()).isEqualTo(2);
            assertThat(s.findingsDisappeared()).as("libidn2-0's: only Trivy reported it").isEqualTo(1);
        });
        Map<String, String> deleted = new TreeMap<>();
        t.db.jdbi().useHandle(h -> h.createQuery("""
                        SELECT f.vuln_id, f.active FROM attribution a JOIN finding f ON f.id = a.finding_id
                        WHERE a.scanner = 'trivy' AND a.deleted_at IS NOT NULL
                        """).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                .forEach(e -> deleted.put(e.getKey(), e.getValue())));
        assertThat(deleted).as("both soft-deleted with a time; bash's finding still active (drydock reports it)")
                .containsExactlyEntriesOf(new TreeMap<>(Map.of("CVE-2019-18224", "0", "CVE-2019-18276", "1")));
    }

    @Test
    void unknownImagesAndWrongFormatsAreRefused() {
        // No drydock scan: the tag is in no inventory.
        assertThatThrownBy(() -> importFixture("trivy", fixture("trivy/debian-buster.json.golden"), null))
                .isInstanceOf(UnknownImageException.class)
                .hasMessage("image ghcr.io/aquasecurity/trivy-test-images:debian-buster is not in the inventory; scan or upload it first, or pass --image sha256:…");
        assertThatThrownBy(() -> importFixture("trivy", fixture("trivy/debian-buster.json.golden"), "registry.example.com/nothing:1"))
                .isInstanceOf(UnknownImageException.class);
        assertThatThrownBy(() -> importFixture("grype", fixture("grype/check_all_fields.json"), "sha256:" + "ab".repeat(32)))
                .hasMessageStartingWith("--image is sha256:abababababab… but the report is of sha256:9d8825ab20ac…");
        assertThatThrownBy(() -> read("trivy", fixture("grype/check_all_fields.json")))
                .isInstanceOf(WrongFormatException.class).hasMessageContaining("use --scanner grype");
        assertThatThrownBy(() -> importFixture("wiz", fixture("wiz/sca_format.csv"), DIGEST))
                .hasMessage("the report covers 3 subjects; --image applies only to a report about one image");
        assertThat(Tables.count(t.db.jdbi(), "scan")).isZero();
    }

    @Test
    void aDigestNewToTheInventoryIsAddedWithAWarning() {
        ImportOutcome grype = importFixture("grype", fixture("grype/check_all_fields.json"), null);
        assertThat(grype.warnings()).contains("image sha256:9d8825ab20ac… was not in the inventory: added from this report alone");
        assertThat(store.hasImage(DIGEST)).isTrue();
        assertThat(store.findings(DIGEST, false)).extracting(FindingRow::scanners).allSatisfy(s -> assertThat(s).containsExactly("grype"));
        assertThat(store.findings(DIGEST, false)).hasSize(5);
    }

    @Test
    void advisoryIdsAreResolvedToTheCveThroughTheVulnerabilityDatabase(@TempDir Path dir) throws IOException {
        // Log4Shell as GHSA-jfh8-c2jp-5v3q only, in a Trivy report of a jar (Trivy names Java findings by GHSA when no CVE is linked).
        ObjectNode report = (ObjectNode) JSON.readTree(fixture("trivy/pom.json.golden"));
        ArrayNode results = (ArrayNode) report.get("Results");
        ObjectNode v = (ObjectNode) results.get(0).get("Vulnerabilities").get(0);
        v.put("VulnerabilityID", "GHSA-jfh8-c2jp-5v3q").put("PkgName", "org.apache.logging.log4j:log4j-core").put("InstalledVersion", "2.14.1");
        ((ObjectNode) v.get("PkgIdentifier")).put("PURL", RematchFixtures.LOG4J_PURL);
        ((ObjectNode) results.get(0)).set("Vulnerabilities", JSON.createArrayNode().add(v));
        try (VulnDbSource db = new VulnDbSource(RematchFixtures.db2(dir))) {
            ImportOutcome out = new ReportImport(store, AliasResolver.of(db))
                    .run(read("trivy", JSON.writeValueAsBytes(report)), ImportRequest.of(DIGEST));
            assertThat(out.warnings()).noneMatch(w -> w.startsWith("no vulnerability database"));
        }
        assertThat(store.findings(DIGEST, false)).singleElement().satisfies(f -> {
            assertThat(f.vulnId()).isEqualTo(RematchFixtures.LOG4SHELL);
            assertThat(f.purl()).isEqualTo(RematchFixtures.LOG4J_PURL);
        });
        String nativeId = t.db.jdbi().withHandle(h -> h.createQuery("SELECT native_id FROM attribution").mapTo(String.class).one());
        assertThat(nativeId).isEqualTo("CVE-2021-44228");
    }
}
