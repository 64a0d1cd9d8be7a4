package dev.drydock.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class NpmPackageAnalyzerTest {
    private final NpmPackageAnalyzer analyzer = new NpmPackageAnalyzer();

    @Test
    void anInstalledTreeGivesWhatNpmLsListsWithScopedAndNestedPackages() throws IOException {
        List<String> warnings = new ArrayList<>();
        List<String> visited = new ArrayList<>();
        List<Package> pkgs = AnalyzerHarness.walk(Fixtures.path("npm/installed"), analyzer, warnings, visited);

        assertThat(warnings).isEmpty();
        // the application's own package.json and the lockfiles are not installed packages
        assertThat(visited).doesNotContain("package.json", "package-lock.json");
        assertThat(pkgs).extracting(Package::name, Package::version, Package::purl, Package::path, Package::licenses)
                .containsExactlyInAnyOrder(
                        tuple("@isaacs/string-locale-compare", "1.1.0", "pkg:npm/%40isaacs/string-locale-compare@1.1.0",
                                "node_modules/@isaacs/string-locale-compare/package.json", List.of("ISC")),
                        tuple("debug", "2.6.9", "pkg:npm/debug@2.6.9", "node_modules/debug/package.json", List.of("MIT")),
                        tuple("ms", "2.0.0", "pkg:npm/ms@2.0.0", "node_modules/debug/node_modules/ms/package.json", List.of("MIT")),
                        tuple("ms", "2.1.3", "pkg:npm/ms@2.1.3", "node_modules/ms/package.json", List.of("MIT")),
                        tuple("is-number", "7.0.0", "pkg:npm/is-number@7.0.0", "node_modules/is-number/package.json", List.of("MIT")));
        assertThat(pkgs).allSatisfy(p -> {
            assertThat(p.type()).isEqualTo(PackageType.NPM);
            assertThat(p.layerDiffId()).isNull();
            assertThat(p.files()).isEmpty();
            assertThat(p.attributes()).isEmpty();
        });
        // ground truth: `npm ls --all --json` on the same installation (dev dependencies are installed, so listed)
        assertThat(AnalyzerHarness.nameVersions(pkgs)).isEqualTo(npmLs("npm/installed/npm-ls-all.json"));
    }

    @Test
    void licensesInEveryFormNpmHasUsed() {
        assertThat(one("npm/shared/trivy-packagejson/package.json").licenses()).containsExactly("MIT");
        // {"type": "ISC", "url": …}
        assertThat(one("npm/shared/trivy-packagejson/legacy_package.json").licenses()).containsExactly("ISC");
        // [{"type": ""}, {"type": "MIT"}]: the empty one is no licence
        assertThat(one("npm/shared/trivy-packagejson/mixed_array_license_package.json").licenses()).containsExactly("MIT");
        // the legacy "licenses": [{"type": "BSD", …}] of a real 2013 release
        Package diff = one("npm/packed/diff-1.0.7/package.json");
        assertThat(diff.name()).isEqualTo("diff");
        assertThat(diff.licenses()).containsExactly("BSD");
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/x/package.json",
                "{\"name\":\"x\",\"version\":\"1.0.0\",\"license\":[\"MIT\",\"Apache-2.0\"],\"licenses\":[\"MIT\"]}", new ArrayList<>()).get(0).licenses())
                .containsExactly("MIT", "Apache-2.0");
    }

    @Test
    void scopedPackagesFromOtherProjectsFixtures() {
        Package core = AnalyzerHarness.analyze(analyzer, "app/node_modules/@actions/core/package.json",
                Fixtures.bytes("npm/shared/node_modules/@actions/core/package.json"), new ArrayList<>()).get(0);
        assertThat(core.name()).isEqualTo("@actions/core");
        assertThat(core.version()).isEqualTo("1.6.0");
        assertThat(core.purl()).isEqualTo("pkg:npm/%40actions/core@1.6.0");
        assertThat(core.path()).isEqualTo("app/node_modules/@actions/core/package.json");
        assertThat(one("npm/shared/node_modules/cowsay/package.json").purl()).isEqualTo("pkg:npm/cowsay@1.4.0");
    }

    @Test
    void onlyManifestsDirectlyInsideNodeModulesAreWanted() {
        assertThat(analyzer.wants("node_modules/a/package.json")).isTrue();
        assertThat(analyzer.wants("usr/lib/node_modules/npm/package.json")).isTrue();
        assertThat(analyzer.wants("app/node_modules/@scope/a/package.json")).isTrue();
        assertThat(analyzer.wants("app/node_modules/a/node_modules/@s/b/package.json")).isTrue();
        assertThat(analyzer.wants("app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json")).isTrue();

        assertThat(analyzer.wants("package.json")).isFalse();
        assertThat(analyzer.wants("app/package.json")).isFalse();
        assertThat(analyzer.wants("node_modules/x/test/fixtures/package.json")).isFalse();
        assertThat(analyzer.wants("node_modules/@scope/x/lib/package.json")).isFalse();
        assertThat(analyzer.wants("node_modules/@scope/package.json")).isFalse();
        assertThat(analyzer.wants("node_modules/.bin/package.json")).isFalse();
        assertThat(analyzer.wants("node_modules/package.json")).isFalse();
        assertThat(analyzer.wants("node_modules/x/package.json.bak")).isFalse();
        assertThat(analyzer.wants("my_node_modules/x/package.json")).isFalse();
    }

    @Test
    void aPrivatePackageIsReportedAndMarked() {
        List<String> warnings = new ArrayList<>();
        Package p = AnalyzerHarness.analyze(analyzer, "node_modules/internal-lib/package.json",
                "{\"name\":\"internal-lib\",\"version\":\"0.1.0\",\"private\":true}", warnings).get(0);
        assertThat(p.attributes()).isEqualTo(Map.of(NpmPackageAnalyzer.PRIVATE, "true"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aManifestWithoutVersionIsSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/a/package.json", "{\"name\":\"a\"}", warnings)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("node_modules/a/package.json").contains("no valid version");
    }

    @Test
    void wrongTypesAreSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/a/package.json", "{\"name\":\"a\",\"version\":1.2}", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/b/package.json", "{\"name\":\"b\",\"version\":{\"major\":1}}", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/c/package.json", "{\"name\":[\"c\"],\"version\":\"1.0.0\"}", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/d/package.json", "[\"not\",\"an\",\"object\"]", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/e/package.json", "{\"name\":\"has space\",\"version\":\"1.0.0\"}", warnings)).isEmpty();
        // a licence of a strange type is only no licence
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/f/package.json", "{\"name\":\"f\",\"version\":\"1.0.0\",\"license\":42}", warnings))
                .singleElement().satisfies(p -> assertThat(p.licenses()).isEmpty());
        assertThat(warnings).hasSize(5);
        assertThat(warnings.get(0)).contains("number instead of a string");
        assertThat(warnings.get(1)).contains("object instead of a string");
        assertThat(warnings.get(2)).contains("no valid package name").contains("array instead of a string");
        assertThat(warnings.get(3)).contains("not a JSON object");
    }

    @Test
    void malformedJsonIsSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/a/package.json", "{\"name\":\"a\",\"version\":\"1.0.0\"", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/b/package.json", "", warnings)).isEmpty();
        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).contains("skipped"));
    }

    @Test
    void nonUtf8BytesAreSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        byte[] latin1 = "{\"name\":\"caf\u00e9\",\"version\":\"1.0.0\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/cafe/package.json", latin1, warnings)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("not valid JSON");
    }

    @Test
    void deeplyNestedJsonIsSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        String deep = "{\"name\":\"a\",\"version\":\"1.0.0\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/a/package.json", deep, warnings)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("nesting depth");
    }

    @Test
    void aHugeManifestIsSkippedWithoutParsing() {
        List<String> warnings = new ArrayList<>();
        byte[] huge = new byte[LanguagePackages.MAX_MANIFEST_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThat(AnalyzerHarness.analyze(analyzer, "node_modules/a/package.json", huge, warnings)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("more than a package.json holds");
    }

    private Package one(String fixture) {
        List<String> warnings = new ArrayList<>();
        List<Package> p = AnalyzerHarness.analyze(analyzer, "node_modules/x/package.json", Fixtures.bytes(fixture), warnings);
        assertThat(warnings).isEmpty();
        assertThat(p).hasSize(1);
        return p.get(0);
    }

    /** name@version of every node in `npm ls --all --json` output. */
    static Set<String> npmLs(String fixture) throws IOException {
        Set<String> out = new TreeSet<>();
        collect(new ObjectMapper().readTree(Fixtures.bytes(fixture)), out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        node.path("dependencies").properties().forEach(e -> {
            out.add(e.getKey() + "@" + e.getValue().path("version").asText());
            collect(e.getValue(), out);
        });
    }
}
