package dev.drydock.catalog;

import dev.drydock.catalog.binary.ArchiveDebs;
import dev.drydock.catalog.binary.GoModInfo;
import dev.drydock.catalog.binary.GoVersionM;
import dev.drydock.model.Package;
import dev.drydock.testing.DebianFixtures;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Go programs from Debian packages, read as a layer would hand them over (a stream, never
 * buffered), against what {@code go version -m} said about the same package versions
 * (fixtures/binaries/debian). Debian builds Go programs outside module mode, so their build info
 * has the toolchain, the main package path and (from Go 1.18) build settings, but no modules.
 * Debian 12's are Go 1.19 (inline format); Debian 11's are Go 1.15 (pointer format).
 */
class GoDebianBinariesTest {
    private final ElfBinaryAnalyzer analyzer = new ElfBinaryAnalyzer();

    @ParameterizedTest
    @CsvSource({"docker-registry,usr/bin/docker-registry", "skopeo,usr/bin/skopeo", "umoci,usr/bin/umoci"})
    void currentReleaseBinaries(String pkg, String binary, @TempDir Path tmp) throws IOException {
        DebianFixtures.Unpacked unpacked = DebianFixtures.unpack(DebianFixtures.deb(pkg), tmp);
        String version = field(unpacked.control(), "Version");
        Path expectedFile = Fixtures.path("binaries/debian").resolve(pkg + "_" + version + ".go-version-m.txt");
        Assumptions.assumeTrue(Files.exists(expectedFile), "no go version -m record for " + pkg + " " + version + " (the archive moved on)");
        check(unpacked.root().resolve(binary), binary, GoVersionM.read(expectedFile));
    }

    @ParameterizedTest
    @CsvSource({
            "pool/main/f/fzf/fzf_0.24.3-1+b6_amd64.deb,15912ab0d9d2963c116573a5b438395f3153d4a1682b0ff7b47cc764c0cf578c,usr/bin/fzf,fzf_0.24.3-1+b6",
            "pool/main/u/umoci/umoci_0.4.7+ds-2+b3_amd64.deb,402ce1f0ed157432de007edf0d2e705b2aee445ad435a66f6e2029c583195904,usr/bin/umoci,umoci_0.4.7+ds-2+b3"})
    void previousReleaseBinariesUseThePointerFormat(String pool, String sha256, String binary, String record, @TempDir Path tmp) throws IOException {
        DebianFixtures.Unpacked unpacked = DebianFixtures.unpack(ArchiveDebs.fetch(pool, sha256), tmp);
        GoVersionM expected = GoVersionM.read(Fixtures.path("binaries/debian/" + record + ".go-version-m.txt"));
        assertThat(expected.toolchain()).startsWith("go1.15");
        check(unpacked.root().resolve(binary), binary, expected);
    }

    private void check(Path file, String path, GoVersionM expected) throws IOException {
        BinaryFixtures.Run run;
        try (InputStream in = Files.newInputStream(file)) {
            run = BinaryFixtures.run(analyzer, path, in, Files.size(file));
        }
        assertThat(run.warnings()).isEmpty();
        assertThat(run.bytesRead()).isEqualTo(Files.size(file));
        GoModInfo mod = GoModInfo.parse(expected.modinfo());
        assertThat(mod.main()).isNull();
        // Outside module mode only the toolchain is a package.
        assertThat(run.packages()).hasSize(1);
        Package stdlib = run.named("stdlib");
        assertThat(stdlib.version()).isEqualTo(expected.toolchain().substring(2));
        assertThat(stdlib.purl()).isEqualTo("pkg:golang/stdlib@" + expected.toolchain().substring(2));
        assertThat(stdlib.attributes()).containsEntry("go.toolchain", expected.toolchain());
        if (!mod.path().isEmpty()) assertThat(stdlib.attributes()).containsEntry("go.path", mod.path());
        mod.settings().forEach((k, v) -> assertThat(stdlib.attributes()).containsEntry("go.build." + k, v));
        assertThat(stdlib.attributes().keySet().stream().filter(k -> k.startsWith("go.build."))).hasSize(mod.settings().size());
    }

    private static String field(String control, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ": *(\\S+)").matcher(control);
        if (!m.find()) throw new AssertionError("no " + name + " in " + control);
        return m.group(1);
    }
}
