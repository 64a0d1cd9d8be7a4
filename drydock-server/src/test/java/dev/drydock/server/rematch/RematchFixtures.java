package dev.drydock.server.rematch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.catalog.Warnings;
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
import dev.drydock.policy.IgnoreFileParser;
import dev.drydock.policy.IgnoreRule;
import dev.drydock.policy.Policy;
import dev.drydock.report.ScanReport;
import dev.drydock.scan.Scanner;
import dev.drydock.scan.SeveritySelector;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Stage;
import dev.drydock.testing.Fixtures;
import dev.drydock.vulndb.DbBuild;
import dev.drydock.vulndb.VulnDb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Three vulnerability databases built from the real advisory fixtures of drydock-core, as a server would
 * see them over three weeks, and scan uploads made with the real scanner against them:
 *
 * <ol>
 *   <li>{@link #db1}: the Debian tracker before the fix of CVE-2025-53603 (SOPE's NULL dereference) was
 *       released for bookworm: the real record with bookworm still {@code open}, as the tracker lists a
 *       vulnerability before its DSA; no OSV data yet.</li>
 *   <li>{@link #db2}: the real tracker record (fixed in 5.8.0-1+deb12u1), and GitHub's real advisory of
 *       Log4Shell (GHSA-jfh8-c2jp-5v3q, CVE-2021-44228).</li>
 *   <li>{@link #db3}: db2 plus CISA's real KEV catalog, which lists CVE-2021-44228.</li>
 * </ol>
 */
public final class RematchFixtures {
    public static final Instant T1 = Instant.parse("2026-11-01T03:00:00Z");
    public static final Instant T2 = Instant.parse("2026-11-08T03:00:00Z");
    public static final Instant T3 = Instant.parse("2026-11-15T03:00:00Z");
    public static final OsRelease BOOKWORM = new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", null);
    public static final String SOPE_CVE = "CVE-2025-53603";
    public static final String LOG4SHELL = "CVE-2021-44228";
    public static final String LOG4J_PURL = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RematchFixtures() {
    }

    public static Path db1(Path dir) {
        return build(dir.resolve("db1.db"), T1, List.of(), trackerBeforeTheFix(dir), null);
    }

    public static Path db2(Path dir) {
        return build(dir.resolve("db2.db"), T2, List.of(osv(dir, "GHSA-jfh8-c2jp-5v3q.json")), Fixtures.path("debian-tracker/debian.json"), null);
    }

    public static Path db3(Path dir) {
        return build(dir.resolve("db3.db"), T3, List.of(osv(dir, "GHSA-jfh8-c2jp-5v3q.json")), Fixtures.path("debian-tracker/debian.json"),
                Fixtures.path("kev/known_exploited_vulnerabilities.json.gz"));
    }

    /** Puts a built database where a server reads it, the way `drydock db update` does: an atomic rename. */
    public static void install(Path built, Path serverDb) {
        try {
            Path tmp = serverDb.resolveSibling(serverDb.getFileName() + ".new");
            Files.copy(built, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, serverDb, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path build(Path target, Instant builtAt, List<Path> osv, Path debian, Path kev) {
        try {
            Files.deleteIfExists(target);
            return new DbBuild(osv, debian, List.of(), List.of(), kev, null).run(target, builtAt, "drydock test", new Warnings(), s -> {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real tracker export with bookworm's entry for CVE-2025-53603 as it stood before the fix: open, no fixed version. */
    private static Path trackerBeforeTheFix(Path dir) {
        try {
            ObjectNode tracker = (ObjectNode) JSON.readTree(Fixtures.path("debian-tracker/debian.json").toFile());
            ObjectNode bookworm = (ObjectNode) tracker.get("sope").get(SOPE_CVE).get("releases").get("bookworm");
            bookworm.put("status", "open");
            bookworm.remove("fixed_version");
            ((ObjectNode) bookworm.get("repositories")).remove("bookworm-security");
            Path out = dir.resolve("debian-before-fix.json");
            JSON.writeValue(out.toFile(), tracker);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path osv(Path dir, String file) {
        try {
            Path osvDir = Files.createDirectories(dir.resolve("osv"));
            Files.copy(Fixtures.path("osv/" + file), osvDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            return osvDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SOPE's shared library as dpkg lists it on bookworm; its source package is sope. */
    public static Package libsope(String version) {
        return new Package(PackageType.DEB, "libsope1", version, "amd64", "sope", version, List.of("GPL-2.0"),
                "pkg:deb/debian/libsope1@" + version + "?arch=amd64&distro=debian-12", null, "var/lib/dpkg/status", List.of());
    }

    public static Package log4j() {
        return new Package(PackageType.MAVEN, "log4j-core", "2.14.1", null, "log4j-core", "2.14.1", List.of("Apache-2.0"),
                LOG4J_PURL, null, "app/lib/log4j-core-2.14.1.jar", List.of());
    }

    public static String digest(int n) {
        return "sha256:" + String.format("%064x", n);
    }

    public static ImageMetadata image(String digest, String reference) {
        return new ImageMetadata(reference, Digest.parse(digest), "application/vnd.oci.image.manifest.v1+json",
                Digest.parse("sha256:" + "c5".repeat(32)), Platform.LINUX_AMD64, "2026-10-30T08:00:00Z", List.of(),
                List.of(reference), List.of(), Map.of(), Map.of());
    }

    /** What `drydock scan --server` uploads from CI: the real scanner's report with its catalog, as of {@code db}. */
    public static ScanUpload ciScan(VulnDb db, String digest, List<Package> packages, String ignoreFile, Instant now) {
        List<IgnoreRule> rules = ignoreFile == null ? List.of()
                : IgnoreFileParser.parse(".trivyignore", ignoreFile.getBytes(StandardCharsets.UTF_8));
        Policy policy = Policy.builder(LocalDate.ofInstant(now, ZoneOffset.UTC), now)
                .severities(Set.of(Severity.CRITICAL)).ignoreRules(rules).imageDigest(digest).build();
        String reference = "registry.example.com/mail/sogo:5.8";
        Catalog catalog = new Catalog(image(digest, reference), BOOKWORM, packages, List.of());
        ScanReport report = new Scanner(db, new SeveritySelector(List.of()), policy, "0.4.0", -1).scan(catalog, now, now, List.of());
        return ScanUpload.drydock(report, packages, Stage.CI, Map.of("repo", "git.example.com/mail/sogo", "pipeline", "build-77"),
                List.of(new ImageName("registry.example.com", "mail/sogo", "5.8")));
    }

    /**
     * Another scanner's upload: Trivy reporting OpenSSL's CVE-2023-5363 (DSA-5532-1) in libssl3, which
     * drydock's catalog of this image does not hold, so only Trivy ever attributes it.
     */
    public static ScanUpload trivyScan(String digest, Instant now, String pipeline) {
        Package libssl = new Package(PackageType.DEB, "libssl3", "3.0.11-1~deb12u1", "amd64", "openssl", "3.0.11-1~deb12u1", List.of(),
                "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12", null, "var/lib/dpkg/status", List.of());
        Finding f = new Finding("CVE-2023-5363", List.of("DSA-5532-1"), libssl, "3.0.11-1~deb12u1", List.of("3.0.11-1~deb12u2"),
                FindingStatus.FIXED, Severity.HIGH, "nvd",
                List.of(new SeverityRating("nvd", Severity.HIGH, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5)),
                "debian-tracker", "debian:12", null, null, "Incorrect cipher key & IV length processing", null,
                List.of("https://www.openssl.org/news/secadv/20231024.txt"), List.of(), null);
        ScanReport report = new ScanReport("0.58.1", now, image(digest, "registry.example.com/mail/sogo:5.8"), BOOKWORM, 0,
                new dev.drydock.vulndb.DbMetadata(2, now, "trivy-db", List.of()), List.of(f), List.of(),
                new GateResult(Set.of(), false, 0, List.of(), null));
        return new ScanUpload(report, List.of(), Stage.REGISTRY, Map.of("pipeline", pipeline), "trivy", "0.58.1", List.of());
    }
}
