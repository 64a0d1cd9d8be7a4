package dev.drydock.catalog;

import dev.drydock.catalog.java.ZipBuilder;
import dev.drydock.image.ImageSource;
import dev.drydock.image.ImageSources;
import dev.drydock.image.Limits;
import dev.drydock.image.SourceOptions;
import dev.drydock.model.Digest;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.drydock.catalog.java.ZipBuilder.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** The analyzer behind the real layer walker and cataloger: streamed tar entries, layers, whiteouts, a directory root. */
class JavaArchiveImageTest {
    @TempDir
    Path tmp;

    static final String OS_RELEASE = "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";

    private Catalog catalog(ImageSource src, List<String> warnings) throws IOException {
        return catalog(src, warnings, null);
    }

    private Catalog catalog(ImageSource src, List<String> warnings, LayerCache cache) throws IOException {
        return new Cataloger(Cataloger.defaultAnalyzers(), cache, Limits.DEFAULT, 2).catalog(src, new Warnings(warnings::add), Cataloger.Progress.NONE);
    }

    @Test
    void resultsSurviveTheLayerCacheUnchanged() throws IOException {
        TestImage image = new TestImage().add(TestImage.layer().file("etc/os-release", OS_RELEASE)
                .file("app/app.jar", JavaArchiveAnalyzerTest.springBootJar(), 0644));
        TestImage.Written w = image.writeOciLayout(tmp.resolve("cached"), "test");
        LayerCache cache = new LayerCache(tmp.resolve("cache"), 64 << 20);
        List<Catalog> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (ImageSource src = ImageSources.open("oci:" + w.layout(), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
                runs.add(catalog(src, new ArrayList<>(), cache));
            }
        }
        assertThat(runs.get(0).packages()).hasSize(9);
        assertThat(runs.get(1).packages()).isEqualTo(runs.get(0).packages());
    }

    @Test
    void jarsInAnImageAreFoundInTheirLayersAndRemovedJarsAreNot() throws IOException {
        byte[] fat = JavaArchiveAnalyzerTest.springBootJar();
        TestImage image = new TestImage()
                .add(TestImage.layer().file("etc/os-release", OS_RELEASE)
                        .file("usr/share/java/slf4j-api-2.0.17.jar", fixture("central/slf4j-api-2.0.17.jar"), 0644))
                .add(TestImage.layer().dir("app").file("app/app.jar", fat, 0644)
                        .file("app/extra/surefire-api-2.12.4.jar", fixture("central/surefire-api-2.12.4.jar"), 0644)
                        .file("app/extra/notes.jar", "not a zip".getBytes(), 0644))
                .add(TestImage.layer().whiteout("app/extra/surefire-api-2.12.4.jar"));
        TestImage.Written w = image.writeOciLayout(tmp.resolve("layout"), "test");
        List<String> warnings = new ArrayList<>();
        Catalog c;
        try (ImageSource src = ImageSources.open("oci:" + w.layout(), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
            c = catalog(src, warnings);
        }
        List<Digest> layers = w.diffIds();
        List<Package> maven = c.packages().stream().filter(p -> p.type() == PackageType.MAVEN).toList();
        assertThat(maven).filteredOn(p -> p.path().equals("usr/share/java/slf4j-api-2.0.17.jar")).singleElement()
                .satisfies(p -> assertThat(p.layerDiffId()).isEqualTo(layers.get(0)));
        assertThat(maven).filteredOn(p -> p.path().startsWith("app/app.jar")).hasSize(9)
                .allSatisfy(p -> assertThat(p.layerDiffId()).isEqualTo(layers.get(1)));
        assertThat(maven).noneMatch(p -> p.path().startsWith("app/extra/"));
        assertThat(maven).hasSize(10);
        assertThat(warnings).containsExactly("layer 2: app/extra/notes.jar: not a zip archive; skipped");
    }

    @Test
    void jarsInARootDirectoryAreReadToo() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root/opt/app/lib"));
        Files.write(root.resolve("failureaccess-1.0.1.jar"), fixture("central/failureaccess-1.0.1.jar"));
        Files.write(root.resolve("web.war"), new ZipBuilder().pom("com.example", "web", "1.0")
                .deflated("WEB-INF/lib/javax.inject-1.jar", fixture("central/javax.inject-1.jar")).build());
        List<String> warnings = new ArrayList<>();
        Catalog c;
        try (ImageSource src = ImageSources.open("dir:" + tmp.resolve("root"), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
            c = catalog(src, warnings);
        }
        assertThat(c.packages()).extracting(Package::name, Package::path).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("com.example:web", "opt/app/lib/web.war"),
                org.assertj.core.groups.Tuple.tuple("com.google.guava:failureaccess", "opt/app/lib/failureaccess-1.0.1.jar"),
                org.assertj.core.groups.Tuple.tuple("javax.inject", "opt/app/lib/web.war!/WEB-INF/lib/javax.inject-1.jar"));
        assertThat(c.packages()).allSatisfy(p -> assertThat(p.layerDiffId()).isNull());
    }
}
