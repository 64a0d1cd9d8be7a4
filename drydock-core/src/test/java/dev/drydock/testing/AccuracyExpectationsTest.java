package dev.drydock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.testing.AccuracyExpectations.Entry;
import dev.drydock.testing.AccuracyExpectations.Expected;
import dev.drydock.testing.AccuracyExpectations.Installed;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class AccuracyExpectationsTest {

    private static Set<String> cves(Set<Expected> expected) {
        return expected.stream().map(Expected::cve).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void perlAtThePointReleaseMissesTheThirteenFixesOfTheSecuritySuite() {
        Set<Expected> e = AccuracyExpectations.expected(List.of(
                new Installed("perl-base", "5.36.0-7+deb12u3", "perl", "5.36.0-7+deb12u3")));
        assertThat(cves(e)).containsExactly(
                "CVE-2025-15649", "CVE-2026-12087", "CVE-2026-13221", "CVE-2026-19487", "CVE-2026-42496",
                "CVE-2026-42497", "CVE-2026-48959", "CVE-2026-48962", "CVE-2026-57432", "CVE-2026-57433",
                "CVE-2026-7010", "CVE-2026-7017", "CVE-2026-8376");
        assertThat(e).allMatch(x -> x.source().equals("perl") && x.binary().equals("perl-base"));
        // fixed in the installed version itself: not a finding
        assertThat(cves(e)).doesNotContain("CVE-2023-31484", "CVE-2025-40909");
    }

    @Test
    void theSecurityVersionIsClean() {
        assertThat(AccuracyExpectations.expected(List.of(
                new Installed("perl-base", "5.36.0-7+deb12u4", "perl", "5.36.0-7+deb12u4"),
                new Installed("libpcre2-8-0", "10.42-1+deb12u2", "pcre2", "10.42-1+deb12u2")))).isEmpty();
    }

    @Test
    void pcre2AndAptOfThePointRelease() {
        Set<Expected> e = AccuracyExpectations.expected(List.of(
                new Installed("libpcre2-8-0", "10.42-1", "pcre2", "10.42-1"),
                new Installed("apt", "2.6.1", "apt", "2.6.1"),
                new Installed("libapt-pkg6.0", "2.6.1", "apt", "2.6.1")));
        assertThat(e).containsExactly(
                new Expected("CVE-2026-109518", "apt", "apt"),
                new Expected("CVE-2026-109518", "apt", "libapt-pkg6.0"),
                new Expected("CVE-2026-103111", "pcre2", "libpcre2-8-0"));
    }

    @Test
    void epochAndBinNmuUseTheSourceVersion() {
        // libcap2 of bookworm: binary 1:2.66-4+deb12u3+b1 built from source 1:2.66-4+deb12u3; its changelog
        // names CVE-2026-4878 as fixed in 1:2.66-4+deb12u3 exactly
        assertThat(AccuracyExpectations.expected(List.of(
                new Installed("libcap2", "1:2.66-4+deb12u3+b1", "libcap2", "1:2.66-4+deb12u3")))).isEmpty();
        // dropping the epoch would turn all four old fixes into false positives
        assertThat(cves(AccuracyExpectations.expected(List.of(
                new Installed("libcap2", "2.66-4+deb12u3", "libcap2", "2.66-4+deb12u3")))))
                .containsExactly("CVE-2023-2602", "CVE-2023-2603", "CVE-2025-1390", "CVE-2026-4878");
    }

    @Test
    void tildeSortsBeforeTheRelease() {
        // openssl of the point release (not part of minbase, present in the fixture as extra source)
        Set<String> e = cves(AccuracyExpectations.expected(List.of(
                new Installed("libssl3", "3.0.20-1~deb12u2", "openssl", "3.0.20-1~deb12u2"))));
        assertThat(e).containsExactly(
                "CVE-2026-35189", "CVE-2026-42767", "CVE-2026-54872", "CVE-2026-54874", "CVE-2026-63072",
                "CVE-2026-63074", "CVE-2026-63076", "CVE-2026-75803", "CVE-2026-75805", "CVE-2026-75806",
                "CVE-2026-77696", "CVE-2026-84782");
        assertThat(AccuracyExpectations.compare("3.0.22-1~deb12u1", "3.0.22-1")).isNegative();
        assertThat(AccuracyExpectations.compare("1:1.0", "9.9")).isPositive();
        assertThat(AccuracyExpectations.compare("2.36-9+deb12u14", "2.36-9+deb12u7")).isPositive();
        assertThat(AccuracyExpectations.compare("1.0-1", "1.0-1")).isZero();
    }

    @Test
    void openIsAlwaysExpectedAndNotAffectedNever() throws IOException {
        // the shapes of the real tracker sample (prototypejs: fixed_version "0", unimportant), on a made-up source
        String json = """
                {"demo": {
                  "CVE-2007-2383": {"releases": {"bookworm": {"status": "resolved", "repositories": {"bookworm": "1.0-1"},
                                    "fixed_version": "0", "urgency": "unimportant"}}},
                  "CVE-2008-7220": {"releases": {"bookworm": {"status": "open", "repositories": {"bookworm": "1.0-1"},
                                    "urgency": "low"}}},
                  "CVE-2013-1444": {"releases": {"bookworm": {"status": "undetermined", "repositories": {"bookworm": "1.0-1"},
                                    "urgency": "not yet assigned"}}},
                  "CVE-2022-0456": {"releases": {"sid": {"status": "open", "repositories": {"sid": "1.0-1"},
                                    "urgency": "low"}}}}}
                """;
        List<Entry> entries = AccuracyExpectations.entries(new ObjectMapper().readTree(json), "bookworm");
        assertThat(entries).hasSize(3);
        assertThat(AccuracyExpectations.expected(List.of(new Installed("demo-bin", "1.0-1", "demo", "1.0-1")), entries))
                .containsExactly(new Expected("CVE-2008-7220", "demo", "demo-bin"));
    }

    @Test
    void fixtureIsTheTrackerShape() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(AccuracyExpectations.BOOKWORM_TRACKER)) {
            var root = new ObjectMapper().readTree(in);
            root.fields().forEachRemaining(source -> source.getValue().fields().forEachRemaining(cve -> {
                assertThat(cve.getKey()).matches("CVE-\\d{4}-\\d{4,}");
                var r = cve.getValue().path("releases").path("bookworm");
                assertThat(r.path("status").asText()).isEqualTo("resolved");
                assertThat(r.path("fixed_version").asText()).isNotEmpty();
                assertThat(r.path("repositories").path("bookworm").asText()).isNotEmpty();
                assertThat(r.path("urgency").asText()).isIn("low", "medium", "high");
            }));
        }
        assertThat(AccuracyExpectations.trackerEntries(AccuracyExpectations.BOOKWORM_TRACKER, "bookworm")).hasSize(330);
    }

    @Test
    void statusFileParsing() throws IOException {
        var dir = java.nio.file.Files.createTempDirectory("status");
        var status = dir.resolve("status");
        java.nio.file.Files.writeString(status, """
                Package: libcap2
                Status: install ok installed
                Source: libcap2 (1:2.66-4+deb12u3)
                Version: 1:2.66-4+deb12u3+b1

                Package: perl-base
                Status: install ok installed
                Source: perl
                Version: 5.36.0-7+deb12u3

                Package: gone
                Status: deinstall ok config-files
                Version: 1.0
                """, StandardCharsets.UTF_8);
        assertThat(AccuracyExpectations.fromDpkgStatus(status)).containsExactly(
                new Installed("libcap2", "1:2.66-4+deb12u3+b1", "libcap2", "1:2.66-4+deb12u3"),
                new Installed("perl-base", "5.36.0-7+deb12u3", "perl", "5.36.0-7+deb12u3"));
    }

    @Test
    void minbaseMatchesTheDerivationWhenTheArchiveHasNotMoved() throws IOException {
        List<Installed> installed = AccuracyExpectations.fromDpkgStatus(DebianFixtures.minbase().resolve("var/lib/dpkg/status"));
        // derivation.tsv: source, cve, fixed_version, urgency, bookworm, bookworm-security, kind, installed binaries
        List<String[]> rows;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/accuracy/debian-bookworm/derivation.tsv")) {
            rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#")).map(l -> l.split("\t")).toList();
        }
        boolean unchanged = rows.stream().filter(r -> !r[6].equals("not-installed")).allMatch(r ->
                installed.stream().filter(p -> p.source().equals(r[0])).allMatch(p -> p.sourceVersion().equals(r[4])));
        org.junit.jupiter.api.Assumptions.assumeTrue(unchanged, "bookworm moved on since the fixture was derived");
        Set<Expected> want = new TreeSet<>();
        for (String[] r : rows) {
            if (r[6].equals("security-fix")) for (String b : r[7].split(",")) want.add(new Expected(r[1], r[0], b));
        }
        assertThat(AccuracyExpectations.expected(installed)).isEqualTo(want).hasSize(16);
    }

    @Test
    void languageExpectationsNameOnlyKnownArtefactsAndAdvisories() {
        List<LanguageArtifacts.ExpectedRow> rows = LanguageArtifacts.expected();
        assertThat(rows).hasSize(40);
        assertThat(rows.stream().filter(LanguageArtifacts.ExpectedRow::expected)).hasSize(22);
        for (LanguageArtifacts.ExpectedRow r : rows) {
            LanguageArtifacts.Artifact a = LanguageArtifacts.byFile(r.artifact());
            assertThat(a.pkg()).isEqualTo(r.pkg());
            assertThat(a.version()).isEqualTo(r.version());
            assertThat(a.ecosystem()).isEqualTo(r.ecosystem());
            assertThat(LanguageArtifacts.advisory(r.ghsa())).as(r.ghsa()).isNotNull();
        }
        assertThat(rows.stream().map(LanguageArtifacts.ExpectedRow::artifact).distinct())
                .containsExactlyInAnyOrderElementsOf(LanguageArtifacts.ALL.stream().map(LanguageArtifacts.Artifact::file).toList());
    }

    @Test
    void downloadsAndVerifiesAnArtefact() throws IOException {
        var p = LanguageArtifacts.get("minimist-1.2.5.tgz");
        assertThat(LanguageArtifacts.sha256(p)).isEqualTo(LanguageArtifacts.byFile("minimist-1.2.5.tgz").sha256());
    }
}
