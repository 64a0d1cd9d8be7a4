package dev.drydock.server.store;

import java.util.List;

/** A package of an image as its latest scan catalogued it; {@code path} is empty when unknown. */
public record PackageRow(String purl, String name, String version, String type, String arch, String layerDiffId,
                         String path, String sourceName, String sourceVersion, List<String> licenses) {
    public PackageRow {
        licenses = List.copyOf(licenses);
    }
}
