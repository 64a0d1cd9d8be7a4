package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ComposerInstalledAnalyzerTest {
    private static final String PATH = "var/www/html/vendor/composer/installed.json";
    private final ComposerInstalledAnalyzer analyzer = new ComposerInstalledAnalyzer();

    private List<Package> read(String fixture, List<String> warnings) {
        return AnalyzerHarness.analyze(analyzer, PATH, Fixtures.bytes("composer/" + fixture + "/vendor/composer/installed.json"), warnings);
    }

    @Test
    void composer1ListsAnArray() {
        List<String> warnings = new ArrayList<>();
        assertThat(read("composer_1", warnings)).extracting(Package::type, Package::name, Package::version, Package::purl, Package::licenses, Package::path)
                .containsExactly(
                        tuple(PackageType.COMPOSER, "asm89/stack-cors", "1.3.0", "pkg:composer/asm89/stack-cors@1.3.0", List.of("MIT"), PATH),
                        tuple(PackageType.COMPOSER, "behat/mink", "v1.8.1", "pkg:composer/behat/mink@v1.8.1", List.of("MIT"), PATH));
        assertThat(warnings).isEmpty();
    }

    @Test
    void composer2WrapsThePackagesAndNamesTheDevOnes() {
        List<Package> pkgs = read("composer_2", new ArrayList<>());
        assertThat(pkgs).extracting(Package::name, Package::attributes).containsExactly(
                tuple("asm89/stack-cors", Map.of()),
                tuple("behat/mink", Map.of(ComposerInstalledAnalyzer.DEV, "true")));
    }

    @Test
    void whatIsWanted() {
        assertThat(analyzer.wants("app/vendor/composer/installed.json")).isTrue();
        assertThat(analyzer.wants("app/lib/composer/installed.json")).isTrue();
        assertThat(analyzer.wants("app/composer.json")).isFalse();
        assertThat(analyzer.wants("app/composer.lock")).isFalse();
        assertThat(analyzer.wants("app/vendor/composer/installed.php")).isFalse();
    }

    @Test
    void badInputIsSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, PATH, "[{\"name\": \"a/b\", ", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, PATH, "{\"packages\": 3}", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, PATH, "[" + "[".repeat(10_000) + "]".repeat(10_000) + "]", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, PATH,
                "[{\"name\": \"a/b\", \"version\": 1}, {\"name\": \"no-vendor\", \"version\": \"1.0\"}, {\"name\": \"c/d\", \"version\": \"2.0\", \"license\": \"BSD-3-Clause\"}]",
                warnings)).extracting(Package::name, Package::licenses).containsExactly(tuple("c/d", List.of("BSD-3-Clause")));
        assertThat(warnings).hasSize(4);
        assertThat(warnings.get(0)).contains("not valid JSON");
        assertThat(warnings.get(1)).contains("neither a Composer 1 list nor a Composer 2 packages object");
        assertThat(warnings.get(2)).contains("nesting depth");
        assertThat(warnings.get(3)).contains("skipped 2 entries");
    }
}
