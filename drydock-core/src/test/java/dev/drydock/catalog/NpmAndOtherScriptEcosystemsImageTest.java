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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The script-ecosystem analyzers through the real pipeline (OCI layout, layer walk, squash) on a
 * three-layer image of real fixtures, with the npm lockfile rule applied to the result as the
 * cataloger is to apply it.
 */
class NpmAndOtherScriptEcosystemsImageTest {
    @TempDir
    Path tmp;

    private static final List<Analyzer> ANALYZERS = List.of(new NpmPackageAnalyzer(), new NpmLockfileAnalyzer(), new PythonPackageAnalyzer(),
            new GemspecAnalyzer(), new ComposerInstalledAnalyzer(), new DotNetDepsAnalyzer());

    /** Every file of a fixture directory, placed under {@code prefix} in the layer. */
    private static TestImage.LayerBuilder under(TestImage.LayerBuilder layer, String prefix, String fixtureDir) {
        Path root = Fixtures.path(fixtureDir);
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                layer.file(prefix + root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p), 0644);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layer;
    }

    @Test
    void eachEcosystemFromItsLayerWithLockfilesOnlyWhereNoNodeModulesIs() throws IOException {
        TestImage image = new TestImage()
                .add(under(TestImage.layer(), "", "python/debian"))
                .add(under(under(under(TestImage.layer(), "srv/app/", "npm/installed"), "var/www/", "composer/composer_2"), "", "ruby"))
                .add(TestImage.layer()
                        .file("srv/lockapp/package-lock.json", Fixtures.bytes("npm/lockfiles/package-lock-v3.json"), 0644)
                        .file("srv/lockapp/yarn.lock", Fixtures.bytes("npm/lockfiles/yarn-v1.lock"), 0644)
                        .file("srv/dotnet/MyApp.deps.json", Fixtures.bytes("dotnet/syft/MyApp.deps.json"), 0644)
                        .whiteout("srv/app/node_modules/is-number"));
        TestImage.Written w = image.writeOciLayout(tmp.resolve("layout"), "test");
        Catalog c;
        Warnings warnings = new Warnings();
        try (ImageSource src = ImageSources.open("oci:" + w.layout(), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
            c = new Cataloger(ANALYZERS, null, Limits.DEFAULT, 2).catalog(src, warnings, Cataloger.Progress.NONE);
        }
        List<Digest> layers = w.diffIds();
        List<Package> pkgs = NpmLockfileRule.apply(c.packages());
        Map<PackageType, Long> byType = pkgs.stream().collect(Collectors.groupingBy(Package::type, Collectors.counting()));

        assertThat(byType).isEqualTo(Map.of(PackageType.PYPI, 5L, PackageType.NPM, 4L + 78L, PackageType.GEM, 7L,
                PackageType.COMPOSER, 2L, PackageType.NUGET, 1L));
        assertThat(pkgs).filteredOn(p -> p.type() == PackageType.PYPI).allSatisfy(p -> assertThat(p.layerDiffId()).isEqualTo(layers.get(0)));
        assertThat(pkgs).filteredOn(p -> p.type() == PackageType.GEM || p.type() == PackageType.COMPOSER)
                .allSatisfy(p -> assertThat(p.layerDiffId()).isEqualTo(layers.get(1)));
        // installed npm packages: is-number was deleted by the top layer; the app's own lockfile adds nothing
        assertThat(pkgs).filteredOn(p -> p.path().startsWith("srv/app/")).extracting(Package::name)
                .containsExactlyInAnyOrder("@isaacs/string-locale-compare", "debug", "ms", "ms");
        assertThat(pkgs).filteredOn(p -> p.path().startsWith("srv/app/")).allSatisfy(p -> assertThat(p.layerDiffId()).isEqualTo(layers.get(1)));
        // the app without node_modules: package-lock.json wins over the yarn.lock beside it
        assertThat(pkgs).filteredOn(p -> p.path().startsWith("srv/lockapp/")).hasSize(78)
                .allSatisfy(p -> {
                    assertThat(p.path()).isEqualTo("srv/lockapp/package-lock.json");
                    assertThat(p.layerDiffId()).isEqualTo(layers.get(2));
                });
        assertThat(pkgs).filteredOn(p -> p.type() == PackageType.NUGET).singleElement()
                .satisfies(p -> assertThat(p.purl()).isEqualTo("pkg:nuget/Newtonsoft.Json@13.0.3"));
        // an image of language packages only: nothing else to warn about
        assertThat(warnings.list()).containsExactly("could not identify the operating system (no os-release)");
    }
}
