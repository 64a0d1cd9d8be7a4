package dev.drydock.catalog;

import dev.drydock.model.ImageMetadata;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;

import java.util.List;

/** Everything found in one image: its metadata, its distribution and its packages. */
public record Catalog(ImageMetadata image, OsRelease os, List<Package> packages, List<String> warnings) {
    public Catalog {
        packages = List.copyOf(packages);
        warnings = List.copyOf(warnings);
    }
}
