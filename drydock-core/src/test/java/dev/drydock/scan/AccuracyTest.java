package dev.drydock.scan;

import dev.drydock.catalog.Catalog;
import dev.drydock.catalog.Cataloger;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.ImageSource;
import dev.drydock.image.ImageSources;
import dev.drydock.image.Limits;
import dev.drydock.image.SourceOptions;
import dev.drydock.model.Finding;
import dev.drydock.model.PackageType;
import dev.drydock.testing.AccuracyExpectations;
import dev.drydock.testing.DebianFixtures;
import dev.drydock.testing.Fixtures;
import dev.drydock.testing.LanguageArtifacts;
import dev.drydock.testing.Tools;
import dev.drydock.vulndb.DbBuild;
import dev.drydock.vulndb.VulnDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end accuracy on real images: a Debian bookworm minbase root filesystem from the archive, and a
 * filesystem of real jars and npm packages. What must be found comes from sources independent of the
 * matcher: dpkg's own version comparison over the packages' changelog facts, and advisory ranges read by
 * hand (fixtures/accuracy/*). The figures printed here are the ones in docs/accuracy.md.
 */
class AccuracyTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-26");

    @TempDir
    Path tmp;

    private Path buildDb(DbBuild build) throws IOException {
        return build.run(tmp.resolve("drydock.db"), Instant.parse("2026-11-26T00:00:00Z"), "test", new Warnings(), s -> {
        });
    }

    private Catalog catalog(Path root) throws IOException {
        try (ImageSource src = ImageSources.open("dir:" + root, new SourceOptions(null, false, null, tmp))) {
            return new Cataloger(Cataloger.defaultAnalyzers(), null, Limits.DEFAULT, 2).catalog(src, new Warnings(), Cataloger.Progress.NONE);
        }
    }

    @Test
    void debianMinbaseFindsExactlyTheCvesFixedAfterItsVersions() throws IOException {
        Path osv = Fixtures.path("osv");
        Path db = buildDb(new DbBuild(List.of(osv), Fixtures.path("accuracy/debian-bookworm/tracker.json"), List.of(),
                List.of(Fixtures.path("nvd")), Fixtures.path("kev/known_exploited_vulnerabilities.json.gz"), null));
        Path rootfs = DebianFixtures.minbase();
        Catalog catalog = catalog(rootfs);
        Set<String> expected = AccuracyExpectations.expected(AccuracyExpectations.fromDpkgStatus(rootfs.resolve("var/lib/dpkg/status")))
                .stream().map(e -> e.cve() + " " + e.binary()).collect(Collectors.toCollection(TreeSet::new));
        Matcher.Result result;
        try (VulnDb vdb = VulnDb.open(db)) {
            result = new Matcher(vdb, new SeveritySelector(List.of()), TODAY).match(catalog);
        }
        Set<String> found = result.findings().stream().map(f -> f.id() + " " + f.pkg().name())
                .collect(Collectors.toCollection(TreeSet::new));
        report("debian bookworm minbase", expected, found);
        assertThat(found).isEqualTo(expected);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.findings()).allSatisfy(f -> {
            assertThat(f.status()).isEqualTo(dev.drydock.model.FindingStatus.FIXED);
            assertThat(f.fixedVersions()).isNotEmpty();
            assertThat(f.namespace()).isEqualTo("debian:12");
            assertThat(f.severitySource()).isIn("debian", "nvd"); // the tracker's urgency first
        });
    }

    @Test
    void realJarsAndNpmPackagesFindTheirGhsaAdvisories() throws IOException {
        Path advisories = tmp.resolve("advisories");
        Files.createDirectories(advisories);
        for (String dir : LanguageArtifacts.ADVISORY_DIRS) {
            try (var files = Files.list(Fixtures.path(dir.substring("/fixtures/".length())))) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                    Files.copy(f, advisories.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path db = buildDb(new DbBuild(List.of(advisories), null, List.of(), List.of(), null, null));
        Path root = tmp.resolve("rootfs");
        for (LanguageArtifacts.Artifact a : LanguageArtifacts.ALL) {
            Path file = LanguageArtifacts.get(a);
            if (a.ecosystem().equals("Maven")) {
                Path lib = Files.createDirectories(root.resolve("opt/" + a.file() + "/lib"));
                Files.copy(file, lib.resolve(a.file()));
            } else {
                Path pkg = Files.createDirectories(root.resolve("srv/" + a.file() + "/node_modules/" + a.pkg()));
                Tools.run("tar", "-xzf", file.toString(), "-C", pkg.toString(), "--strip-components=1");
            }
        }
        Catalog catalog = catalog(root);
        Set<String> expected = new TreeSet<>(), mustNot = new TreeSet<>();
        for (LanguageArtifacts.ExpectedRow row : LanguageArtifacts.expected()) {
            String key = row.cve() + " " + row.pkg() + "@" + row.version();
            (row.expected() ? expected : mustNot).add(key);
        }
        Matcher.Result result;
        try (VulnDb vdb = VulnDb.open(db)) {
            result = new Matcher(vdb, new SeveritySelector(List.of()), TODAY).match(catalog);
        }
        Set<String> found = result.findings().stream()
                .filter(f -> f.pkg().type() == PackageType.MAVEN || f.pkg().type() == PackageType.NPM)
                .map(f -> f.id() + " " + f.pkg().name() + "@" + f.installedVersion())
                .collect(Collectors.toCollection(TreeSet::new));
        report("jars and npm packages", expected, found);
        assertThat(found).containsAll(expected).doesNotContainAnyElementsOf(mustNot);
        assertThat(result.findings()).filteredOn(f -> f.aliases().stream().anyMatch(a -> a.startsWith("GHSA-")))
                .extracting(Finding::severitySource).containsOnly("ghsa");
    }

    private static void report(String image, Set<String> expected, Set<String> found) {
        Set<String> tp = new TreeSet<>(found);
        tp.retainAll(expected);
        System.out.printf("accuracy %s: expected %d, found %d, true positives %d, recall %.3f, precision %.3f%n", image,
                expected.size(), found.size(), tp.size(), expected.isEmpty() ? 1.0 : (double) tp.size() / expected.size(),
                found.isEmpty() ? 1.0 : (double) tp.size() / found.size());
    }
}
