package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Catalogs shaped like what the analyzers produce for a real Debian 12 image. */
final class SbomTestCatalogs {
    static final Instant CREATED = Instant.parse("2025-07-01T12:00:00Z");
    static final String TOOL_VERSION = "0.1.0-test";

    static final Digest MANIFEST = Digest.sha256("manifest".getBytes());
    static final Digest CONFIG = Digest.sha256("config".getBytes());
    static final Digest BASE_LAYER = Digest.sha256("layer-0-diff".getBytes());
    static final Digest APP_LAYER = Digest.sha256("layer-1-diff".getBytes());

    static final String LABEL_NEEDING_ESCAPES = "ship \"it\" <now> & \\back\\\n\ttabbed \u2603 \u00fcml\u00e4ut";
    static final String ODD_NAME = "\"quoted\"-\u00fcn\u00efc\u00f6de-\u2603";

    static final Package BASE_FILES = deb("base-files", "12.4+deb12u11", "amd64", null, null, List.of(),
            "pkg:deb/debian/base-files@12.4%2Bdeb12u11?arch=amd64&distro=debian-12", BASE_LAYER, "var/lib/dpkg/status",
            List.of("/etc/debian_version", "/etc/os-release", "/usr/lib/os-release"));
    static final Package LIBSSL3 = deb("libssl3", "3.0.17-1~deb12u2", "amd64", "openssl", "3.0.17-1~deb12u2", List.of("Apache-2.0"),
            "pkg:deb/debian/libssl3@3.0.17-1~deb12u2?arch=amd64&distro=debian-12", BASE_LAYER, "var/lib/dpkg/status",
            List.of("/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3"));
    /** Distroless images record each package in its own file under status.d. */
    static final Package TZDATA = deb("tzdata", "2025b-0+deb12u1", "all", null, null, List.of("public-domain"),
            "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=all&distro=debian-12", APP_LAYER, "var/lib/dpkg/status.d/tzdata",
            List.of("/usr/share/zoneinfo/UTC"));
    /** Debian copyright files mix SPDX ids with their own short names such as GPL-2+. */
    static final Package ZLIB = deb("zlib1g", "1:1.2.13.dfsg-1", "amd64", "zlib", "1:1.2.13.dfsg-1", List.of("Zlib", "GPL-2+"),
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12", BASE_LAYER, "var/lib/dpkg/status", List.of());
    static final Package ODD = new Package(PackageType.NPM, ODD_NAME, "1.0.0", null, null, null, List.of("MIT OR Apache-2.0"),
            "pkg:npm/%22quoted%22-%C3%BCn%C3%AFc%C3%B6de-%E2%98%83@1.0.0", APP_LAYER,
            "usr/lib/node_modules/odd/package.json", List.of("/usr/lib/node_modules/odd/index.js"));
    /** The same Python distribution installed twice (two site-packages) shares one purl. */
    static final Package REQUESTS_A = new Package(PackageType.PYPI, "requests", "2.31.0", null, null, null, List.of("Apache-2.0"),
            "pkg:pypi/requests@2.31.0", APP_LAYER, "usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA", List.of());
    static final Package REQUESTS_B = new Package(PackageType.PYPI, "requests", "2.31.0", null, null, null, List.of("Apache-2.0"),
            "pkg:pypi/requests@2.31.0", APP_LAYER, "opt/venv/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA", List.of());

    static final List<Package> PACKAGES = List.of(ZLIB, ODD, LIBSSL3, REQUESTS_B, BASE_FILES, TZDATA, REQUESTS_A);

    private SbomTestCatalogs() {
    }

    static Catalog debian() {
        return new Catalog(debianImage(), debianOs(), PACKAGES, List.of("a warning that is not part of the SBOM"));
    }

    static ImageMetadata debianImage() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", LABEL_NEEDING_ESCAPES);
        labels.put("org.opencontainers.image.source", "https://example.org/app.git");
        labels.put("odd=key%", "value=with=equals");
        return new ImageMetadata(
                "docker.io/library/debian:12",
                MANIFEST,
                "application/vnd.oci.image.manifest.v1+json",
                CONFIG,
                Platform.LINUX_AMD64,
                "2025-06-10T00:00:00Z",
                List.of(new Layer(0, Digest.sha256("layer-0-blob".getBytes()), BASE_LAYER, 29_000_000, "application/vnd.oci.image.layer.v1.tar+gzip"),
                        new Layer(1, Digest.sha256("layer-1-blob".getBytes()), APP_LAYER, 1_200, "application/vnd.oci.image.layer.v1.tar+zstd")),
                List.of("debian:12", "debian:bookworm"),
                List.of("debian@" + MANIFEST),
                labels,
                Map.of("org.opencontainers.image.base.name", "docker.io/library/debian:12"));
    }

    static OsRelease debianOs() {
        return new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", null);
    }

    static Catalog empty() {
        ImageMetadata image = new ImageMetadata("dir:/tmp/rootfs", null, null, null, null, null, null, null, null, null, null);
        return new Catalog(image, null, List.of(), List.of());
    }

    static Catalog withPackages(List<Package> packages) {
        Catalog c = debian();
        return new Catalog(c.image(), c.os(), packages, c.warnings());
    }

    static Catalog withExtraPackage(Package extra) {
        List<Package> more = new ArrayList<>(PACKAGES);
        more.add(extra);
        return withPackages(more);
    }

    private static Package deb(String name, String version, String arch, String sourceName, String sourceVersion, List<String> licenses,
                               String purl, Digest layer, String path, List<String> files) {
        return new Package(PackageType.DEB, name, version, arch, sourceName, sourceVersion, licenses, purl, layer, path, files);
    }
}
