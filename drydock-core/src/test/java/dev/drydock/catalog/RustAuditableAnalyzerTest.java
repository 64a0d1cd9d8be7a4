package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rust programs linked by rustc (rust-lld) with a {@code .dep-v0} section holding audit data written
 * by hand from the format's JSON schema (cargo-auditable itself cannot be installed here; see
 * fixtures/binaries/SOURCES.md): one where the section is outside every segment, as recent
 * cargo-auditable versions make it, one where it is loaded read-only data, as earlier versions let it be.
 */
class RustAuditableAnalyzerTest {
    private final ElfBinaryAnalyzer analyzer = new ElfBinaryAnalyzer();

    @ParameterizedTest
    @ValueSource(strings = {"rust-nonalloc", "rust-alloc"})
    void reportsTheCratesCompiledIn(String fixture) {
        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "usr/bin/" + fixture, Fixtures.bytes("binaries/rust/" + fixture));

        assertThat(run.warnings()).isEmpty();
        // serde_derive and proc-macro2 are build dependencies: they ran in the compiler, not in the binary.
        assertThat(run.coordinates()).containsExactly(
                "auditable-fixture@0.1.0", "forked@0.3.1", "libc@0.2.155", "log@0.4.22", "regex@1.10.5", "serde@1.0.204", "value-bag@1.9.0");
        Package root = run.named("auditable-fixture");
        assertThat(root.attributes()).containsEntry("cargo.root", "true").containsEntry("cargo.source", "local");
        Package libc = run.named("libc");
        assertThat(libc.type()).isEqualTo(PackageType.CARGO);
        assertThat(libc.purl()).isEqualTo("pkg:cargo/libc@0.2.155");
        assertThat(libc.attributes()).containsEntry("cargo.source", "crates.io").doesNotContainKey("cargo.root");
        assertThat(run.named("regex").attributes()).containsEntry("cargo.source", "sparse+https://index.example.com/");
        assertThat(run.named("forked").attributes()).containsEntry("cargo.source", "git");
        assertThat(run.packages()).allSatisfy(p -> assertThat(p.path()).isEqualTo("usr/bin/" + fixture));
    }

    @Test
    void findsTheDataInABinaryWithoutSectionHeaders() {
        // sstrip-style: no section headers at all; the data is recognised by content alone.
        byte[] b = Fixtures.bytes("binaries/rust/rust-nonalloc");
        byte[] stripped = Arrays.copyOf(b, b.length);
        for (int i = 40; i < 48; i++) stripped[i] = 0; // e_shoff
        stripped[60] = stripped[61] = stripped[62] = stripped[63] = 0; // e_shnum, e_shstrndx
        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "app", stripped);
        assertThat(run.warnings()).isEmpty();
        assertThat(run.coordinates()).contains("libc@0.2.155", "serde@1.0.204");
    }

    @Test
    void aGoBinaryHasNoCrates() {
        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "app", BinaryFixtures.gunzip("go/go119-amd64.gz"));
        assertThat(run.packages()).noneMatch(p -> p.type() == dev.drydock.model.PackageType.CARGO);
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    void oneStreamingPassFindsGoModulesAndCrates() {
        assertThat(BinaryFixtures.run(analyzer, "a", BinaryFixtures.gunzip("go/go119-386.gz")).coordinates()).contains("stdlib@1.19.8");
        assertThat(BinaryFixtures.run(analyzer, "b", Fixtures.bytes("binaries/rust/rust-alloc")).coordinates()).contains("libc@0.2.155");
        assertThat(analyzer.streams()).isTrue();
    }
}
