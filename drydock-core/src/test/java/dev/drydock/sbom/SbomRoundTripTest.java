package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;
import dev.drydock.catalog.Cataloger;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.ImageSource;
import dev.drydock.image.ImageSources;
import dev.drydock.image.Limits;
import dev.drydock.image.SourceOptions;
import dev.drydock.testing.Fixtures;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.drydock.sbom.SbomTestCatalogs.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * drydock → SBOM → drydock gives the catalog back: packages (all fields but the installed-file list, which no
 * SBOM carries), distribution and image metadata (layers as the diffIDs the SBOM records), in both formats.
 */
class SbomRoundTripTest {
    private static final Digest LAYER_A = Digest.sha256("a".getBytes());
    private static final Digest LAYER_B = Digest.sha256("b".getBytes());

    enum Format {
        CYCLONEDX(new CycloneDxWriter(TOOL_VERSION, CREATED)),
        SPDX(new SpdxWriter(TOOL_VERSION, CREATED));

        final SbomWriter writer;

        Format(SbomWriter writer) {
            this.writer = writer;
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void debianImageWithLayersLabelsAndUnicodeComesBackUnchanged(Format format) throws IOException {
        assertRoundTrip(format, debian());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void theCatalogOfARealMultiLayerDebianImageComesBackUnchanged(Format format, @TempDir Path tmp) throws IOException {
        TestImage image = new TestImage()
                .label("org.opencontainers.image.description", "a label\nover two lines")
                .add(TestImage.layer()
                        .file("usr/lib/os-release", Fixtures.bytes("os-release/debian/usr/lib/os-release"), 0644)
                        .file("var/lib/dpkg/status", Fixtures.bytes("dpkg/status-variants/multiple"), 0644)
                        .file("usr/share/doc/util-linux/copyright", Fixtures.bytes("dpkg/copyright/liblzma5/copyright"), 0644))
                .add(TestImage.layer().tree(Fixtures.path("dpkg/distroless-statusd")));
        Catalog real = catalog(image, tmp);
        assertThat(real.packages()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(real.image().layers()).hasSize(2);

        assertRoundTrip(format, real);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void theCatalogOfARealAlpineImageComesBackUnchanged(Format format, @TempDir Path tmp) throws IOException {
        TestImage image = new TestImage().add(TestImage.layer()
                .file("etc/os-release", Fixtures.bytes("os-release/alpine/etc/os-release"), 0644)
                .file("lib/apk/db/installed", Fixtures.bytes("apk/alpine-3.4-full/lib/apk/db/installed"), 0644));
        Catalog real = catalog(image, tmp);
        assertThat(real.packages()).hasSizeGreaterThan(10);

        assertRoundTrip(format, real);
    }

    private static Catalog catalog(TestImage image, Path tmp) throws IOException {
        TestImage.Written w = image.writeOciLayout(tmp.resolve("layout"), "test");
        try (ImageSource src = ImageSources.open("oci:" + w.layout(), new SourceOptions(null, false, Limits.DEFAULT, tmp))) {
            return new Cataloger(Cataloger.defaultAnalyzers(), null, Limits.DEFAULT, 1).catalog(src, new Warnings(), Cataloger.Progress.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void rpmPackagesKeepTheirEpochInVersionAndPurl(Format format) throws IOException {
        Package openssl = new Package(PackageType.RPM, "openssl-libs", "1:3.0.7-27.el9", "x86_64", "openssl", "1:3.0.7-27.el9",
                List.of("Apache-2.0"), "pkg:rpm/rhel/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.3&epoch=1",
                LAYER_A, "var/lib/rpm/rpmdb.sqlite", List.of("/usr/lib64/libssl.so.3"));
        Package bash = new Package(PackageType.RPM, "bash", "5.1.8-6.el9_1", "x86_64", "bash", "5.1.8-6.el9_1",
                List.of("GPLv3+"), "pkg:rpm/rhel/bash@5.1.8-6.el9_1?arch=x86_64&distro=rhel-9.3", LAYER_A, "var/lib/rpm/rpmdb.sqlite", List.of());
        OsRelease rhel = new OsRelease("rhel", "9.3", null, "Red Hat Enterprise Linux 9.3 (Plow)", "fedora");
        assertRoundTrip(format, new Catalog(image(List.of(LAYER_A)), rhel, List.of(openssl, bash), List.of()));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void alpinePackagesComeBackUnchanged(Format format) throws IOException {
        Package musl = new Package(PackageType.APK, "musl", "1.2.4-r2", "x86_64", "musl", "1.2.4-r2", List.of("MIT"),
                "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.4", LAYER_A, "lib/apk/db/installed", List.of());
        Package busybox = new Package(PackageType.APK, "busybox", "1.36.1-r5", "x86_64", "busybox", "1.36.1-r5", List.of("GPL-2.0-only"),
                "pkg:apk/alpine/busybox@1.36.1-r5?arch=x86_64&distro=alpine-3.18.4", LAYER_A, "lib/apk/db/installed", List.of());
        OsRelease alpine = new OsRelease("alpine", "3.18.4", null, "Alpine Linux v3.18", null);
        assertRoundTrip(format, new Catalog(image(List.of(LAYER_A)), alpine, List.of(musl, busybox), List.of()));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void languagePackagesKeepTheirAttributesAndLicensesAsRecorded(Format format) throws IOException {
        Package guava = new Package(PackageType.MAVEN, "com.google.guava:guava", "33.0.0-jre", null, null, null,
                List.of("Apache 2.0"), "pkg:maven/com.google.guava/guava@33.0.0-jre", LAYER_B, "app/lib/guava-33.0.0-jre.jar", List.of(),
                Map.of("sha1", "161ba27964a62f241533807a46b8711b13c1d94b"));
        Package babel = new Package(PackageType.NPM, "@babel/core", "7.24.0", null, null, null,
                List.of("MIT", "MIT"), "pkg:npm/%40babel/core@7.24.0", LAYER_B, "app/node_modules/@babel/core/package.json", List.of());
        Package requests = new Package(PackageType.PYPI, "requests", "2.31.0", null, null, null,
                List.of("GPL-2.0-only OR BSD-3-Clause", "mit", "BSD, MIT"), "pkg:pypi/requests@2.31.0", LAYER_B,
                "usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA", List.of());
        Package license = new Package(PackageType.PYPI, "certifi", "2024.2.2", null, null, null,
                List.of("Mozilla Public License 2.0\n\n  Full text follows\there "), "pkg:pypi/certifi@2024.2.2", LAYER_B,
                "usr/lib/python3/dist-packages/certifi-2024.2.2.dist-info/METADATA", List.of());
        Package go = new Package(PackageType.GOLANG, "golang.org/x/net", "v0.23.0", null, null, null, List.of(),
                "pkg:golang/golang.org/x/net@v0.23.0", LAYER_B, "usr/bin/registry", List.of(),
                Map.of("go.replace", "golang.org/x/net => ../net", "odd=key%", "value=with=equals"));
        Package stdlib = new Package(PackageType.GOLANG, "stdlib", "1.22.3", null, null, null, List.of("BSD-3-Clause"),
                "pkg:golang/stdlib@1.22.3", LAYER_B, "usr/bin/registry", List.of());
        assertRoundTrip(format, new Catalog(image(List.of(LAYER_A, LAYER_B)), debianOs(),
                List.of(guava, babel, requests, license, go, stdlib), List.of()));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void anOsPackageWithoutPurlComesBackByItsType(Format format) throws IOException {
        Package noPurl = new Package(PackageType.DEB, "weird", "1.0", "amd64", null, null, List.of(), null, LAYER_A, "var/lib/dpkg/status", List.of());
        assertRoundTrip(format, new Catalog(image(List.of(LAYER_A)), debianOs(), List.of(noPurl, LIBSSL3), List.of()));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void repeatedLayersTagsAndMultiLineLabelsKeepTheirOrderAndText(Format format) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("description", "  two\n\nparagraphs\tand  spaces  ");
        labels.put("key with space", "v");
        ImageMetadata image = new ImageMetadata("registry.example:5000/team/app@" + MANIFEST, MANIFEST,
                "application/vnd.docker.distribution.manifest.v2+json", CONFIG, new Platform("linux", "arm64", "v8"), "2025-01-01T00:00:00.123456789Z",
                layers(List.of(LAYER_A, LAYER_B, LAYER_A)), List.of("app:1", "app:1", "app:latest"), List.of(), labels,
                Map.of("org.opencontainers.image.ref.name", "1"));
        Package pkg = new Package(PackageType.DEB, "libc6", "2.36-9+deb12u10", "arm64", "glibc", "2.36-9+deb12u10",
                List.of("GPL-2+", "LGPL-2.1+", "GPL-2+"), "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=arm64&distro=debian-12", LAYER_A,
                "var/lib/dpkg/status", List.of());
        assertRoundTrip(format, new Catalog(image, debianOs(), List.of(pkg), List.of()));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void anEmptyCatalogComesBackEmpty(Format format) throws IOException {
        assertRoundTrip(format, empty());
        assertRoundTrip(format, new Catalog(null, null, List.of(), List.of()));
    }

    private static void assertRoundTrip(Format format, Catalog original) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.writer.write(original, out);

        Catalog read = new SbomReader().read(out.toByteArray());

        assertThat(read.warnings()).isEmpty();
        assertThat(read.packages()).containsExactlyElementsOf(expectedPackages(original));
        assertThat(read.os()).isEqualTo(expectedOs(original.os()));
        assertThat(read.image()).isEqualTo(expectedImage(original.image()));
    }

    /** SBOMs list packages in {@link PackageOrder} and carry no installed-file lists. */
    private static List<Package> expectedPackages(Catalog c) {
        return PackageOrder.sorted(c.packages()).stream().map(p -> p.withFiles(List.of())).toList();
    }

    /** A distribution without an id is not written. */
    private static OsRelease expectedOs(OsRelease os) {
        return os == null || os.id() == null || os.id().isBlank() ? null : os;
    }

    /** An SBOM records each layer's diffID, not its blob digest, size or media type. */
    private static ImageMetadata expectedImage(ImageMetadata m) {
        if (m == null) return new ImageMetadata(null, null, null, null, null, null, null, null, null, null, null);
        return new ImageMetadata(m.reference(), m.manifestDigest(), m.manifestMediaType(), m.configDigest(), m.platform(), m.created(),
                layers(m.layers().stream().map(Layer::diffId).toList()), m.repoTags(), m.repoDigests(), m.labels(), m.annotations());
    }

    private static ImageMetadata image(List<Digest> diffIds) {
        ImageMetadata d = debianImage();
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(new Layer(i, Digest.sha256(("blob" + i).getBytes()), diffIds.get(i), 1000L * (i + 1), "application/vnd.oci.image.layer.v1.tar+gzip"));
        }
        return new ImageMetadata(d.reference(), d.manifestDigest(), d.manifestMediaType(), d.configDigest(), d.platform(), d.created(),
                layers, d.repoTags(), d.repoDigests(), d.labels(), d.annotations());
    }

    private static List<Layer> layers(List<Digest> diffIds) {
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) out.add(new Layer(i, null, diffIds.get(i), 0, null));
        return out;
    }
}
