package dev.drydock.server.reconcile;

import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.model.Suppression;
import dev.drydock.policy.GateResult;
import dev.drydock.report.ScanReport;
import dev.drydock.server.rematch.RematchFixtures;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.Store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two scanners, drydock (A) and trivy (B), on the same images, with every presence case and every reason:
 *
 * <pre>
 * image 1 (shop/api)                         drydock            trivy              presence  reason
 *   CVE-2024-0001 libssl3                    high   debian      high   nvd         both      (agree)
 *   CVE-2024-0002 libssl3                    medium debian      high   nvd         both      vendor-vs-nvd
 *   CVE-2024-0007 libc6                      low    debian      medium debian      both      rating
 *   CVE-2024-0003 zlib1g (no fix)            medium             unfixed-suppressed only_a    unfixed-filtered
 *   CVE-2024-0004 libcurl4                   high               -                  only_a    version-range
 *   CVE-2024-0005 libcurl4                   -                  high               only_b    version-range
 *   CVE-2024-0006 {@link #HOSTILE} (npm)      -                  critical           only_b    package-not-detected
 * image 2 (shop/web)
 *   CVE-2024-0001 libssl3                    high   debian      high   nvd         both      (agree)
 *   CVE-2024-0009 zlib1g (no fix)            low                dropped by scan 2  only_a    unfixed-filtered
 * image 3 (shop/api), scanned by drydock only: never compared
 *   CVE-2024-0008 libssl3                    critical
 * </pre>
 *
 * Fleet: both 4, same severity 2, only A 3, only B 2: severity 50 %, presence 4/9 = 44.44 %.
 * shop/api: 3, 1, 2, 2: 33.33 %, 42.86 %. shop/web: 1, 1, 1, 0: 100 %, 50 %.
 */
public final class ReconcileFixtures {
    public static final String D1 = RematchFixtures.digest(0xd1);
    public static final String D2 = RematchFixtures.digest(0xd2);
    public static final String D3 = RematchFixtures.digest(0xd3);
    /** An npm package name made to be a spreadsheet formula and markup at once. */
    public static final String HOSTILE = "=HYPERLINK(\"http://evil.example\",\"x\")<script>alert(1)</script>";
    public static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private ReconcileFixtures() {
    }

    public static void load(Store store) {
        store.recordScan(scan("drydock", D1, "shop/api", List.of(
                f("CVE-2024-0001", libssl(), Severity.HIGH, "debian", "3.0.11-1~deb12u2", null),
                f("CVE-2024-0002", libssl(), Severity.MEDIUM, "debian", "3.0.11-1~deb12u2", null),
                f("CVE-2024-0007", deb("libc6", "2.36-9"), Severity.LOW, "debian", "2.36-9+deb12u4", null),
                f("CVE-2024-0003", deb("zlib1g", "1:1.2.13.dfsg-1"), Severity.MEDIUM, "debian", null, null),
                f("CVE-2024-0004", deb("libcurl4", "7.88.1-10"), Severity.HIGH, "debian", "7.88.1-10+deb12u5", null)), T));
        store.recordScan(scan("trivy", D1, "shop/api", List.of(
                f("CVE-2024-0001", libssl(), Severity.HIGH, "nvd", "3.0.11-1~deb12u2", null),
                f("CVE-2024-0002", libssl(), Severity.HIGH, "nvd", "3.0.11-1~deb12u2", null),
                f("CVE-2024-0007", deb("libc6", "2.36-9"), Severity.MEDIUM, "debian", "2.36-9+deb12u4", null),
                f("CVE-2024-0003", deb("zlib1g", "1:1.2.13.dfsg-1"), Severity.MEDIUM, "debian", null,
                        new Suppression(Suppression.Kind.UNFIXED, "no fix available", "--ignore-unfixed", null)),
                f("CVE-2024-0005", deb("libcurl4", "7.88.1-10"), Severity.HIGH, "nvd", "7.88.1-10+deb12u6", null),
                f("CVE-2024-0006", npm(HOSTILE, "1.0.0"), Severity.CRITICAL, "ghsa", "1.0.1", null)), T));
        store.recordScan(scan("drydock", D2, "shop/web", List.of(
                f("CVE-2024-0001", libssl(), Severity.HIGH, "debian", "3.0.11-1~deb12u2", null),
                f("CVE-2024-0009", deb("zlib1g", "1:1.2.13.dfsg-1"), Severity.LOW, "debian", null, null)), T));
        store.recordScan(scan("trivy", D2, "shop/web", List.of(
                f("CVE-2024-0001", libssl(), Severity.HIGH, "nvd", "3.0.11-1~deb12u2", null),
                f("CVE-2024-0009", deb("zlib1g", "1:1.2.13.dfsg-1"), Severity.LOW, "debian", null, null)), T));
        // trivy --ignore-unfixed from now on: the unfixed finding disappears from its next scan
        store.recordScan(scan("trivy", D2, "shop/web", List.of(
                f("CVE-2024-0001", libssl(), Severity.HIGH, "nvd", "3.0.11-1~deb12u2", null)), T.plusSeconds(60)));
        store.recordScan(scan("drydock", D3, "shop/api", List.of(
                f("CVE-2024-0008", libssl(), Severity.CRITICAL, "debian", "3.0.11-1~deb12u2", null)), T));
    }

    static Package libssl() {
        return deb("libssl3", "3.0.11-1~deb12u1");
    }

    static Package deb(String name, String version) {
        return new Package(PackageType.DEB, name, version, "amd64", name, version, List.of(),
                "pkg:deb/debian/" + name + "@" + version + "?arch=amd64&distro=debian-12", null, "var/lib/dpkg/status", List.of());
    }

    static Package npm(String name, String version) {
        return new Package(PackageType.NPM, name, version, null, name, version, List.of(),
                "pkg:npm/evil-formula@" + version, null, "app/node_modules/evil/package.json", List.of());
    }

    static Finding f(String id, Package pkg, Severity severity, String source, String fixed, Suppression suppression) {
        return new Finding(id, List.of(), pkg, pkg.version(), fixed == null ? List.of() : List.of(fixed),
                fixed == null ? FindingStatus.AFFECTED : FindingStatus.FIXED, severity, source,
                List.of(new SeverityRating(source, severity, null, null, null)), "test", "debian:12", null, null,
                "title of " + id, null, List.of(), List.of(), suppression);
    }

    public static ScanUpload scan(String scanner, String digest, String repository, List<Finding> findings, Instant now) {
        String ref = "registry.example.com/" + repository + ":1";
        ScanReport report = new ScanReport("1.0.0", now, RematchFixtures.image(digest, ref), RematchFixtures.BOOKWORM, 0,
                new dev.drydock.vulndb.DbMetadata(2, now, scanner + "-db", List.of()), findings, List.of(),
                new GateResult(Set.of(), false, 0, List.of(), null));
        return new ScanUpload(report, List.of(), Stage.CI, Map.of("pipeline", scanner), scanner, "1.0.0",
                List.of(new ImageName("registry.example.com", repository, "1")));
    }
}
