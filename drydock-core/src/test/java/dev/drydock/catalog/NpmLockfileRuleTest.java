package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NpmLockfileRuleTest {

    private static Package installed(String path, String name) {
        return LanguagePackages.of(PackageType.NPM, name, "1.0.0", List.of(), NpmNames.purl(name, "1.0.0"), path, Map.of());
    }

    private static Package locked(String path, String name) {
        return LanguagePackages.of(PackageType.NPM, name, "1.0.0", List.of(), NpmNames.purl(name, "1.0.0"), path,
                Map.of(NpmLockfileAnalyzer.LOCKFILE, "package-lock"));
    }

    @Test
    void aLockfileNextToNodeModulesAddsNothing() {
        List<Package> in = List.of(
                installed("srv/app/node_modules/a/package.json", "a"),
                installed("srv/app/node_modules/a/node_modules/b/package.json", "b"),
                locked("srv/app/package-lock.json", "a"),
                locked("srv/app/package-lock.json", "b"),
                // another app in the same image, shipped without node_modules
                locked("srv/other/package-lock.json", "c"));
        assertThat(NpmLockfileRule.apply(in)).extracting(Package::path).containsExactly(
                "srv/app/node_modules/a/package.json", "srv/app/node_modules/a/node_modules/b/package.json", "srv/other/package-lock.json");
    }

    @Test
    void oneLockfilePerDirectoryPreferringTheOnesThatMarkDevDependencies() {
        List<Package> in = List.of(
                locked("app/yarn.lock", "y"),
                locked("app/package-lock.json", "p"),
                locked("app/pnpm-lock.yaml", "q"),
                locked("other/yarn.lock", "z"));
        assertThat(NpmLockfileRule.apply(in)).extracting(Package::path).containsExactly("app/package-lock.json", "other/yarn.lock");
    }

    @Test
    void atTheImageRoot() {
        List<Package> in = List.of(installed("node_modules/a/package.json", "a"), locked("package-lock.json", "a"), locked("app/package-lock.json", "x"));
        assertThat(NpmLockfileRule.apply(in)).extracting(Package::path).containsExactly("node_modules/a/package.json", "app/package-lock.json");
        assertThat(NpmLockfileRule.applicationDir("app/node_modules/.pnpm/x@1.0.0/node_modules/x/package.json")).isEqualTo("app");
    }

    @Test
    void theRealInstallationAndItsOwnLockfile() {
        List<String> warnings = new ArrayList<>();
        List<Package> all = new ArrayList<>(AnalyzerHarness.walk(Fixtures.path("npm/installed"), new NpmPackageAnalyzer(), warnings, new ArrayList<>()));
        all.addAll(AnalyzerHarness.walk(Fixtures.path("npm/installed"), new NpmLockfileAnalyzer(), warnings, new ArrayList<>()));
        assertThat(all).hasSize(5 + 4);
        assertThat(NpmLockfileRule.apply(all)).hasSize(5).allSatisfy(p -> assertThat(p.attributes()).isEmpty());
    }
}
