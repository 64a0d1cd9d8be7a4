package dev.drydock.sbom;

import java.util.List;

/**
 * One component (CycloneDX) or package (SPDX) as read, before it becomes a {@link dev.drydock.model.Package},
 * an image or an operating system: the format-specific readers fill it, {@link CatalogAssembler} maps it.
 *
 * @param ref         bom-ref or SPDXID, for warnings and duplicate detection; may be null
 * @param description CycloneDX description or SPDX package description (an operating system's pretty name)
 * @param licenses    what the format's license field says, one entry per license or expression
 * @param properties  CycloneDX properties or SPDX annotations in {@code name=value} form, in document order
 */
record SbomEntry(String ref, String name, String version, String description, String purl,
                 List<String> licenses, List<SbomProperty> properties) {
    SbomEntry {
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
        properties = properties == null ? List.of() : List.copyOf(properties);
    }

    /** The first value of a property, or null. */
    String property(String name) {
        for (SbomProperty p : properties) {
            if (p.name().equals(name)) return p.value();
        }
        return null;
    }

    /** Every value of a repeated property, in order. */
    List<String> properties(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).map(SbomProperty::value).toList();
    }

    /** A short, safe label for warnings: the purl, else the name, else the ref. */
    String label() {
        String s = purl != null && !purl.isBlank() ? purl : name != null && !name.isBlank() ? name : ref;
        return '"' + SbomText.safe(s) + '"';
    }
}
