package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class NpmLockfileAnalyzerTest {
    private static final String DIR = "npm/lockfiles/";
    private final NpmLockfileAnalyzer analyzer = new NpmLockfileAnalyzer();

    /** npm lists an alias under the name it is installed as; the package is the real one. */
    private static Set<String> realNames(Set<String> listing) {
        return listing.stream().map(s -> s.equals("lodash-alias@4.17.21") ? "lodash@4.17.21" : s)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private List<Package> read(String fixture, String path, List<String> warnings) {
        return AnalyzerHarness.analyze(analyzer, path, Fixtures.bytes(DIR + fixture), warnings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"package-lock-v1.json", "package-lock-v2.json", "package-lock-v3.json"})
    void packageLockGivesTheProductionPackagesNpmLsLists(String fixture) {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = read(fixture, "srv/app/package-lock.json", warnings);
        assertThat(warnings).isEmpty();
        assertThat(AnalyzerHarness.nameVersions(pkgs)).isEqualTo(realNames(AnalyzerHarness.lines(DIR + "npm-ls-prod-set.txt")));
        assertThat(pkgs).hasSize(78).allSatisfy(p -> {
            assertThat(p.type()).isEqualTo(PackageType.NPM);
            assertThat(p.path()).isEqualTo("srv/app/package-lock.json");
            assertThat(p.attributes()).containsEntry(NpmLockfileAnalyzer.LOCKFILE, "package-lock");
        });
        // mocha and what only it needs are dev dependencies
        assertThat(pkgs).extracting(Package::name).doesNotContain("mocha", "chokidar", "yargs");
        assertThat(byName(pkgs, "@babel/code-frame").purl()).isEqualTo("pkg:npm/%40babel/code-frame@7.26.2");
        assertThat(byName(pkgs, "lodash").purl()).isEqualTo("pkg:npm/lodash@4.17.21");
        assertThat(byName(pkgs, "fsevents").attributes()).containsEntry(NpmLockfileAnalyzer.OPTIONAL, "true");
        assertThat(byName(pkgs, "express").attributes()).doesNotContainKey(NpmLockfileAnalyzer.OPTIONAL);
        // both versions of ms: 2.0.0 nested under debug@2, 2.1.3 at the top
        assertThat(pkgs).filteredOn(p -> p.name().equals("ms")).extracting(Package::version).containsExactlyInAnyOrder("2.0.0", "2.1.3");
    }

    @Test
    void npmShrinkwrapIsAPackageLock() {
        List<Package> pkgs = read("package-lock-v3.json", "app/npm-shrinkwrap.json", new ArrayList<>());
        assertThat(pkgs).hasSize(78).allSatisfy(p -> assertThat(p.attributes()).containsEntry(NpmLockfileAnalyzer.LOCKFILE, "npm-shrinkwrap"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pnpm-lock-v5.yaml", "pnpm-lock-v6.yaml", "pnpm-lock-v9.yaml"})
    void pnpmLockGivesTheProductionPackagesPnpmListLists(String fixture) {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = read(fixture, "app/pnpm-lock.yaml", warnings);
        assertThat(warnings).isEmpty();
        assertThat(AnalyzerHarness.nameVersions(pkgs)).isEqualTo(AnalyzerHarness.lines(DIR + "pnpm-ls-prod-set.txt"));
        assertThat(pkgs).allSatisfy(p -> assertThat(p.attributes()).containsEntry(NpmLockfileAnalyzer.LOCKFILE, "pnpm"));
        assertThat(byName(pkgs, "fsevents").attributes()).containsEntry(NpmLockfileAnalyzer.OPTIONAL, "true");
        // pnpm 7 and 8 keep the peer-dependency suffix in the key (debug@4.4.3 with supports-color): only the version is kept
        assertThat(pkgs).extracting(Package::version).allSatisfy(v -> assertThat(v).doesNotContain("(", "_"));
    }

    @Test
    void yarnClassicGivesWhatYarnListsMarkedDevUnknown() {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = read("yarn-v1.lock", "app/yarn.lock", warnings);
        assertThat(warnings).isEmpty();
        // yarn.lock does not mark dev dependencies: everything yarn installed, mocha's tree included
        assertThat(AnalyzerHarness.nameVersions(pkgs)).isEqualTo(realNames(AnalyzerHarness.lines(DIR + "yarn-v1-list-set.txt")));
        assertThat(AnalyzerHarness.nameVersions(pkgs)).isEqualTo(realNames(AnalyzerHarness.lines(DIR + "npm-ls-all-set.txt")));
        assertThat(pkgs).allSatisfy(p -> assertThat(p.attributes())
                .isEqualTo(Map.of(NpmLockfileAnalyzer.LOCKFILE, "yarn", NpmLockfileAnalyzer.DEV, "unknown")));
        assertThat(byName(pkgs, "@babel/code-frame").purl()).isEqualTo("pkg:npm/%40babel/code-frame@7.26.2");
    }

    @Test
    void yarnBerryGivesWhatYarnInfoListsWithoutTheWorkspaceOrPatches() {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = read("yarn-berry.lock", "app/yarn.lock", warnings);
        assertThat(warnings).isEmpty();
        Set<String> expected = new TreeSet<>(AnalyzerHarness.lines(DIR + "yarn-berry-info-set.txt"));
        expected.remove("drydock-lockfile-app@1.0.0");
        assertThat(AnalyzerHarness.nameVersions(pkgs)).isEqualTo(expected);
        // fsevents appears twice in the file (npm: and its patch:), once here
        assertThat(pkgs).filteredOn(p -> p.name().equals("fsevents")).hasSize(1);
        assertThat(pkgs).allSatisfy(p -> assertThat(p.attributes()).containsEntry(NpmLockfileAnalyzer.DEV, "unknown"));
    }

    @Test
    void theInstalledAppsOwnLockfileIsReadToo() {
        // the cataloger drops these because node_modules is next to it; the analyzer only marks them
        List<Package> pkgs = AnalyzerHarness.analyze(analyzer, "app/package-lock.json", Fixtures.bytes("npm/installed/package-lock.json"), new ArrayList<>());
        assertThat(AnalyzerHarness.nameVersions(pkgs)).containsExactlyInAnyOrder("@isaacs/string-locale-compare@1.1.0", "debug@2.6.9", "ms@2.0.0", "ms@2.1.3");
    }

    @Test
    void lockfilesInsideNodeModulesAreNotWanted() {
        assertThat(analyzer.wants("package-lock.json")).isTrue();
        assertThat(analyzer.wants("srv/app/yarn.lock")).isTrue();
        assertThat(analyzer.wants("srv/app/pnpm-lock.yaml")).isTrue();
        assertThat(analyzer.wants("srv/app/npm-shrinkwrap.json")).isTrue();
        assertThat(analyzer.wants("app/node_modules/.package-lock.json")).isFalse();
        assertThat(analyzer.wants("app/node_modules/some-lib/yarn.lock")).isFalse();
        assertThat(analyzer.wants("node_modules/some-lib/package-lock.json")).isFalse();
        assertThat(analyzer.wants("app/node_modules/.pnpm/lock.yaml")).isFalse();
        assertThat(analyzer.wants("app/package.json")).isFalse();
        assertThat(analyzer.wants("app/old-package-lock.json")).isFalse();
    }

    @Test
    void workspacesLinksAndGitDependenciesInAPackageLock() {
        String lock = """
                {"lockfileVersion": 3, "packages": {
                  "": {"name": "root", "workspaces": ["packages/*"]},
                  "packages/a": {"name": "a", "version": "1.0.0"},
                  "node_modules/a": {"resolved": "packages/a", "link": true},
                  "node_modules/from-git": {"version": "2.0.0", "resolved": "git+ssh://git@github.com/x/from-git.git#abc"},
                  "node_modules/no-version": {"resolved": "https://example.invalid/x.tgz"},
                  "node_modules/@s/real": {"version": "3.0.0"},
                  "node_modules/@s/real/node_modules/dev-only": {"version": "1.0.0", "dev": true},
                  "node_modules/both": {"version": "1.0.0", "devOptional": true}
                }}""";
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = AnalyzerHarness.analyze(analyzer, "package-lock.json", lock, warnings);
        assertThat(AnalyzerHarness.nameVersions(pkgs)).containsExactly("@s/real@3.0.0", "both@1.0.0", "from-git@2.0.0");
        assertThat(byName(pkgs, "both").attributes()).containsEntry(NpmLockfileAnalyzer.OPTIONAL, "true");
        assertThat(warnings).singleElement().asString().contains("1 entries installed from git, a URL or a local path");
    }

    @Test
    void aliasesAndGitSourcesInAVersion1Lock() {
        String lock = """
                {"lockfileVersion": 1, "dependencies": {
                  "alias": {"version": "npm:@scope/real@1.2.3"},
                  "gitdep": {"version": "github:user/gitdep#0123abc"},
                  "parent": {"version": "1.0.0", "dependencies": {"child": {"version": "0.1.0", "dependencies": {"grandchild": {"version": "0.0.1"}}}}},
                  "devdep": {"version": "9.9.9", "dev": true, "dependencies": {"devchild": {"version": "1.0.0", "dev": true}}}
                }}""";
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = AnalyzerHarness.analyze(analyzer, "package-lock.json", lock, warnings);
        assertThat(AnalyzerHarness.nameVersions(pkgs)).containsExactly("@scope/real@1.2.3", "child@0.1.0", "grandchild@0.0.1", "parent@1.0.0");
        assertThat(warnings).singleElement().asString().contains("1 entries installed from git");
    }

    @Test
    void malformedLockfilesAreSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "a/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/x\": {\"version\": ", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "b/package-lock.json", "[1, 2, 3]", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "c/pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {resolution: [unclosed\n", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "d/pnpm-lock.yaml", "lockfileVersion: '3.9'\npackages: {}\n", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "e/yarn.lock", "this is not\na lockfile\n", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "f/yarn.lock", "__metadata:\n  version: 8\n\"a@npm:1\": [\n", warnings)).isEmpty();
        assertThat(warnings).hasSize(6).allSatisfy(w -> assertThat(w).contains("skipped, not a readable lockfile"));
        assertThat(warnings.get(3)).contains("unsupported lockfileVersion 3.9");
    }

    @Test
    void entriesOfTheWrongShapeAreCountedNotFatal() {
        String lock = """
                {"lockfileVersion": 3, "packages": {
                  "node_modules/ok": {"version": "1.0.0"},
                  "node_modules/num": {"version": 1},
                  "node_modules/arr": ["x"],
                  "node_modules/bad name": {"version": "1.0.0"}
                }}""";
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.nameVersions(AnalyzerHarness.analyze(analyzer, "package-lock.json", lock, warnings))).containsExactly("ok@1.0.0");
        assertThat(warnings).singleElement().asString().contains("skipped 3 entries without a valid name or version");
    }

    @Test
    void nonUtf8LockfilesAreSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        byte[] yarn = "\"caf\u00e9@^1\":\n  version \"1.0.0\"\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] lock = "{\"packages\":{\"node_modules/caf\u00e9\":{\"version\":\"1.0.0\"}}}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(AnalyzerHarness.analyze(analyzer, "yarn.lock", yarn, warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "package-lock.json", lock, warnings)).isEmpty();
        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).contains("skipped, not a readable lockfile"));
    }

    @Test
    void deeplyNestedVersion1DependenciesAreRefusedBeforeTheStackIs() {
        String deep = "{\"dependencies\":" + "{\"a\":{\"version\":\"1.0.0\",\"dependencies\":".repeat(50_000) + "{}" + "}}".repeat(50_000) + "}";
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "package-lock.json", deep, warnings)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("nesting depth");
    }

    @Test
    void aHugeLockfileStopsAtThePackageBound() {
        StringBuilder b = new StringBuilder("{\"lockfileVersion\":3,\"packages\":{");
        int n = Analyzer.MAX_PACKAGES_PER_FILE + 10;
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append("\"node_modules/p").append(i).append("\":{\"version\":\"1.0.0\"}");
        b.append("}}");
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "package-lock.json", b.toString(), warnings)).hasSize(Analyzer.MAX_PACKAGES_PER_FILE);
        assertThat(warnings).singleElement().asString().contains("stopped after " + Analyzer.MAX_PACKAGES_PER_FILE);
    }

    @Test
    void aYamlAliasBombIsNotExpanded() {
        StringBuilder b = new StringBuilder("lockfileVersion: '6.0'\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            b.append((char) ('a' + i)).append(": &").append((char) ('a' + i)).append(" [");
            for (int j = 0; j < 10; j++) b.append(j == 0 ? "" : ", ").append('*').append((char) ('a' + i - 1));
            b.append("]\n");
        }
        b.append("packages:\n  /ok@1.0.0:\n    dev: false\n");
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.nameVersions(AnalyzerHarness.analyze(analyzer, "pnpm-lock.yaml", b.toString(), warnings))).containsExactly("ok@1.0.0");
    }

    private static Package byName(List<Package> pkgs, String name) {
        return pkgs.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
