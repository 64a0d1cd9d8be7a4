package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;

import java.util.List;
import java.util.UUID;

/**
 * What an SBOM shows of a catalog, normalised once so both formats agree: the image never null, an
 * operating system only when it has an id to name it by, packages in {@link PackageOrder}.
 */
record SbomContent(ImageMetadata image, ImageSubject subject, OsRelease os, List<Package> packages) {
    private static final ImageMetadata NO_METADATA = new ImageMetadata(null, null, null, null, null, null, null, null, null, null, null);

    static SbomContent of(Catalog catalog) {
        ImageMetadata image = catalog.image() != null ? catalog.image() : NO_METADATA;
        OsRelease os = catalog.os() != null && catalog.os().id() != null && !catalog.os().id().isBlank() ? catalog.os() : null;
        return new SbomContent(image, ImageSubject.of(image), os, PackageOrder.sorted(catalog.packages()));
    }

    UUID contentId(SbomFormat format, String toolVersion) {
        return ContentId.of(format, toolVersion, this);
    }

    /** The package's purl, or for a package without one a stand-in built from what identifies it. */
    static String identity(Package p) {
        if (p.purl() != null && !p.purl().isBlank()) return p.purl();
        String type = p.type() == null ? "unknown" : p.type().purlType();
        return "drydock:package:" + type + "/" + p.name() + "@" + p.version() + (p.arch() == null ? "" : "?arch=" + p.arch());
    }
}
