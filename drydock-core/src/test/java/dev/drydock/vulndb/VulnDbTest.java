package dev.drydock.vulndb;

import dev.drydock.catalog.Warnings;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VulnDbTest {

    @Test
    void recordsEverySourceWithItsCountsAndBuildTime() {
        try (VulnDb db = VulnDb.open(TestDb.allFixturesDb())) {
            DbMetadata m = db.metadata();
            assertThat(m.schemaVersion()).isEqualTo(VulnDbSchema.VERSION);
            assertThat(m.builtAt()).isEqualTo(TestDb.BUILT_AT);
            assertThat(m.sources()).extracting(DbMetadata.SourceInfo::name)
                    .containsExactly("alpine-secdb", "debian-tracker", "epss", "kev", "nvd", "osv");
            assertThat(m.sources()).allSatisfy(s -> assertThat(s.records()).isPositive());
            DbMetadata.SourceInfo osv = m.sources().stream().filter(s -> s.name().equals("osv")).findFirst().orElseThrow();
            assertThat(osv.records()).isEqualTo(13); // every record in fixtures/osv
            DbMetadata.SourceInfo epss = m.sources().stream().filter(s -> s.name().equals("epss")).findFirst().orElseThrow();
            assertThat(epss.updatedAt()).isEqualTo(Instant.parse("2025-02-20T00:00:00Z")); // the CSV's score_date
        }
    }

    @Test
    void aliasesMeetOnTheCve() {
        try (VulnDb db = VulnDb.open(TestDb.allFixturesDb())) {
            assertThat(db.canonical("GHSA-jfh8-c2jp-5v3q")).isEqualTo("CVE-2021-44228");
            assertThat(db.canonical("CVE-2021-44228")).isEqualTo("CVE-2021-44228");
            assertThat(db.canonical("UBUNTU-CVE-2025-38094")).isEqualTo("CVE-2025-38094"); // by the id's own pattern
            assertThat(db.canonical("GO-2022-0969")).isEqualTo("CVE-2022-27664");
            assertThat(db.canonical("GHSA-69cg-p879-7622")).isEqualTo("CVE-2022-27664");
            assertThat(db.canonical("DSA-3029-1")).isEqualTo("CVE-2014-3616"); // a notice about a single CVE
            assertThat(db.canonical("DSA-5474-1")).isEqualTo("DSA-5474-1"); // names no CVE at all
            assertThat(db.canonical("NOT-KNOWN-1")).isEqualTo("NOT-KNOWN-1");

            VulnInfo log4shell = db.vulnerability("CVE-2021-44228");
            assertThat(log4shell.aliases()).containsExactly("GHSA-jfh8-c2jp-5v3q");
            assertThat(log4shell.title()).containsIgnoringCase("log4j");
            assertThat(log4shell.ratings()).extracting(SeverityRating::source).contains("ghsa");
            assertThat(log4shell.ratings()).filteredOn(r -> r.source().equals("ghsa"))
                    .extracting(SeverityRating::severity).containsOnly(Severity.CRITICAL);
        }
    }

    @Test
    void enrichmentComesFromKevAndEpss() {
        try (VulnDb db = VulnDb.open(TestDb.allFixturesDb())) {
            var kev = db.kev("CVE-2021-44228").orElseThrow();
            assertThat(kev.dateAdded()).hasToString("2021-12-10");
            assertThat(kev.knownRansomwareUse()).isTrue();
            assertThat(db.kev("CVE-1999-0001")).isEmpty();
            var epss = db.epss("CVE-1999-0001").orElseThrow();
            assertThat(epss.score()).isEqualTo(0.00383);
            assertThat(epss.percentile()).isEqualTo(0.73075);
        }
    }

    @Test
    void debianTrackerVerdictsAreStoredPerRelease() {
        try (VulnDb db = VulnDb.open(TestDb.allFixturesDb())) {
            assertThat(db.namespaces()).contains("debian:12", "debian:11", "debian:10", "debian:9", "debian:unstable",
                    "alpine:3.15", "alpine:3.12", "npm", "maven", "go", "pypi", "cargo", "nuget");
            List<AdvisoryEntry> sope = db.affected("debian:12", "sope");
            assertThat(sope).singleElement().satisfies(e -> {
                assertThat(e.canonicalId()).isEqualTo("CVE-2025-53603");
                assertThat(e.source()).isEqualTo("debian-tracker");
                assertThat(e.ranges()).hasSize(1);
                assertThat(e.ranges().get(0).get(1).version()).isEqualTo("5.8.0-1+deb12u1");
            });
        }
    }

    @Test
    void missingCorruptAndForeignFilesGiveTheCommandThatFixesThem(@TempDir Path dir) throws IOException, SQLException {
        assertThatThrownBy(() -> VulnDb.open(dir.resolve("absent.db")))
                .isInstanceOf(VulnDbException.class).hasMessageContaining("drydock db update");

        Path garbage = dir.resolve("garbage.db");
        Files.writeString(garbage, "this is not sqlite at all, just text that someone saved here");
        assertThatThrownBy(() -> VulnDb.open(garbage))
                .isInstanceOf(VulnDbException.class).hasMessageContaining("not").hasMessageContaining("drydock db update");

        Path other = dir.resolve("other.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE something(x)");
        }
        assertThatThrownBy(() -> VulnDb.open(other))
                .isInstanceOf(VulnDbException.class).hasMessageContaining("not a drydock vulnerability database");

        Path future = dir.resolve("future.db");
        Files.copy(TestDb.allFixturesDb(), future);
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + future); Statement s = c.createStatement()) {
            s.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        }
        assertThatThrownBy(() -> VulnDb.open(future))
                .isInstanceOf(VulnDbException.class).hasMessageContaining("schema 99").hasMessageContaining("drydock db update");
    }

    @Test
    void aFailedBuildLeavesThePreviousDatabaseInPlace(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("drydock.db");
        Files.copy(TestDb.allFixturesDb(), target);
        byte[] before = Files.readAllBytes(target);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"not\": \"a tracker\"");
        DbBuild build = new DbBuild(List.of(), bad, List.of(), List.of(), null, null);
        assertThatThrownBy(() -> build.run(target, Instant.now(), "test", new Warnings(), s -> {
        })).isInstanceOf(RuntimeException.class);
        assertThat(Files.readAllBytes(target)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("drydock.db", "bad.json");
        }
    }
}
