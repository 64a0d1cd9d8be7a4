package dev.drydock.catalog;

import dev.drydock.model.OsRelease;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OsReleaseAnalyzerTest {
    private final OsReleaseAnalyzer analyzer = new OsReleaseAnalyzer();

    /** Runs the analyzer over every file of a fixture root, as the cataloger would, and resolves. */
    private OsRelease identify(String fixture) throws IOException {
        Path root = Fixtures.path("os-release/" + fixture);
        List<FileResult.OsFound> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(f).toString();
                if (!analyzer.wants(rel)) continue;
                for (FileResult r : analyzer.analyze(rel, Files.readAllBytes(f), new Warnings())) found.add((FileResult.OsFound) r);
            }
        }
        return OsReleaseAnalyzer.resolve(found);
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
            "debian, debian, 8",
            "ubuntu, ubuntu, 20.04",
            "alpine, alpine, 3.11.6",
            "alpine-release-file, alpine, 3.11.6",
            "centos, centos, 8",
            "centos-release-file, centos, 7.6.1810",
            "centos5, centos, 5.7",
            "centos6, centos, 6",
            "amazon, amzn, 2",
            "almalinux, almalinux, 8.4",
            "rockylinux, rocky, 8.4",
            "debian-point-release, debian, 13",
            "debian-from-debian_version, debian, 10",
            "azurelinux, azurelinux, 3.0",
            "chainguard, chainguard, 20230214",
            "wolfi, wolfi, 20220914",
    })
    void identifiesTheDistributionAndRelease(String fixture, String id, String version) throws IOException {
        OsRelease os = identify(fixture);
        assertThat(os).isNotNull();
        assertThat(os.id()).isEqualTo(id);
        assertThat(os.versionId()).isEqualTo(version);
    }

    @Test
    void rollingReleasesHaveNoVersion() throws IOException {
        OsRelease sid = identify("debian-sid");
        assertThat(sid.id()).isEqualTo("debian");
        assertThat(sid.versionId()).isNull();
        assertThat(sid.versionCodename()).isEqualTo("trixie");
        assertThat(identify("arch").versionId()).isNull();
    }

    @Test
    void purlDistroQualifierJoinsIdAndVersion() throws IOException {
        assertThat(identify("debian").purlDistro()).isEqualTo("debian-8");
        assertThat(identify("alpine").purlDistro()).isEqualTo("alpine-3.11.6");
        assertThat(identify("arch").purlDistro()).isEqualTo("arch");
    }

    @Test
    void quotedValuesWithEscapesAreUnquoted() {
        var kv = OsReleaseAnalyzer.keyValues("ID=\"my\\\"os\"\nVERSION_ID='1.0'\n# comment\nBROKEN LINE\n");
        assertThat(kv).containsEntry("ID", "my\"os").containsEntry("VERSION_ID", "1.0").hasSize(2);
    }

    @Test
    void oversizedOsReleaseIsIgnoredWithAWarning() {
        List<String> warnings = new ArrayList<>();
        var out = analyzer.analyze("etc/os-release", new byte[100_000], new Warnings(warnings::add));
        assertThat(out).isEmpty();
        assertThat(warnings).singleElement().asString().contains("too large");
    }
}
