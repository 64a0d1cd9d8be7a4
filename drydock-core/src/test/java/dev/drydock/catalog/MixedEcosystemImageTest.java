package dev.drydock.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.image.ImageSource;
import dev.drydock.image.ImageSources;
import dev.drydock.image.Limits;
import dev.drydock.image.SourceOptions;
import dev.drydock.model.Digest;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.DebianFixtures;
import dev.drydock.testing.Fixtures;
import dev.drydock.testing.TestImage;
import dev.drydock.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One image, one ecosystem per layer: a Debian base (debootstrap), a Spring-Boot-style fat jar of real
 * Maven Central jars, an npm app installed by npm, and a Go binary built by Go 1.19. The catalog must be
 * exactly what each package manager says was put in, each package in its own layer.
 */
class MixedEcosystemImageTest {
    @TempDir
    Path tmp;

    /** "name version" of what npm itself listed for the installed tree (npm ls --all). */
    private static Set<String> npmLs() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Fixtures.bytes("npm/installed/npm-ls-all.json"));
        Set<String> out = new TreeSet<>();
        collect(root, out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        node.path("dependencies").fields().forEachRemaining(e -> {
            out.add(e.getKey() + " " + e.getValue().path("version").asText());
            collect(e.getValue(), out);
        });
    }

    /** Module "path version" lines of `go version -m`, with replacements by another module applied. */
    private static Set<String> goVersionM() {
        Set<String> out = new TreeSet<>();
        String pending = null;
        for (String line : new String(Fixtures.bytes("binaries/go/go119-amd64.go-version-m.txt")).lines().toList()) {
            String[] f = line.strip().split("\t");
            if (f[0].equals("dep")) {
                if (pending != null) out.add(pending);
                pending = f[1] + " " + f[2];
            } else if (f[0].equals("=>") && pending != null) {
                // a replacement by a local directory keeps the module's own name and version
                if (!f[1].startsWith(".") && !f[1].startsWith("/")) pending = f[1] + " " + f[2];
                out.add(pending);
                pending = null;
            }
        }
        if (pending != null) out.add(pending);
        return out;
    }

    @Test
    void everyEcosystemIsFoundExactlyOnceInItsOwnLayer() throws IOException {
        Path rootfs = DebianFixtures.minbase();
        TestImage.Written w = new TestImage()
                .add(TestImage.layer().tree(rootfs))
                .add(TestImage.layer().file("srv/app/app.jar", JavaArchiveAnalyzerTest.springBootJar(), 0755))
                .add(TestImage.layer().tree(Fixtures.path("npm/installed")))
                .add(TestImage.layer().file("usr/local/bin/gofixture", BinaryFixtures.gunzip("go/go119-amd64.gz"), 0755))
                .writeOciLayout(tmp.resolve("mixed"), "test");
        Catalog c;
        try (ImageSource src = ImageSources.open("oci:" + w.layout(), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
            c = new Cataloger(Cataloger.defaultAnalyzers(), null, Limits.DEFAULT, 2).catalog(src, new Warnings(), Cataloger.Progress.NONE);
        }
        List<Digest> layers = c.image().layers().stream().map(l -> l.diffId()).toList();
        Map<PackageType, List<Package>> byType = c.packages().stream().collect(Collectors.groupingBy(Package::type));
        assertThat(byType.keySet()).containsExactlyInAnyOrder(PackageType.DEB, PackageType.MAVEN, PackageType.NPM, PackageType.GOLANG);

        // Debian: what dpkg says, layer 1
        String dpkg = Tools.run("dpkg-query", "--admindir=" + rootfs.resolve("var/lib/dpkg"), "-W", "-f", "${Package} ${Version}\\n");
        assertThat(names(byType.get(PackageType.DEB))).isEqualTo(new TreeSet<>(dpkg.lines().toList()));
        assertThat(byType.get(PackageType.DEB)).allSatisfy(p -> assertThat(p.layerDiffId()).isEqualTo(layers.get(0)));

        // Java: the app and each of its eight libraries once, layer 2
        assertThat(byType.get(PackageType.MAVEN)).hasSize(9).allSatisfy(p -> {
            assertThat(p.layerDiffId()).isEqualTo(layers.get(1));
            assertThat(p.path()).startsWith("srv/app/app.jar");
        });
        assertThat(byType.get(PackageType.MAVEN)).extracting(Package::purl).contains("pkg:maven/org.slf4j/slf4j-api@2.0.17");

        // npm: what npm ls listed (the lockfile beside node_modules adds nothing), layer 3
        assertThat(names(byType.get(PackageType.NPM))).isEqualTo(npmLs());
        assertThat(byType.get(PackageType.NPM)).allSatisfy(p -> assertThat(p.layerDiffId()).isEqualTo(layers.get(2)));

        // Go: what `go version -m` listed, plus the main module and the toolchain, layer 4
        Set<String> go = names(byType.get(PackageType.GOLANG));
        assertThat(go).containsAll(goVersionM()).contains("stdlib 1.19.8");
        assertThat(go).anyMatch(s -> s.startsWith("example.com/drydock/gofixture "));
        assertThat(go).hasSize(goVersionM().size() + 2);
        assertThat(byType.get(PackageType.GOLANG)).allSatisfy(p -> {
            assertThat(p.layerDiffId()).isEqualTo(layers.get(3));
            assertThat(p.path()).isEqualTo("usr/local/bin/gofixture");
        });
    }

    private static Set<String> names(List<Package> pkgs) {
        return pkgs.stream().map(p -> p.name() + " " + p.version()).collect(Collectors.toCollection(TreeSet::new));
    }
}
