package dev.drydock.sbom;

import dev.drydock.model.Package;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The order packages appear in an SBOM: by type, name, version and purl, then by everything else that
 * is written, so that analyzers finishing in a different order never change the bytes.
 */
final class PackageOrder {
    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());

    static final Comparator<Package> ORDER = Comparator
            .comparing((Package p) -> p.type() == null ? null : p.type().purlType(), TEXT)
            .thenComparing(Package::name, TEXT)
            .thenComparing(Package::version, TEXT)
            .thenComparing(Package::purl, TEXT)
            .thenComparing(Package::arch, TEXT)
            .thenComparing(p -> Objects.toString(p.layerDiffId(), null), TEXT)
            .thenComparing(Package::path, TEXT)
            .thenComparing(Package::sourceName, TEXT)
            .thenComparing(Package::sourceVersion, TEXT)
            .thenComparing(p -> String.join("\n", p.licenses()), TEXT);

    private PackageOrder() {
    }

    static List<Package> sorted(List<Package> packages) {
        return packages.stream().sorted(ORDER).toList();
    }
}
