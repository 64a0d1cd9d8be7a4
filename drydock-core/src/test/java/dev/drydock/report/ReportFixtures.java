package dev.drydock.report;

import dev.drydock.model.Digest;
import dev.drydock.model.Epss;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Kev;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.model.Suppression;
import dev.drydock.policy.BreakGlass;
import dev.drydock.policy.GateResult;
import dev.drydock.vulndb.DbMetadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scan reports built from real advisories: a Debian 12 image with OpenSSL and zlib findings from the
 * Debian tracker, and an application jar with Log4Shell from GHSA, with NVD's CVSS vectors and scores.
 */
final class ReportFixtures {
    static final Instant CREATED = Instant.parse("2026-11-20T10:15:30Z");
    static final String TOOL_VERSION = "0.4.0";
    static final Digest MANIFEST = Digest.parse("sha256:" + "b4".repeat(32));
    static final Digest BASE_LAYER = Digest.parse("sha256:" + "1a".repeat(32));
    static final Digest APP_LAYER = Digest.parse("sha256:" + "2b".repeat(32));
    static final String REFERENCE = "registry.example.com/shop/api:1.4.2";
    static final String LIBSSL_PURL = "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12";
    static final String LOG4J_PURL = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

    private ReportFixtures() {
    }

    static ImageMetadata image() {
        return new ImageMetadata(REFERENCE, MANIFEST, "application/vnd.oci.image.manifest.v1+json",
                Digest.parse("sha256:" + "c5".repeat(32)), Platform.LINUX_AMD64, "2026-11-19T08:00:00Z",
                List.of(new Layer(0, Digest.parse("sha256:" + "d6".repeat(32)), BASE_LAYER, 29_153_221, "application/vnd.oci.image.layer.v1.tar+gzip"),
                        new Layer(1, Digest.parse("sha256:" + "e7".repeat(32)), APP_LAYER, 4_211_004, "application/vnd.oci.image.layer.v1.tar+gzip")),
                List.of(REFERENCE), List.of(), Map.of("org.opencontainers.image.source", "https://git.example.com/shop/api"), Map.of());
    }

    static OsRelease debian12() {
        return new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", null);
    }

    static DbMetadata db() {
        return new DbMetadata(1, Instant.parse("2026-11-20T03:00:00Z"), "drydock 0.4.0",
                List.of(new DbMetadata.SourceInfo("debian-tracker", Instant.parse("2026-11-20T02:10:00Z"), 58_211, "https://security-tracker.debian.org/tracker/data/json"),
                        new DbMetadata.SourceInfo("osv", Instant.parse("2026-11-20T02:40:00Z"), 211_904, "osv-all.zip")));
    }

    static Package deb(String name, String version, String source) {
        return new Package(PackageType.DEB, name, version, "amd64", source, version, List.of(),
                "pkg:deb/debian/" + name + "@" + version + "?arch=amd64&distro=debian-12", BASE_LAYER, "var/lib/dpkg/status", List.of());
    }

    static Package log4j() {
        return new Package(PackageType.MAVEN, "log4j-core", "2.14.1", null, "log4j-core", "2.14.1", List.of("Apache-2.0"),
                LOG4J_PURL, APP_LAYER, "app/lib/log4j-core-2.14.1.jar", List.of(), Map.of("sha1", "9141212b8507ab50a45525b545b39d224614528b"));
    }

    /** CVE-2023-5363 in libssl3 from bookworm's 3.0.11-1~deb12u1, fixed by DSA-5532-1. */
    static Finding openssl() {
        return new Finding("CVE-2023-5363", List.of("DSA-5532-1"), deb("libssl3", "3.0.11-1~deb12u1", "openssl"),
                "3.0.11-1~deb12u1", List.of("3.0.11-1~deb12u2"), FindingStatus.FIXED, Severity.HIGH, "nvd",
                List.of(new SeverityRating("nvd", Severity.HIGH, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5),
                        SeverityRating.of("debian", Severity.UNKNOWN)),
                "debian-tracker", "debian:12", new Epss(0.00211, 0.59312), null,
                "Incorrect cipher key & IV length processing",
                "Issue summary: A bug has been identified in the processing of key and initialisation vector (IV) lengths.",
                List.of("https://security-tracker.debian.org/tracker/CVE-2023-5363", "https://www.openssl.org/news/secadv/20231024.txt"),
                List.of(), null);
    }

    /** CVE-2024-0727 (PKCS12 NULL dereference) in the same package: two rows under one package heading. */
    static Finding opensslPkcs12() {
        return new Finding("CVE-2024-0727", List.of(), deb("libssl3", "3.0.11-1~deb12u1", "openssl"),
                "3.0.11-1~deb12u1", List.of("3.0.13-1~deb12u1"), FindingStatus.FIXED, Severity.MEDIUM, "nvd",
                List.of(new SeverityRating("nvd", Severity.MEDIUM, "3.1", "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", 5.5)),
                "debian-tracker", "debian:12", null, null,
                "PKCS12 Decoding crashes", null,
                List.of("https://www.openssl.org/news/secadv/20240125.txt"), List.of("CWE-476"), null);
    }

    /** Log4Shell as GHSA reports it for Maven, with NVD's vector and CISA KEV's entry. */
    static Finding log4shell() {
        return new Finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), log4j(), "2.14.1", List.of("2.15.0"),
                FindingStatus.FIXED, Severity.CRITICAL, "ghsa",
                List.of(new SeverityRating("ghsa", Severity.CRITICAL, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
                        new SeverityRating("nvd", Severity.CRITICAL, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
                        new SeverityRating("nvd", Severity.MEDIUM, "2.0", "AV:N/AC:M/Au:N/C:C/I:C/A:C", 9.3)),
                "osv", "maven", new Epss(0.94358, 0.99979),
                new Kev(LocalDate.parse("2021-12-10"), LocalDate.parse("2021-12-24"), true),
                "Remote code injection in Log4j",
                "Apache Log4j2 2.0-beta9 through 2.15.0 JNDI features used in configuration, log messages, and parameters "
                        + "do not protect against attacker controlled LDAP and other JNDI related endpoints.",
                List.of("https://github.com/advisories/GHSA-jfh8-c2jp-5v3q", "https://logging.apache.org/log4j/2.x/security.html"),
                List.of("CWE-502", "CWE-400", "CWE-20"), null);
    }

    /** zlib's minizip flaw: not built into zlib1g, so a VEX statement says not affected. */
    static Finding zlibVex() {
        return new Finding("CVE-2023-45853", List.of(), deb("zlib1g", "1:1.2.13.dfsg-1", "zlib"), "1:1.2.13.dfsg-1", List.of(),
                FindingStatus.WILL_NOT_FIX, Severity.CRITICAL, "nvd",
                List.of(new SeverityRating("nvd", Severity.CRITICAL, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)),
                "debian-tracker", "debian:12", null, null, "Integer overflow in minizip zipOpenNewFileInZip4_64", null,
                List.of("https://security-tracker.debian.org/tracker/CVE-2023-45853"), List.of("CWE-190"),
                new Suppression(Suppression.Kind.VEX, "vulnerable_code_not_present: minizip is not part of the zlib1g binary",
                        "vex/debian-base.openvex.json", null));
    }

    /** An ignore-file entry with an expiry date. */
    static Finding gccIgnored() {
        return new Finding("CVE-2023-4039", List.of(), deb("libgcc-s1", "12.2.0-14", "gcc-12"), "12.2.0-14", List.of(),
                FindingStatus.WILL_NOT_FIX, Severity.MEDIUM, "nvd",
                List.of(new SeverityRating("nvd", Severity.MEDIUM, "3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", 4.8)),
                "debian-tracker", "debian:12", null, null, "GCC's -fstack-protector fails to guard dynamic stack allocations on ARM64", null,
                List.of("https://security-tracker.debian.org/tracker/CVE-2023-4039"), List.of(),
                new Suppression(Suppression.Kind.IGNORE_FILE, "image runs on amd64 only", ".drydockignore:3", LocalDate.parse("2027-01-31")));
    }

    /** Left out by --ignore-unfixed. */
    static Finding aptUnfixed() {
        return new Finding("CVE-2011-3374", List.of(), deb("apt", "2.6.1", "apt"), "2.6.1", List.of(), FindingStatus.AFFECTED,
                Severity.NEGLIGIBLE, "debian", List.of(SeverityRating.of("debian", Severity.NEGLIGIBLE)),
                "debian-tracker", "debian:12", null, null, null, null, List.of(), List.of(),
                new Suppression(Suppression.Kind.UNFIXED, "no fix available", null, null));
    }

    static GateResult failingGate() {
        return new GateResult(Set.of(Severity.CRITICAL, Severity.HIGH), true, 1,
                List.of("CVE-2021-44228/" + LOG4J_PURL, "CVE-2023-5363/" + LIBSSL_PURL), null);
    }

    static GateResult overriddenGate() {
        return new GateResult(Set.of(Severity.CRITICAL, Severity.HIGH), true, 1,
                List.of("CVE-2021-44228/" + LOG4J_PURL, "CVE-2023-5363/" + LIBSSL_PURL),
                new BreakGlass("hotfix for checkout outage INC-4711", Instant.parse("2026-11-20T10:14:00Z"),
                        Map.of("provider", "github-actions", "actor", "octo-dev", "repository", "shop/api")));
    }

    static GateResult passingGate() {
        return new GateResult(Set.of(Severity.CRITICAL), false, 1, List.of(), null);
    }

    /** Findings in report order: severity descending, then package name, then id. */
    static List<Finding> allFindings() {
        return List.of(log4shell(), zlibVex(), openssl(), gccIgnored(), opensslPkcs12(), aptUnfixed());
    }

    static ScanReport report(GateResult gate) {
        return report(allFindings(), gate, List.of("the vulnerability database is 3 days old"));
    }

    static ScanReport report(List<Finding> findings, GateResult gate, List<String> warnings) {
        return new ScanReport(TOOL_VERSION, CREATED, image(), debian12(), 143, db(), findings, warnings, gate);
    }

    static ScanReport sample() {
        return report(failingGate());
    }

    /** A finding whose every advisory-controlled string is an attack on some output format. */
    static Finding hostile(String title) {
        Package pkg = new Package(PackageType.NPM, "evil|pkg<b>", "1.0.0", null, null, null, List.of(),
                "pkg:npm/evil-pkg@1.0.0", APP_LAYER, "app/node_modules/evil-pkg/package.json", List.of());
        return new Finding("GHSA-xxxx-yyyy-zzzz", List.of(), pkg, "1.0.0\u001b[2J", List.of("1.0.1`|"), FindingStatus.FIXED, Severity.HIGH,
                "ghsa", List.of(SeverityRating.of("ghsa", Severity.HIGH)), "osv", "npm", null, null, title,
                "line one\n\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007\n<img src=x onerror=alert(1)>",
                List.of("javascript:alert(1)", "https://github.com/advisories/GHSA-xxxx-yyyy-zzzz)[x](https://evil.example"),
                List.of("CWE-79"), null);
    }

    static List<Finding> with(List<Finding> base, Finding extra) {
        List<Finding> out = new ArrayList<>(base);
        out.add(0, extra);
        return out;
    }

    static byte[] write(ReportWriter writer, ScanReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(report, out);
        return out.toByteArray();
    }

    static String text(ReportWriter writer, ScanReport report) throws IOException {
        return new String(write(writer, report), StandardCharsets.UTF_8);
    }
}
