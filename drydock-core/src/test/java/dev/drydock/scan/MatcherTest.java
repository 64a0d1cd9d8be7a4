package dev.drydock.scan;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Severity;
import dev.drydock.testing.TestDb;
import dev.drydock.vulndb.VulnDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Matching against a database built from the real advisory records in the test fixtures. */
class MatcherTest {
    private static final OsRelease BOOKWORM = new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", null);
    private static final OsRelease STRETCH = new OsRelease("debian", "9", "stretch", "Debian GNU/Linux 9 (stretch)", null);
    private static final OsRelease BUSTER = new OsRelease("debian", "10", "buster", "Debian GNU/Linux 10 (buster)", null);
    private static VulnDb db;

    @BeforeAll
    static void open() {
        db = VulnDb.open(TestDb.allFixturesDb());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Matcher.Result match(OsRelease os, Package... packages) {
        return new Matcher(db, new SeveritySelector(List.of()), java.time.LocalDate.parse("2026-11-26")).match(new Catalog(image(), os, List.of(packages), List.of()));
    }

    static ImageMetadata image() {
        return new ImageMetadata("test:1", null, null, null, null, null, null, null, null, null, null);
    }

    static Package deb(String name, String version, String source, String sourceVersion) {
        return new Package(PackageType.DEB, name, version, "amd64", source, sourceVersion, List.of(),
                "pkg:deb/debian/" + name + "@" + version + "?arch=amd64", null, null, List.of());
    }

    static Package lang(PackageType type, String purl, String name, String version) {
        return new Package(type, name, version, null, null, null, List.of(), purl, null, "/app/" + name, List.of());
    }

    @Test
    void debianBinaryPackagesMatchThroughTheirSourcePackage() {
        Matcher.Result r = match(BOOKWORM, deb("libsope1", "5.8.0-1", "sope", null), deb("sope-bin", "5.8.0-1+deb12u1", "sope", null));
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("CVE-2025-53603");
            assertThat(f.pkg().name()).isEqualTo("libsope1");
            assertThat(f.installedVersion()).isEqualTo("5.8.0-1");
            assertThat(f.status()).isEqualTo(FindingStatus.FIXED);
            assertThat(f.fixedVersions()).containsExactly("5.8.0-1+deb12u1");
            assertThat(f.advisorySource()).isEqualTo("debian-tracker");
            assertThat(f.namespace()).isEqualTo("debian:12");
        });
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void theReleaseDecides() {
        // chromium CVE-2022-0456: fixed in bookworm at 98.0.4758.80-1, open in buster with urgency "end-of-life".
        Package old = deb("chromium", "90.0.4430.212-1~deb10u1", null, null);
        Matcher.Result buster = match(BUSTER, old);
        assertThat(buster.findings()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("CVE-2022-0456");
            assertThat(f.status()).isEqualTo(FindingStatus.WILL_NOT_FIX);
            assertThat(f.fixedVersions()).isEmpty();
        });
        assertThat(buster.warnings()).singleElement().asString().contains("buster").contains("reached end of life on 2024-06-30");
        assertThat(match(BOOKWORM, deb("chromium", "98.0.4758.80-1", null, null)).findings()).isEmpty();
        assertThat(match(BOOKWORM, deb("chromium", "97.0.4692.99-1", null, null)).findings())
                .extracting(Finding::status).containsExactly(FindingStatus.FIXED);
    }

    @Test
    void trackerSaysNeverAffectedSoNothingMatches() {
        // prototypejs CVE-2007-2383 is resolved at version 0 in stretch; CVE-2008-7220 is fixed in 1.6.0.2-1.
        Matcher.Result r = match(STRETCH, deb("libjs-prototype", "1.6.0.1-1", "prototypejs", null));
        assertThat(r.findings()).extracting(Finding::id).containsExactly("CVE-2008-7220");
    }

    @Test
    void binNmuVersionsUseTheSourceVersion() {
        // libsope1 rebuilt as 5.8.0-1+b1 from source 5.8.0-1 still lacks the fix of 5.8.0-1+deb12u1
        assertThat(match(BOOKWORM, deb("libsope1", "5.8.0-1+b1", "sope", "5.8.0-1")).findings())
                .extracting(Finding::installedVersion).containsExactly("5.8.0-1");
    }

    @Test
    void mavenByGroupAndArtifactWithGhsaSeverityAndKev() {
        Package vulnerable = lang(PackageType.MAVEN, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "log4j-core", "2.14.1");
        Matcher.Result r = match(null, vulnerable);
        Finding f = r.findings().stream().filter(x -> x.id().equals("CVE-2021-44228")).findFirst().orElseThrow();
        assertThat(f.aliases()).contains("GHSA-jfh8-c2jp-5v3q");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.severitySource()).isEqualTo("ghsa");
        assertThat(f.fixedVersions()).containsExactly("2.15.0");
        assertThat(f.kev()).isNotNull();
        assertThat(f.kev().knownRansomwareUse()).isTrue();
        assertThat(f.title()).containsIgnoringCase("log4j");

        Package fixed = lang(PackageType.MAVEN, "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", "log4j-core", "2.17.1");
        assertThat(match(null, fixed).findings()).extracting(Finding::id).doesNotContain("CVE-2021-44228");
        // same artifact name in another group is another package
        Package other = lang(PackageType.MAVEN, "pkg:maven/org.example/log4j-core@2.14.1", "log4j-core", "2.14.1");
        assertThat(match(null, other).findings()).isEmpty();
    }

    @Test
    void openEndedRangeHasNoFix() {
        // GHSA-fp5r-v3w9-4333: log4j:log4j from 1.2.0 with no fixed version
        Package log4j1 = lang(PackageType.MAVEN, "pkg:maven/log4j/log4j@1.2.17", "log4j", "1.2.17");
        assertThat(match(null, log4j1).findings()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("CVE-2021-4104");
            assertThat(f.status()).isEqualTo(FindingStatus.AFFECTED);
            assertThat(f.fixedVersions()).isEmpty();
        });
    }

    @Test
    void npmPypiNugetCargoAndGo() {
        assertThat(match(null, lang(PackageType.NPM, "pkg:npm/lodash@4.17.11", "lodash", "4.17.11")).findings())
                .extracting(Finding::id).containsExactly("CVE-2019-10744");
        assertThat(match(null, lang(PackageType.NPM, "pkg:npm/lodash@4.17.12", "lodash", "4.17.12")).findings()).isEmpty();
        // PyPI names are compared after PEP 503 normalisation
        assertThat(match(null, lang(PackageType.PYPI, "pkg:pypi/Requests@2.30.0", "Requests", "2.30.0")).findings())
                .extracting(Finding::id).containsExactly("CVE-2023-32681");
        assertThat(match(null, lang(PackageType.NUGET, "pkg:nuget/System.Text.Json@8.0.3", "System.Text.Json", "8.0.3")).findings())
                .extracting(Finding::id).containsExactly("CVE-2024-30105");
        assertThat(match(null, lang(PackageType.CARGO, "pkg:cargo/tokio@1.10.0", "tokio", "1.10.0")).findings())
                .extracting(Finding::id).containsExactly("CVE-2021-45710");
        assertThat(match(null, lang(PackageType.CARGO, "pkg:cargo/tokio@1.8.4", "tokio", "1.8.4")).findings()).isEmpty();
        // Go: the standard library as a Go binary records it, and a module with a pseudo-version fix
        assertThat(match(null, lang(PackageType.GOLANG, "pkg:golang/stdlib@go1.19.0", "stdlib", "go1.19.0")).findings())
                .extracting(Finding::id, Finding::fixedVersions).containsExactly(org.assertj.core.groups.Tuple.tuple("CVE-2022-27664", List.of("1.19.1")));
        assertThat(match(null, lang(PackageType.GOLANG, "pkg:golang/stdlib@go1.19.1", "stdlib", "go1.19.1")).findings()).isEmpty();
        assertThat(match(null, lang(PackageType.GOLANG, "pkg:golang/gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b",
                "gopkg.in/yaml.v3", "v3.0.0-20210107192922-496545a6307b")).findings())
                .extracting(Finding::id).containsExactly("CVE-2022-28948");
    }

    @Test
    void alpineBySecdbWithApkVersionOrder() {
        OsRelease alpine = new OsRelease("alpine", "3.15.4", null, "Alpine Linux v3.15", null);
        Package zlib = new Package(PackageType.APK, "zlib", "1.2.12-r1", "x86_64", "zlib", null, List.of(),
                "pkg:apk/alpine/zlib@1.2.12-r1", null, null, List.of());
        assertThat(match(alpine, zlib).findings()).extracting(Finding::id, Finding::fixedVersions)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CVE-2022-37434", List.of("1.2.12-r2")));
    }

    @Test
    void ubuntuBySourcePackageWithUbuntusOwnPriority(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path ubuntuDb = new dev.drydock.vulndb.DbBuild(List.of(dev.drydock.testing.Fixtures.path("ubuntu-osv")), null,
                List.of(), List.of(), null, null).run(tmp.resolve("u.db"), java.time.Instant.now(), "test",
                new dev.drydock.catalog.Warnings(), s -> {
                });
        OsRelease jammy = new OsRelease("ubuntu", "22.04", "jammy", "Ubuntu 22.04.3 LTS", "debian");
        Package client = new Package(PackageType.DEB, "libwayland-client0", "1.20.0-1", "amd64", "wayland", null, List.of(),
                "pkg:deb/ubuntu/libwayland-client0@1.20.0-1?arch=amd64", null, null, List.of());
        try (VulnDb u = VulnDb.open(ubuntuDb)) {
            Matcher.Result r = new Matcher(u, new SeveritySelector(List.of()), java.time.LocalDate.parse("2026-11-26"))
                    .match(new Catalog(image(), jammy, List.of(client), List.of()));
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.id()).isEqualTo("CVE-2021-3782");
                assertThat(f.aliases()).containsExactly("UBUNTU-CVE-2021-3782");
                assertThat(f.namespace()).isEqualTo("ubuntu:22.04");
                assertThat(f.fixedVersions()).containsExactly("1.20.0-1ubuntu0.1");
                assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(f.severitySource()).isEqualTo("ubuntu");
                assertThat(f.ratings().get(0).cvssVersion()).isNull(); // the priority word, not the vector
            });
            Package fixed = client.withPurl("pkg:deb/ubuntu/libwayland-client0@1.20.0-1ubuntu0.1?arch=amd64");
            fixed = new Package(PackageType.DEB, "libwayland-client0", "1.20.0-1ubuntu0.1", "amd64", "wayland", null, List.of(),
                    fixed.purl(), null, null, List.of());
            assertThat(new Matcher(u, new SeveritySelector(List.of()), java.time.LocalDate.parse("2026-11-26"))
                    .match(new Catalog(image(), jammy, List.of(fixed), List.of())).findings()).isEmpty();
        }
    }

    @Test
    void severitySourceOverrideAndItsFallback() {
        Package vulnerable = lang(PackageType.MAVEN, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "log4j-core", "2.14.1");
        Catalog c = new Catalog(image(), null, List.of(vulnerable), List.of());
        java.time.LocalDate d = java.time.LocalDate.parse("2026-11-26");
        Finding nvdOnly = new Matcher(db, new SeveritySelector(List.of("nvd")), d).match(c).findings().stream()
                .filter(f -> f.id().equals("CVE-2021-44228")).findFirst().orElseThrow();
        assertThat(nvdOnly.severity()).isEqualTo(Severity.UNKNOWN); // the fixtures hold no NVD record for it
        Finding withAuto = new Matcher(db, new SeveritySelector(List.of("nvd", "auto")), d).match(c).findings().stream()
                .filter(f -> f.id().equals("CVE-2021-44228")).findFirst().orElseThrow();
        assertThat(withAuto.severitySource()).isEqualTo("ghsa");
    }

    @Test
    void anAdvisoryWithAnUnorderableVersionIsSkippedNotTheWholePackage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path osv = java.nio.file.Files.createDirectories(tmp.resolve("osv"));
        java.nio.file.Files.copy(dev.drydock.testing.Fixtures.path("osv/GHSA-jf85-cpcp-j695.json"), osv.resolve("GHSA-jf85-cpcp-j695.json"));
        java.nio.file.Files.writeString(osv.resolve("EVIL-1.json"), """
                {"id": "EVIL-1", "modified": "2026-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
                 "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "not-a-version!!"}]}]}]}
                """);
        java.nio.file.Path evilDb = new dev.drydock.vulndb.DbBuild(List.of(osv), null, List.of(), List.of(), null, null)
                .run(tmp.resolve("e.db"), java.time.Instant.now(), "test", new dev.drydock.catalog.Warnings(), s -> {
                });
        try (VulnDb e = VulnDb.open(evilDb)) {
            Matcher.Result r = new Matcher(e, new SeveritySelector(List.of()), java.time.LocalDate.parse("2026-11-26"))
                    .match(new Catalog(image(), null, List.of(lang(PackageType.NPM, "pkg:npm/lodash@4.17.11", "lodash", "4.17.11")), List.of()));
            assertThat(r.findings()).extracting(Finding::id).containsExactly("CVE-2019-10744");
            assertThat(r.warnings()).isEmpty(); // the parser already dropped the unorderable range
        }
    }

    @Test
    void aDistroWithoutDataIsNeverASilentZero() {
        OsRelease rocky = new OsRelease("rocky", "9.3", null, "Rocky Linux 9.3 (Blue Onyx)", "rhel centos fedora");
        Package bash = new Package(PackageType.RPM, "bash", "5.1.8-6.el9", "x86_64", null, null, List.of(),
                "pkg:rpm/rocky/bash@5.1.8-6.el9", null, null, List.of());
        assertThat(match(rocky, bash).warnings()).singleElement().asString()
                .contains("Rocky Linux 9.3").contains("1 OS packages were not checked");

        OsRelease wheezy = new OsRelease("debian", "7", "wheezy", "Debian GNU/Linux 7 (wheezy)", null);
        assertThat(match(wheezy, deb("bash", "4.2+dfsg-0.1+deb7u3", null, null)).warnings()).singleElement().asString()
                .contains("no data for").contains("debian:7").contains("end of life on");

        assertThat(match(null, deb("bash", "5.2.37-2", null, null)).warnings()).singleElement().asString()
                .contains("could not be identified");
    }

    @Test
    void unparseableInstalledVersionIsReportedNotGuessed() {
        Matcher.Result r = match(null, lang(PackageType.NPM, "pkg:npm/lodash@not.a.version", "lodash", "not.a.version"));
        assertThat(r.findings()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("lodash").contains("not checked");
    }
}
