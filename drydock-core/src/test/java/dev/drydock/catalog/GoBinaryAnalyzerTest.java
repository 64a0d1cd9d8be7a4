package dev.drydock.catalog;

import dev.drydock.catalog.binary.GoBuildInfo;
import dev.drydock.catalog.binary.GoModInfo;
import dev.drydock.catalog.binary.GoModule;
import dev.drydock.catalog.binary.GoVersionMs;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Go binaries built for this test by Debian's Go 1.19 (inline build info) and Debian 11's Go 1.15
 * (pointer build info), for 32/64-bit and little/big-endian targets, with code sections zeroed so
 * they stay small (fixtures/binaries/SOURCES.md); each checked against what {@code go version -m}
 * said about it.
 */
class GoBinaryAnalyzerTest {
    private final ElfBinaryAnalyzer analyzer = new ElfBinaryAnalyzer();

    @ParameterizedTest
    @ValueSource(strings = {"go119-amd64", "go119-amd64-boring", "go119-386", "go119-mips", "go119-ppc64", "go115-amd64", "go115-mips"})
    void readsWhatTheGoToolchainReads(String fixture) {
        byte[] binary = BinaryFixtures.gunzip("go/" + fixture + ".gz");
        GoBuildInfo info = GoVersionMs.scan(binary);
        var expected = GoVersionMs.expected("go/" + fixture + ".go-version-m.txt");

        assertThat(info.toolchain()).isEqualTo(expected.toolchain());
        GoModInfo got = GoModInfo.parse(info.modinfo()), want = GoModInfo.parse(expected.modinfo());
        assertThat(got).isEqualTo(want);
        assertThat(got.deps()).hasSize(4);
        assertThat(info.inline()).isEqualTo(fixture.startsWith("go119"));

        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "app/" + fixture, binary);
        assertThat(run.warnings()).isEmpty();
        assertThat(run.packages().stream().filter(p -> !p.attributes().containsKey("go.main")).map(p -> p.name() + "@" + p.version()).sorted())
                .containsExactlyElementsOf(coordinates(want, expected.toolchain()));
        assertThat(run.named(want.main().path()).attributes()).containsEntry("go.main", "true");
        assertThat(run.packages()).allSatisfy(p -> {
            assertThat(p.type()).isEqualTo(PackageType.GOLANG);
            assertThat(p.path()).isEqualTo("app/" + fixture);
            assertThat(p.layerDiffId()).isNull();
            assertThat(p.files()).isEmpty();
        });
    }

    /** The packages the Go toolchain's reading implies: replacements compiled in place of the modules they replace. */
    private static List<String> coordinates(GoModInfo mod, String toolchain) {
        List<String> out = new ArrayList<>();
        for (GoModule d : mod.deps()) {
            GoModule r = d.replacement();
            GoModule compiled = r != null && !r.isDirectory() && !r.version().isEmpty() ? r : d;
            out.add(compiled.path() + "@" + compiled.version());
        }
        String stdlib = toolchain.split(" ")[0].substring(2);
        out.add("stdlib@" + stdlib);
        return out.stream().sorted().toList();
    }

    @Test
    void reportsModulesReplacementsAndTheToolchainWithTheirAttributes() {
        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "usr/local/bin/gofixture", BinaryFixtures.gunzip("go/go119-amd64.gz"));

        assertThat(run.coordinates()).containsExactly(
                "example.com/drydock/gofixture@v1.4.2",
                "example.com/local@v0.0.0",
                "github.com/drydock-fixture/errors@v0.9.2",
                "github.com/google/uuid@v1.3.0",
                "golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1",
                "stdlib@1.19.8");

        Package main = run.named("example.com/drydock/gofixture");
        assertThat(main.purl()).isEqualTo("pkg:golang/example.com/drydock/gofixture@v1.4.2");
        assertThat(main.attributes()).containsEntry("go.main", "true")
                .containsEntry("go.version.source", "ldflags")
                .containsEntry("go.path", "example.com/drydock/gofixture")
                .containsEntry("go.toolchain", "go1.19.8")
                .containsEntry("go.vcs", "git")
                .containsEntry("go.vcs.revision", "21375b60a4135bb518157d8339414c8b55c43bc5")
                .containsEntry("go.vcs.time", "2024-05-01T12:00:00Z")
                .containsEntry("go.vcs.modified", "false");

        Package fork = run.named("github.com/drydock-fixture/errors");
        assertThat(fork.purl()).isEqualTo("pkg:golang/github.com/drydock-fixture/errors@v0.9.2");
        assertThat(fork.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "go.replace", "github.com/drydock-fixture/errors@v0.9.2",
                "go.original", "github.com/pkg/errors@v0.9.1"));

        Package local = run.named("example.com/local");
        assertThat(local.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("go.replace", "./local"));

        Package stdlib = run.named("stdlib");
        assertThat(stdlib.purl()).isEqualTo("pkg:golang/stdlib@1.19.8");
        assertThat(stdlib.attributes()).containsEntry("go.toolchain", "go1.19.8")
                .containsEntry("go.build.GOARCH", "amd64")
                .containsEntry("go.build.CGO_ENABLED", "0")
                .containsEntry("go.build.-ldflags", "-s -w -X main.version=1.4.2")
                .doesNotContainKey("go.build.vcs.revision");
        assertThat(run.named("golang.org/x/xerrors").purl()).isEqualTo("pkg:golang/golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1");
    }

    @Test
    void aMainModuleWithoutAReleaseVersionKeepsDevelAndGetsNoPurlVersion() {
        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "app", BinaryFixtures.gunzip("go/go115-mips.gz"));
        Package main = run.named("example.com/drydock/gofixture");
        assertThat(main.version()).isEqualTo("(devel)");
        assertThat(main.purl()).isEqualTo("pkg:golang/example.com/drydock/gofixture");
        assertThat(main.attributes()).containsEntry("go.main", "true").containsEntry("go.toolchain", "go1.15.15");
        assertThat(run.named("stdlib").purl()).isEqualTo("pkg:golang/stdlib@1.15.15");
        assertThat(run.named("example.com/local").attributes()).containsEntry("go.replace", "./local");
    }

    @Test
    void toolchainExperimentsAreStrippedFromTheStdlibVersion() {
        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "app", BinaryFixtures.gunzip("go/go119-amd64-boring.gz"));
        Package stdlib = run.named("stdlib");
        assertThat(stdlib.version()).isEqualTo("1.19.8");
        assertThat(stdlib.attributes()).containsEntry("go.toolchain", "go1.19.8 X:boringcrypto")
                .containsEntry("go.experiment", "boringcrypto")
                .containsEntry("go.build.CGO_ENABLED", "1");
    }

    @Test
    void wantsExecutableRegularFilesOnly() {
        assertThat(analyzer.wants("usr/bin/app", 0100755, 2_000_000)).isTrue();
        assertThat(analyzer.wants("opt/app/run", 0100700, 4096)).isTrue();
        assertThat(analyzer.wants("app", 0755, 4096)).isTrue();
        assertThat(analyzer.wants("usr/lib/libfoo.so", 0100644, 2_000_000)).isFalse();
        assertThat(analyzer.wants("usr/bin/tiny", 0100755, 200)).isFalse();
        assertThat(analyzer.wants("usr/bin/link", 0120777, 0)).isFalse();
        assertThat(analyzer.wants("usr/bin/app")).isFalse();
        assertThat(analyzer.streams()).isTrue();
    }

    @Test
    void aShellScriptCostsFourBytes() {
        byte[] script = ("#!/bin/sh\n" + "echo hello\n".repeat(400)).getBytes(StandardCharsets.US_ASCII);
        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "usr/local/bin/hello", script);
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).isEmpty();
        assertThat(run.bytesRead()).isEqualTo(4);
    }

    @Test
    void aNonGoProgramHasNoGoPackagesAndNoWarnings() {
        // The Rust fixtures are ELF programs without Go build info.
        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "usr/bin/tool", dev.drydock.testing.Fixtures.bytes("binaries/rust/rust-nonalloc"));
        assertThat(run.packages()).noneMatch(p -> p.type() == dev.drydock.model.PackageType.GOLANG);
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    void ldflagsVersionsAreTakenOnlyFromVersionVariablesWithReleaseValues() {
        assertThat(GoPackages.ldflagsVersion("-s -w -X main.version=1.4.2")).isEqualTo("v1.4.2");
        assertThat(GoPackages.ldflagsVersion("-X 'github.com/acme/tool/internal/version.Version=v2.0.1-rc.1'")).isEqualTo("v2.0.1-rc.1");
        assertThat(GoPackages.ldflagsVersion("-X=main.Version=3.1.0")).isEqualTo("v3.1.0");
        assertThat(GoPackages.ldflagsVersion("-X main.commit=abcdef -X main.date=2024")).isNull();
        assertThat(GoPackages.ldflagsVersion("-X main.version=dev")).isNull();
        assertThat(GoPackages.ldflagsVersion("-X")).isNull();
    }

    @Test
    void toolchainVersionsBecomeSemanticVersions() {
        assertThat(GoToolchain.parse("go1.22.3").stdlib()).isEqualTo("1.22.3");
        assertThat(GoToolchain.parse("go1.20").stdlib()).isEqualTo("1.20.0");
        assertThat(GoToolchain.parse("go1.21rc2").stdlib()).isEqualTo("1.21.0-rc.2");
        assertThat(GoToolchain.parse("go1.18beta1").stdlib()).isEqualTo("1.18.0-beta.1");
        GoToolchain x = GoToolchain.parse("go1.22.3 X:boringcrypto,loopvar");
        assertThat(x.stdlib()).isEqualTo("1.22.3");
        assertThat(x.experiments()).isEqualTo("boringcrypto,loopvar");
        assertThat(GoToolchain.parse("devel go1.23-abcdef Mon Jan 1 00:00:00 2024 +0000").stdlib()).isNull();
    }
}
