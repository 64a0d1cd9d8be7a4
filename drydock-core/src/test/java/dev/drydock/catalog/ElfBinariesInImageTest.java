package dev.drydock.catalog;

import dev.drydock.image.ImageSource;
import dev.drydock.image.ImageSources;
import dev.drydock.image.Limits;
import dev.drydock.image.SourceOptions;
import dev.drydock.model.Digest;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.Fixtures;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The combined binary analyzer inside a real (OCI layout) image through the Cataloger: executables
 * stream from the layer, each package keeps its binary's path and its layer, a binary deleted by a
 * later layer is gone, and files without an execute bit are not looked at.
 */
class ElfBinariesInImageTest {
    @TempDir
    Path tmp;

    @Test
    void binariesInLayers() throws IOException {
        byte[] go = BinaryFixtures.gunzip("go/go119-amd64.gz");
        byte[] rust = Fixtures.bytes("binaries/rust/rust-nonalloc");
        TestImage image = new TestImage()
                .add(TestImage.layer().file("etc/os-release", CatalogerTest.OS_RELEASE)
                        .file("usr/local/bin/gofixture", go, 0755)
                        .file("usr/local/bin/rusty", rust, 0755)
                        .file("srv/data/not-executable", go, 0644)
                        .file("usr/local/bin/run.sh", ("#!/bin/sh\n" + "exec gofixture \"$@\"\n".repeat(100)).getBytes(StandardCharsets.US_ASCII), 0755))
                .add(TestImage.layer().file("opt/tools/mips-tool", BinaryFixtures.gunzip("go/go115-mips.gz"), 0700))
                .add(TestImage.layer().whiteout("usr/local/bin/rusty"));
        TestImage.Written w = image.writeOciLayout(tmp.resolve("layout"), "test");
        List<dev.drydock.catalog.Analyzer> analyzers = Cataloger.defaultAnalyzers();
        Warnings warnings = new Warnings();
        Catalog c;
        try (ImageSource src = ImageSources.open("oci:" + w.layout(), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
            c = new Cataloger(analyzers, null, Limits.DEFAULT, 2).catalog(src, warnings, Cataloger.Progress.NONE);
        }
        List<Digest> layers = w.diffIds();

        assertThat(warnings.list()).isEmpty();
        assertThat(c.packages()).allSatisfy(p -> assertThat(p.type()).isEqualTo(PackageType.GOLANG));
        assertThat(c.packages()).filteredOn(p -> p.path().equals("usr/local/bin/gofixture")).hasSize(6)
                .allSatisfy(p -> assertThat(p.layerDiffId()).isEqualTo(layers.get(0)));
        assertThat(c.packages()).filteredOn(p -> p.path().equals("opt/tools/mips-tool")).hasSize(6)
                .allSatisfy(p -> assertThat(p.layerDiffId()).isEqualTo(layers.get(1)));
        assertThat(c.packages()).extracting(Package::path).doesNotContain("srv/data/not-executable", "usr/local/bin/rusty");
        assertThat(c.packages()).filteredOn(p -> p.name().equals("stdlib")).extracting(Package::version).containsExactlyInAnyOrder("1.19.8", "1.15.15");
    }
}
