package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApkAnalyzerTest {
    private final ApkAnalyzer analyzer = new ApkAnalyzer();

    private List<Package> read(String fixture, List<String> warnings) {
        var out = analyzer.analyze("lib/apk/db/installed", Fixtures.bytes("apk/" + fixture + "/lib/apk/db/installed"), new Warnings(warnings::add));
        return ((FileResult.Packages) out.get(0)).packages();
    }

    @Test
    void readsEveryPackageWithOriginLicenseAndFiles() {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = read("alpine-3.4-full", warnings);
        // 16 blocks, one of them has no version
        assertThat(pkgs).hasSize(15);
        assertThat(warnings).singleElement().asString().contains("skipped 1 entries without name or version");
        Package musl = pkgs.get(0);
        assertThat(musl.name()).isEqualTo("musl");
        assertThat(musl.version()).isEqualTo("1.1.14-r10");
        assertThat(musl.arch()).isEqualTo("x86_64");
        assertThat(musl.licenses()).containsExactly("MIT");
        assertThat(musl.sourceName()).isEqualTo("musl");
        assertThat(musl.files()).containsExactly("/lib/libc.musl-x86_64.so.1", "/lib/ld-musl-x86_64.so.1");
    }

    @Test
    void subpackagesNameTheirOrigin() {
        List<Package> pkgs = read("multiple-2", new ArrayList<>());
        assertThat(pkgs).hasSize(14);
        assertThat(pkgs).filteredOn(p -> p.name().equals("alpine-baselayout-data"))
                .singleElement().satisfies(p -> assertThat(p.sourceName()).isEqualTo("alpine-baselayout"));
    }

    @Test
    void aCorruptDatabaseGivesWarningsNotPackagesOrCrashes() {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = read("corrupt", warnings);
        assertThat(warnings).hasSize(1);
        assertThat(pkgs).allSatisfy(p -> assertThat(p.version()).isNotBlank());
    }
}
