package dev.drydock.catalog;

import dev.drydock.image.ImageSource;
import dev.drydock.image.ImageSources;
import dev.drydock.image.Limits;
import dev.drydock.image.SourceOptions;
import dev.drydock.model.Digest;
import dev.drydock.model.Package;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Layer squashing and attribution, on small real OCI images built in the test. */
class CatalogerTest {
    @TempDir
    Path tmp;

    static final String OS_RELEASE = "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";

    static String entry(String name, String version, String source) {
        return "Package: " + name + "\nStatus: install ok installed\nArchitecture: amd64\n"
                + (source == null ? "" : "Source: " + source + "\n") + "Version: " + version + "\n\n";
    }

    private Catalog catalog(TestImage image, LayerCache cache) throws IOException {
        TestImage.Written w = image.writeOciLayout(tmp.resolve("layout-" + System.nanoTime()), "test");
        try (ImageSource src = ImageSources.open("oci:" + w.layout(), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
            return new Cataloger(Cataloger.defaultAnalyzers(), cache, Limits.DEFAULT, 2).catalog(src, new Warnings(), Cataloger.Progress.NONE);
        }
    }

    private static Map<String, Digest> layerByName(Catalog c) {
        return c.packages().stream().collect(Collectors.toMap(Package::name, Package::layerDiffId));
    }

    @Test
    void packagesAreAttributedToTheLayerThatFirstInstalledThem() throws IOException {
        TestImage img = new TestImage()
                .add(TestImage.layer().file("etc/os-release", OS_RELEASE)
                        .file("var/lib/dpkg/status", entry("base-files", "12.4", null) + entry("libc6", "2.36-9", "glibc")))
                .add(TestImage.layer().file("var/lib/dpkg/status",
                        entry("base-files", "12.4", null) + entry("libc6", "2.36-9", "glibc") + entry("libssl3", "3.0.17-1~deb12u2", "openssl")))
                .add(TestImage.layer().file("var/lib/dpkg/status",
                        entry("base-files", "12.4", null) + entry("libc6", "2.36-9+deb12u1", "glibc") + entry("libssl3", "3.0.17-1~deb12u2", "openssl")));
        Catalog c = catalog(img, null);
        List<Digest> layers = c.image().layers().stream().map(l -> l.diffId()).toList();
        assertThat(c.os().purlDistro()).isEqualTo("debian-12");
        assertThat(layerByName(c)).containsEntry("base-files", layers.get(0))
                .containsEntry("libssl3", layers.get(1))
                .containsEntry("libc6", layers.get(2)); // upgraded in layer 3
        assertThat(c.packages()).filteredOn(p -> p.name().equals("libssl3")).singleElement()
                .satisfies(p -> assertThat(p.purl()).isEqualTo("pkg:deb/debian/libssl3@3.0.17-1~deb12u2?arch=amd64&distro=debian-12"));
    }

    @Test
    void aWhiteoutRemovesADistrolessPackageEntry() throws IOException {
        TestImage img = new TestImage()
                .add(TestImage.layer().file("etc/os-release", OS_RELEASE)
                        .file("var/lib/dpkg/status.d/base-files", entry("base-files", "12.4", null))
                        .file("var/lib/dpkg/status.d/tzdata", entry("tzdata", "2024a-0+deb12u1", null))
                        .file("var/lib/dpkg/status.d/tzdata.md5sums", "d41d8cd98f00b204e9800998ecf8427e  usr/share/zoneinfo/UTC\n"))
                .add(TestImage.layer().file("var/lib/dpkg/status.d/libssl3", entry("libssl3", "3.0.17-1~deb12u2", "openssl")))
                .add(TestImage.layer().whiteout("var/lib/dpkg/status.d/tzdata").whiteout("var/lib/dpkg/status.d/tzdata.md5sums"));
        Catalog c = catalog(img, null);
        assertThat(c.packages()).extracting(Package::name).containsExactly("base-files", "libssl3");
    }

    @Test
    void anOpaqueDirectoryHidesEverythingBelowItFromLowerLayers() throws IOException {
        TestImage img = new TestImage()
                .add(TestImage.layer().file("etc/os-release", OS_RELEASE)
                        .file("var/lib/dpkg/status.d/base-files", entry("base-files", "12.4", null))
                        .file("var/lib/dpkg/status.d/tzdata", entry("tzdata", "2024a", null)))
                .add(TestImage.layer().opaque("var/lib/dpkg/status.d")
                        .file("var/lib/dpkg/status.d/libc6", entry("libc6", "2.36-9", "glibc")));
        Catalog c = catalog(img, null);
        assertThat(c.packages()).extracting(Package::name).containsExactly("libc6");
        assertThat(c.packages().get(0).layerDiffId()).isEqualTo(c.image().layers().get(1).diffId());
    }

    @Test
    void aFileAddedAgainAfterItsWhiteoutInTheSameLayerSurvives() throws IOException {
        TestImage img = new TestImage()
                .add(TestImage.layer().file("var/lib/dpkg/status", entry("old", "1", null)))
                .add(TestImage.layer().whiteout("var/lib/dpkg").file("var/lib/dpkg/status", entry("new", "2", null)));
        Catalog c = catalog(img, null);
        assertThat(c.packages()).extracting(Package::name).containsExactly("new");
    }

    @Test
    void aDatabaseReplacedBySomethingUnreadableNoLongerCounts() throws IOException {
        TestImage img = new TestImage()
                .add(TestImage.layer().file("var/lib/dpkg/status", entry("old", "1", null)))
                .add(TestImage.layer().symlink("var/lib/dpkg/status", "/dev/null"));
        assertThat(catalog(img, null).packages()).isEmpty();
    }

    @Test
    void dpkgInfoListsBecomeThePackagesFiles() throws IOException {
        TestImage img = new TestImage()
                .add(TestImage.layer().file("var/lib/dpkg/status", entry("libc6", "2.36-9", "glibc"))
                        .file("var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib/x86_64-linux-gnu/libc.so.6\n"));
        assertThat(catalog(img, null).packages().get(0).files()).containsExactly("/lib/x86_64-linux-gnu/libc.so.6");
    }

    @Test
    void aSecondImageSharingTheBaseLayerReadsItFromTheCache() throws IOException {
        LayerCache cache = new LayerCache(tmp.resolve("cache"), 1 << 20);
        TestImage.LayerBuilder base = TestImage.layer().file("etc/os-release", OS_RELEASE)
                .file("var/lib/dpkg/status", entry("base-files", "12.4", null));
        Catalog first = catalog(new TestImage().add(base), cache);
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertThat(files.count()).isEqualTo(1);
        }
        // Prove the hit: change the cached entry's content and see it come back.
        Path entry;
        try (var files = Files.list(tmp.resolve("cache"))) {
            entry = files.findFirst().orElseThrow();
        }
        Files.writeString(entry, Files.readString(entry).replace("12.4", "99.9"));
        Catalog second = catalog(new TestImage().add(base).add(TestImage.layer().file("app/x", "y")), cache);
        assertThat(first.packages().get(0).version()).isEqualTo("12.4");
        assertThat(second.packages().get(0).version()).isEqualTo("99.9");
    }

    @Test
    void aCorruptCacheEntryIsAMissNotAnError() throws IOException {
        LayerCache cache = new LayerCache(tmp.resolve("cache"), 1 << 20);
        TestImage.LayerBuilder base = TestImage.layer().file("var/lib/dpkg/status", entry("base-files", "12.4", null));
        catalog(new TestImage().add(base), cache);
        try (var files = Files.list(tmp.resolve("cache"))) {
            Files.writeString(files.findFirst().orElseThrow(), "{not json");
        }
        assertThat(catalog(new TestImage().add(base), cache).packages()).extracting(Package::version).containsExactly("12.4");
    }

    @Test
    void theCacheStaysUnderItsSizeBound() throws IOException {
        LayerCache cache = new LayerCache(tmp.resolve("cache"), 2_000);
        for (int i = 0; i < 10; i++) {
            catalog(new TestImage().add(TestImage.layer().file("var/lib/dpkg/status", entry("p" + i, "1." + i, null))), cache);
        }
        long total;
        try (var files = Files.list(tmp.resolve("cache"))) {
            total = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(total).isLessThanOrEqualTo(2_000).isPositive();
    }

    @Test
    void aRootDirectoryIsCatalogedWithoutLayers() throws IOException {
        Path root = tmp.resolve("rootfs");
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("etc/os-release"), OS_RELEASE);
        Files.writeString(root.resolve("var/lib/dpkg/status"), entry("base-files", "12.4", null));
        try (ImageSource src = ImageSources.open("dir:" + root, new SourceOptions(null, false, null, tmp))) {
            Catalog c = new Cataloger(Cataloger.defaultAnalyzers(), null, Limits.DEFAULT, 1).catalog(src, new Warnings(), Cataloger.Progress.NONE);
            assertThat(c.packages()).singleElement().satisfies(p -> {
                assertThat(p.purl()).isEqualTo("pkg:deb/debian/base-files@12.4?arch=amd64&distro=debian-12");
                assertThat(p.layerDiffId()).isNull();
            });
        }
    }

    @Test
    void aSymlinkedPackageDatabaseOutsideTheRootDirectoryIsNotFollowed() throws IOException {
        Path root = tmp.resolve("rootfs");
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Path outside = tmp.resolve("outside-status");
        Files.writeString(outside, entry("evil", "1", null));
        Files.createSymbolicLink(root.resolve("var/lib/dpkg/status"), outside);
        try (ImageSource src = ImageSources.open("dir:" + root, new SourceOptions(null, false, null, tmp))) {
            Catalog c = new Cataloger(Cataloger.defaultAnalyzers(), null, Limits.DEFAULT, 1).catalog(src, new Warnings(), Cataloger.Progress.NONE);
            assertThat(c.packages()).isEmpty();
        }
    }

    @Test
    void rpmPackagesGetAPurlWithEpochQualifierAndDistro() throws IOException {
        TestImage img = new TestImage().add(TestImage.layer()
                .file("etc/os-release", "ID=mariner\nVERSION_ID=\"2.0\"\n")
                .file("var/lib/rpm/rpmdb.sqlite", dev.drydock.testing.Fixtures.bytes("rpm/sqlite/cbl-mariner-2.0/var/lib/rpm/rpmdb.sqlite"), 0644));
        Catalog c = catalog(img, null);
        assertThat(c.packages()).hasSize(129);
        assertThat(c.packages()).filteredOn(p -> p.name().equals("curl")).singleElement().satisfies(p -> {
            assertThat(p.purl()).startsWith("pkg:rpm/mariner/curl@").contains("arch=x86_64").contains("distro=mariner-2.0");
            assertThat(p.files()).contains("/usr/bin/curl");
        });
        assertThat(c.packages()).filteredOn(p -> p.version().startsWith("1:")).first()
                .satisfies(p -> assertThat(p.purl()).contains("epoch=1").doesNotContain("@1:"));
    }

    /** A language analyzer for the test: every {@code *.pkg} file names one npm package. */
    static final class FakeLanguageAnalyzer implements Analyzer {
        public String name() { return "fake-language"; }
        public int version() { return 1; }
        public boolean wants(String path) { return path.endsWith(".pkg"); }
        public List<FileResult> analyze(String path, byte[] content, Warnings w) {
            String name = new String(content).strip();
            return List.of(new FileResult.Packages(List.of(new Package(dev.drydock.model.PackageType.NPM, name, "1.0.0", null, null, null,
                    List.of(), "pkg:npm/" + name + "@1.0.0", null, path, List.of()))));
        }
    }

    @Test
    void languagePackagesInstalledByAnOsPackageAreNotCountedTwice() throws IOException {
        TestImage img = new TestImage().add(TestImage.layer()
                .file("var/lib/dpkg/status", entry("node-left-pad", "1.3.0-1", null))
                .file("var/lib/dpkg/info/node-left-pad.list", "/usr/share/nodejs/left-pad/left.pkg\n")
                .file("usr/share/nodejs/left-pad/left.pkg", "left-pad")
                .file("srv/app/node_modules/app.pkg", "express"));
        TestImage.Written w = img.writeOciLayout(tmp.resolve("owned"), "test");
        List<Analyzer> analyzers = new java.util.ArrayList<>(Cataloger.defaultAnalyzers());
        analyzers.add(new FakeLanguageAnalyzer());
        try (ImageSource src = ImageSources.open("oci:" + w.layout(), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
            Catalog deduped = new Cataloger(analyzers, null, Limits.DEFAULT, 1).catalog(src, new Warnings(), Cataloger.Progress.NONE);
            assertThat(deduped.packages()).extracting(Package::name).containsExactly("node-left-pad", "express");
        }
        try (ImageSource src = ImageSources.open("oci:" + w.layout(), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
            Catalog all = new Cataloger(analyzers, null, Limits.DEFAULT, 1).includeOsOwned(true).catalog(src, new Warnings(), Cataloger.Progress.NONE);
            assertThat(all.packages()).extracting(Package::name).containsExactly("node-left-pad", "express", "left-pad");
        }
    }

    @Test
    void theOutermostArchiveNamesTheImageFile() {
        assertThat(Cataloger.outermost("app/app.jar!/BOOT-INF/lib/x.jar!/y.jar")).isEqualTo("app/app.jar");
        assertThat(Cataloger.outermost("usr/bin/registry")).isEqualTo("usr/bin/registry");
    }
}
