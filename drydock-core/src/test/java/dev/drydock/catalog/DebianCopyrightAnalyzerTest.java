package dev.drydock.catalog;

import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DebianCopyrightAnalyzerTest {
    private final DebianCopyrightAnalyzer analyzer = new DebianCopyrightAnalyzer();

    private List<String> licenses(String fixture) {
        var out = analyzer.analyze("usr/share/doc/pkg/copyright", Fixtures.bytes("dpkg/copyright/" + fixture), new Warnings());
        return out.isEmpty() ? List.of() : ((FileResult.PackageLicenses) out.get(0)).licenses();
    }

    @Test
    void machineReadableCopyrightGivesEachLicenseOnce() {
        assertThat(licenses("liblzma5/copyright")).startsWith("PD", "probably-PD", "GPL-2+", "LGPL-2.1+", "permissive-fsf").doesNotHaveDuplicates();
        assertThat(licenses("trilicense/copyright")).containsExactly("MPL-1.1", "GPL-2", "LGPL-2.1");
        assertThat(licenses("trivy-license-pattern-and-classifier-copyright")).contains("GPL-1+", "Artistic", "BSD-4-clause-POWERDOG", "Zlib");
    }

    @Test
    void freeFormCopyrightFallsBackToCommonLicenseReferences() {
        assertThat(licenses("libc6/copyright")).containsExactly("LGPL-2.1", "GPL-2");
        assertThat(licenses("trivy-common-license-copyright")).containsExactly("GPL-2");
    }

    @Test
    void onlyTopLevelPackageCopyrightFilesAreWanted() {
        assertThat(analyzer.wants("usr/share/doc/libc6/copyright")).isTrue();
        assertThat(analyzer.wants("usr/share/doc/libc6/examples/copyright")).isFalse();
        assertThat(analyzer.wants("usr/share/doc/copyright")).isFalse();
        var out = analyzer.analyze("usr/share/doc/zlib1g/copyright", "License: Zlib\n".getBytes(), new Warnings());
        assertThat(out).singleElement().isEqualTo(new FileResult.PackageLicenses("zlib1g", List.of("Zlib")));
    }
}
