package dev.drydock.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.model.Package;
import dev.drydock.testing.Tools;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ground truth from pip itself: the site-packages of the Python on this machine, read by the analyzer,
 * against {@code pip list --path <site-packages>}. Skipped where there is no Python with pip.
 */
class PythonSitePackagesGroundTruthTest {

    @Test
    void theAnalyzerFindsWhatPipListsInARealSitePackages() throws IOException {
        Tools.Result where = run("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])");
        assumeTrue(where != null && where.exitCode() == 0, "no python3 here");
        String[] lines = where.output().strip().split("\n");
        Path site = Path.of(lines[lines.length - 1].strip());
        assumeTrue(Files.isDirectory(site), "no site-packages at " + site);
        Tools.Result pip = run("python3", "-m", "pip", "list", "--format", "json", "--path", site.toString(), "--disable-pip-version-check");
        assumeTrue(pip != null && pip.exitCode() == 0, "no pip here");

        Set<String> expected = new TreeSet<>();
        String json = pip.output().lines().filter(l -> l.startsWith("[")).findFirst().orElseThrow();
        for (JsonNode d : new ObjectMapper().readTree(json)) {
            expected.add(PythonPackageAnalyzer.normalize(d.get("name").asText()) + "@" + d.get("version").asText());
        }
        assumeTrue(!expected.isEmpty(), "pip lists nothing in " + site);

        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = AnalyzerHarness.walk(site, new PythonPackageAnalyzer(), warnings, new ArrayList<>());
        Set<String> found = new TreeSet<>();
        for (Package p : pkgs) found.add(PythonPackageAnalyzer.normalize(p.name()) + "@" + p.version());

        assertThat(found).isEqualTo(expected);
        assertThat(pkgs).hasSameSizeAs(expected);
        assertThat(pkgs).allSatisfy(p -> assertThat(p.purl()).startsWith("pkg:pypi/" + PythonPackageAnalyzer.normalize(p.name()) + "@"));
        assertThat(warnings).isEmpty();
    }

    private static Tools.Result run(String... command) {
        try {
            return Tools.exec(command);
        } catch (AssertionError e) {
            return null; // not installed
        }
    }
}
