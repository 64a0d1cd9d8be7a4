package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DpkgAnalyzerTest {
    private final DpkgAnalyzer analyzer = new DpkgAnalyzer();

    private List<Package> packages(String path, byte[] content, List<String> warnings) {
        List<Package> out = new ArrayList<>();
        for (FileResult r : analyzer.analyze(path, content, new Warnings(warnings::add))) {
            if (r instanceof FileResult.Packages p) out.addAll(p.packages());
        }
        return out;
    }

    @Test
    void readsEveryInstalledPackageOfAFullStatusFile() {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = packages("var/lib/dpkg/status", Fixtures.bytes("dpkg/ubuntu-bionic-full/var/lib/dpkg/status"), warnings);
        // 91 paragraphs, one of them "deinstall ok config-files" (removed, only its config left)
        assertThat(pkgs).hasSize(90);
        assertThat(warnings).isEmpty();
        Package libpam = pkgs.stream().filter(p -> p.name().equals("libpam-runtime")).findFirst().orElseThrow();
        assertThat(libpam.version()).isEqualTo("1.1.8-3.6ubuntu2");
        assertThat(libpam.arch()).isEqualTo("all");
        assertThat(libpam.sourceName()).isEqualTo("pam");
        assertThat(libpam.sourceVersion()).isEqualTo("1.1.8-3.6ubuntu2");
        assertThat(libpam.path()).isEqualTo("var/lib/dpkg/status");
    }

    @Test
    void epochsAndSourceVersionsInParenthesesAreKept() {
        List<Package> pkgs = packages("var/lib/dpkg/status", Fixtures.bytes("dpkg/ubuntu-bionic-full/var/lib/dpkg/status"), new ArrayList<>());
        assertThat(pkgs).anySatisfy(p -> {
            assertThat(p.version()).contains(":");
        });
        String status = """
                Package: libgcc1
                Status: install ok installed
                Architecture: amd64
                Source: gcc-8 (8-20180414-1ubuntu2)
                Version: 1:8-20180414-1ubuntu2
                """;
        Package p = packages("var/lib/dpkg/status", status.getBytes(StandardCharsets.UTF_8), new ArrayList<>()).get(0);
        assertThat(p.version()).isEqualTo("1:8-20180414-1ubuntu2");
        assertThat(p.sourceName()).isEqualTo("gcc-8");
        assertThat(p.sourceVersion()).isEqualTo("8-20180414-1ubuntu2");
    }

    @Test
    void removedPackagesWithOnlyConfigFilesAreNotInstalled() {
        List<Package> pkgs = packages("var/lib/dpkg/status", Fixtures.bytes("dpkg/status-variants/deinstall"), new ArrayList<>());
        assertThat(pkgs).extracting(Package::name).doesNotContain("linux-image-6.8.0-1029-aws").contains("linux-image-6.14.0-1012-aws");
    }

    @Test
    void distrolessStatusDirectoryEntriesAreInstalledWithoutAStatusField() {
        List<Package> pkgs = packages("var/lib/dpkg/status.d/libsqlite3-0", Fixtures.bytes("dpkg/distroless-statusd/var/lib/dpkg/status.d/libsqlite3-0"), new ArrayList<>());
        assertThat(pkgs).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("libsqlite3-0");
            assertThat(p.sourceName()).isEqualTo("sqlite3");
            assertThat(p.path()).isEqualTo("var/lib/dpkg/status.d/libsqlite3-0");
        });
    }

    @Test
    void md5sumsOfDistrolessEntriesGiveTheOwnedFiles() {
        var out = analyzer.analyze("var/lib/dpkg/status.d/libsqlite3-0.md5sums",
                Fixtures.bytes("dpkg/distroless-statusd/var/lib/dpkg/status.d/libsqlite3-0.md5sums"), new Warnings());
        assertThat(out).singleElement().isInstanceOfSatisfying(FileResult.OwnedFiles.class, o -> {
            assertThat(o.packageName()).isEqualTo("libsqlite3-0");
            assertThat(o.files()).contains("/usr/share/doc/libsqlite3-0/README.Debian").allMatch(f -> f.startsWith("/"));
        });
    }

    @Test
    void infoListFilesNameTheirPackageIncludingArchitecture() {
        var out = analyzer.analyze("var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib\n/lib/x86_64-linux-gnu/libc.so.6\n".getBytes(StandardCharsets.UTF_8), new Warnings());
        assertThat(out).singleElement().isInstanceOfSatisfying(FileResult.OwnedFiles.class, o -> {
            assertThat(o.packageName()).isEqualTo("libc6:amd64");
            assertThat(o.files()).containsExactly("/lib", "/lib/x86_64-linux-gnu/libc.so.6");
        });
    }

    @Test
    void onlyTheDpkgDatabaseIsWanted() {
        assertThat(analyzer.wants("var/lib/dpkg/status")).isTrue();
        assertThat(analyzer.wants("var/lib/dpkg/status.d/foo")).isTrue();
        assertThat(analyzer.wants("var/lib/dpkg/status.d/sub/foo")).isFalse();
        assertThat(analyzer.wants("var/lib/dpkg/info/foo.list")).isTrue();
        assertThat(analyzer.wants("var/lib/dpkg/info/foo.md5sums")).isFalse();
        assertThat(analyzer.wants("var/lib/dpkg/status-old")).isFalse();
        assertThat(analyzer.wants("usr/share/doc/foo/copyright")).isFalse();
    }

    @Test
    void corruptParagraphsAreSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = packages("var/lib/dpkg/status.d/corrupt", Fixtures.bytes("dpkg/status-variants/corrupt"), warnings);
        assertThat(pkgs).isEmpty();
        assertThat(warnings).singleElement().asString().contains("skipped 1 unusable entries");
    }

    @Test
    void binaryGarbageYieldsNoPackagesAndNoCrash() {
        byte[] junk = new byte[64 * 1024];
        new java.util.Random(42).nextBytes(junk);
        List<String> warnings = new ArrayList<>();
        assertThat(packages("var/lib/dpkg/status", junk, warnings)).isEmpty();
        assertThat(warnings).hasSize(1);
    }

    @Test
    void aTruncatedStatusFileKeepsTheCompleteParagraphs() {
        byte[] full = Fixtures.bytes("dpkg/ubuntu-bionic-full/var/lib/dpkg/status");
        byte[] half = java.util.Arrays.copyOf(full, full.length / 2);
        List<Package> pkgs = packages("var/lib/dpkg/status", half, new ArrayList<>());
        assertThat(pkgs.size()).isBetween(30, 60);
    }

    @Test
    void anEndlessStatusFileStopsAtThePackageBound() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Analyzer.MAX_PACKAGES_PER_FILE + 10; i++) sb.append("Package: p").append(i).append("\nStatus: install ok installed\nVersion: 1\n\n");
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = packages("var/lib/dpkg/status", sb.toString().getBytes(StandardCharsets.UTF_8), warnings);
        assertThat(pkgs).hasSize(Analyzer.MAX_PACKAGES_PER_FILE);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("stopped after 100000 packages"));
    }
}
