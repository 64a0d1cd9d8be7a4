package dev.drydock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.model.Digest;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.policy.GateResult;
import dev.drydock.report.ScanReport;
import dev.drydock.server.store.Database;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.Role;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.Store;
import dev.drydock.server.web.DrydockServer;
import dev.drydock.server.web.ServerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.drydock.cli.SbomCommandTest.drydock;
import static org.assertj.core.api.Assertions.assertThat;

/** drydock reconcile against a real server holding drydock's and Trivy's findings on one image. */
class ReconcileCommandTest {
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    @TempDir
    static Path tmp;
    static DrydockServer server;
    static Database db;
    static String viewer;
    static String url;

    @BeforeAll
    static void start() {
        db = Database.open("jdbc:sqlite:" + tmp.resolve("server.db"));
        Store store = new Store(db);
        viewer = store.createToken("reader", Role.VIEWER).plaintext();
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        store.recordScan(scan("drydock", now, f("CVE-2024-1001", "libssl3", Severity.HIGH, "debian"),
                f("CVE-2024-1002", "libssl3", Severity.MEDIUM, "debian")));
        store.recordScan(scan("trivy", now, f("CVE-2024-1001", "libssl3", Severity.HIGH, "nvd"),
                f("CVE-2024-1002", "libssl3", Severity.HIGH, "nvd"), f("CVE-2024-1003", "zlib1g", Severity.CRITICAL, "nvd")));
        server = DrydockServer.start(0, db, ServerOptions.defaults());
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
        db.close();
    }

    static Finding f(String id, String pkg, Severity severity, String source) {
        Package p = new Package(PackageType.DEB, pkg, "1.0-1", "amd64", pkg, "1.0-1", List.of(),
                "pkg:deb/debian/" + pkg + "@1.0-1?arch=amd64&distro=debian-12", null, "var/lib/dpkg/status", List.of());
        return new Finding(id, List.of(), p, "1.0-1", List.of("1.0-2"), FindingStatus.FIXED, severity, source,
                List.of(new SeverityRating(source, severity, null, null, null)), "test", "debian:12", null, null, null, null,
                List.of(), List.of(), null);
    }

    static ScanUpload scan(String scanner, Instant now, Finding... findings) {
        String ref = "registry.example.com/shop/api:1";
        ImageMetadata image = new ImageMetadata(ref, Digest.parse(DIGEST), "application/vnd.oci.image.manifest.v1+json",
                Digest.parse("sha256:" + "c5".repeat(32)), Platform.LINUX_AMD64, "2026-10-30T08:00:00Z", List.of(), List.of(ref),
                List.of(), Map.of(), Map.of());
        ScanReport report = new ScanReport("1.0.0", now, image, new OsRelease("debian", "12", "bookworm", "Debian 12", null), 0,
                new dev.drydock.vulndb.DbMetadata(2, now, scanner, List.of()), List.of(findings), List.of(),
                new GateResult(Set.of(), false, 0, List.of(), null));
        return new ScanUpload(report, List.of(), Stage.CI, Map.of(), scanner, "1.0.0", List.of(new ImageName("registry.example.com", "shop/api", "1")));
    }

    private static SbomCommandTest.Run reconcile(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("reconcile", "--server", url, "--token", viewer, "--scanner-b", "trivy"));
        args.addAll(List.of(more));
        return drydock(args.toArray(String[]::new));
    }

    @Test
    void printsParityAndTheDriftTable() {
        var r = reconcile();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("severity agreement   50.00 %", "presence agreement   66.67 %", "shop/api",
                "CVE-2024-1002", "medium (debian)", "high (nvd)", "vendor vs NVD rating", "CVE-2024-1003", "package not detected by one side",
                "3 findings");
        var image = reconcile("--image", "registry.example.com/shop/api:1", "--min-parity", "50");
        assertThat(image.code()).as(image.err()).isZero();
        assertThat(image.out()).contains("image " + DIGEST);
    }

    @Test
    void minParityFailsUnderTheTarget() {
        var r = reconcile("--min-parity", "60");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("drydock: not ready: severity agreement 50.00 %, presence agreement 66.67 %, under --min-parity 60");
        assertThat(reconcile("--min-parity", "50", "--repository", "shop/api").code()).isZero();
        var none = reconcile("--min-parity", "10", "--repository", "shop/none");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no image was scanned by both");
    }

    @Test
    void csvAndJsonFormats() throws Exception {
        var csv = reconcile("--format", "csv");
        assertThat(csv.code()).isZero();
        assertThat(csv.out()).startsWith("digest,vulnerability,package,").contains("\r\n" + DIGEST + ",CVE-2024-1001,libssl3,");
        assertThat(csv.err()).contains("presence agreement");
        var json = reconcile("--format", "json", "--limit", "2");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(json.out());
        assertThat(o.path("parity").path("parity").path("both").asInt()).isEqualTo(2);
        assertThat(o.path("drift").path("total").asInt()).isEqualTo(3);
        assertThat(o.path("drift").path("items")).hasSize(2);
        assertThat(o.path("drift").path("truncated").asBoolean()).isTrue();
    }

    @Test
    void badInputAndUnreachableServerAreOneLineAndExitTwo() {
        for (SbomCommandTest.Run r : List.of(
                reconcile("--scanner-a", "drydock' OR '1'='1"),
                reconcile("--image", "x", "--repository", "y"),
                reconcile("--min-parity", "101"),
                reconcile("--image", "sha256:nothex"),
                drydock("reconcile", "--server", url, "--token", "wrong-token", "--scanner-b", "trivy"),
                drydock("reconcile", "--server", "http://127.0.0.1:1", "--token", viewer, "--scanner-b", "trivy"),
                drydock("reconcile", "--server", "ftp://example.com", "--token", viewer, "--scanner-b", "trivy"))) {
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("drydock: ").doesNotContain("Exception");
        }
    }
}
