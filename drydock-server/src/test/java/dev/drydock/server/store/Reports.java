package dev.drydock.server.store;

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
import dev.drydock.policy.GateResult;
import dev.drydock.report.ScanReport;
import dev.drydock.vulndb.DbMetadata;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scan uploads built from real advisories: a Debian 12 image with OpenSSL's CVE-2023-5363 (DSA-5532-1)
 * and CVE-2024-0727 from the Debian tracker, zlib's CVE-2023-45853 suppressed by VEX, and an
 * application jar with Log4Shell (CVE-2021-44228, GHSA-jfh8-c2jp-5v3q) with NVD's vectors, EPSS and KEV.
 */
final class Reports {
    static final Digest BASE_LAYER = Digest.parse("sha256:" + "1a".repeat(32));
    static final Digest APP_LAYER = Digest.parse("sha256:" + "2b".repeat(32));
    static final Instant SCANNED = Instant.parse("2026-11-20T10:15:30Z");
    static final String LOG4J_PURL = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
    static final String LIBSSL_PURL = "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12";

    private Reports() {
    }

    static String digest(int n) {
        return "sha256:" + String.format("%064x", n);
    }

    static ImageMetadata image(String digest, String reference) {
        return new ImageMetadata(reference, Digest.parse(digest), "application/vnd.oci.image.manifest.v1+json",
                Digest.parse("sha256:" + "c5".repeat(32)), Platform.LINUX_AMD64, "2026-11-19T08:00:00Z",
                List.of(new Layer(0, Digest.parse("sha256:" + "d6".repeat(32)), BASE_LAYER, 29_153_221, "application/vnd.oci.image.layer.v1.tar+gzip"),
                        new Layer(1, Digest.parse("sha256:" + "e7".repeat(32)), APP_LAYER, 4_211_004, "application/vnd.oci.image.layer.v1.tar+gzip")),
                List.of(reference), List.of(),
                Map.of("org.opencontainers.image.source", "https://git.example.com/shop/api",
                        "org.opencontainers.image.revision", "4f1c2a9"), Map.of());
    }

    static DbMetadata db() {
        return new DbMetadata(1, Instant.parse("2026-11-20T03:00:00Z"), "drydock 0.4.0",
                List.of(new DbMetadata.SourceInfo("debian-tracker", Instant.parse("2026-11-20T02:10:00Z"), 58_211, "https://security-tracker.debian.org/tracker/data/json")));
    }

    static Package deb(String name, String version, String source) {
        return new Package(PackageType.DEB, name, version, "amd64", source, version, List.of(),
                "pkg:deb/debian/" + name + "@" + version + "?arch=amd64&distro=debian-12", BASE_LAYER, "var/lib/dpkg/status", List.of());
    }

    static Package log4j() {
        return new Package(PackageType.MAVEN, "log4j-core", "2.14.1", null, "log4j-core", "2.14.1", List.of("Apache-2.0"),
                LOG4J_PURL, APP_LAYER, "app/lib/log4j-core-2.14.1.jar", List.of());
    }

    static List<Package> packages() {
        return List.of(deb("libssl3", "3.0.11-1~deb12u1", "openssl"), deb("zlib1g", "1:1.2.13.dfsg-1", "zlib"),
                deb("apt", "2.6.1", "apt"), log4j());
    }

    static Finding log4shell() {
        return new Finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), log4j(), "2.14.1", List.of("2.15.0"),
                FindingStatus.FIXED, Severity.CRITICAL, "ghsa",
                List.of(new SeverityRating("ghsa", Severity.CRITICAL, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
                        new SeverityRating("nvd", Severity.MEDIUM, "2.0", "AV:N/AC:M/Au:N/C:C/I:C/A:C", 9.3)),
                "osv", "maven", new Epss(0.94358, 0.99979),
                new Kev(LocalDate.parse("2021-12-10"), LocalDate.parse("2021-12-24"), true),
                "Remote code injection in Log4j",
                "Apache Log4j2 2.0-beta9 through 2.15.0 JNDI features used in configuration, log messages, and parameters "
                        + "do not protect against attacker controlled LDAP and other JNDI related endpoints.",
                List.of("https://github.com/advisories/GHSA-jfh8-c2jp-5v3q"), List.of("CWE-502"), null);
    }

    static Finding openssl() {
        return new Finding("CVE-2023-5363", List.of("DSA-5532-1"), deb("libssl3", "3.0.11-1~deb12u1", "openssl"),
                "3.0.11-1~deb12u1", List.of("3.0.11-1~deb12u2"), FindingStatus.FIXED, Severity.HIGH, "nvd",
                List.of(new SeverityRating("nvd", Severity.HIGH, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5)),
                "debian-tracker", "debian:12", new Epss(0.00211, 0.59312), null,
                "Incorrect cipher key & IV length processing",
                "Issue summary: A bug has been identified in the processing of key and initialisation vector (IV) lengths.",
                List.of("https://www.openssl.org/news/secadv/20231024.txt"), List.of(), null);
    }

    static Finding opensslPkcs12() {
        return new Finding("CVE-2024-0727", List.of(), deb("libssl3", "3.0.11-1~deb12u1", "openssl"),
                "3.0.11-1~deb12u1", List.of("3.0.13-1~deb12u1"), FindingStatus.FIXED, Severity.MEDIUM, "nvd",
                List.of(new SeverityRating("nvd", Severity.MEDIUM, "3.1", "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", 5.5)),
                "debian-tracker", "debian:12", null, null, "PKCS12 Decoding crashes", null,
                List.of("https://www.openssl.org/news/secadv/20240125.txt"), List.of("CWE-476"), null);
    }

    static Finding zlibVex() {
        return new Finding("CVE-2023-45853", List.of(), deb("zlib1g", "1:1.2.13.dfsg-1", "zlib"), "1:1.2.13.dfsg-1", List.of(),
                FindingStatus.WILL_NOT_FIX, Severity.CRITICAL, "nvd",
                List.of(new SeverityRating("nvd", Severity.CRITICAL, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)),
                "debian-tracker", "debian:12", null, null, "Integer overflow in minizip zipOpenNewFileInZip4_64", null,
                List.of(), List.of("CWE-190"),
                new Suppression(Suppression.Kind.VEX, "vulnerable_code_not_present", "vex/debian-base.openvex.json", null));
    }

    static List<Finding> all() {
        return List.of(log4shell(), zlibVex(), openssl(), opensslPkcs12());
    }

    static ScanReport report(String digest, String reference, Instant createdAt, List<Finding> findings) {
        GateResult gate = new GateResult(Set.of(Severity.CRITICAL, Severity.HIGH), false, 1,
                findings.stream().filter(f -> !f.suppressed() && f.severity().compareTo(Severity.HIGH) >= 0)
                        .map(f -> f.id() + "/" + f.pkg().purl()).sorted().toList(), null);
        return new ScanReport("0.4.0", createdAt, image(digest, reference),
                new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", null), 4, db(), findings, List.of(), gate);
    }

    static ScanUpload upload(String digest, String repository, String tag, Instant createdAt, List<Finding> findings) {
        String reference = "registry.example.com/" + repository + ":" + tag;
        return ScanUpload.drydock(report(digest, reference, createdAt, findings), packages(), Stage.CI,
                Map.of("repo", "git.example.com/" + repository, "commit", "4f1c2a9", "pipeline", "build-812", "actor", "octo-dev"),
                List.of(new ImageName("registry.example.com", repository, tag)));
    }

    static ScanUpload upload(List<Finding> findings) {
        return upload(digest(1), "shop/api", "1.4.2", SCANNED, findings);
    }
}
