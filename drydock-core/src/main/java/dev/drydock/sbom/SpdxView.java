package dev.drydock.sbom;

import java.util.ArrayList;
import java.util.List;

/**
 * What drydock reads of an SPDX 2.x document, whichever encoding it came in: the tag-value and JSON parsers
 * both fill this, and {@link SpdxReader} maps it once.
 */
final class SpdxView {
    String version;
    String documentId = "SPDXRef-DOCUMENT";
    final List<String> creators = new ArrayList<>();
    final List<String> describes = new ArrayList<>();
    final List<Pkg> packages = new ArrayList<>();
    final List<Relationship> relationships = new ArrayList<>();

    /** One SPDX package, with the fields drydock uses. */
    static final class Pkg {
        String id;
        String name;
        String version;
        String description;
        String purpose;
        String licenseDeclared;
        String licenseConcluded;
        final List<String> purls = new ArrayList<>();
        /** Annotation comments on this package, in document order. */
        final List<String> annotations = new ArrayList<>();
    }

    record Relationship(String from, String type, String to) {
    }
}
