package dev.drydock.sbom;

import com.fasterxml.jackson.databind.JsonNode;

import static dev.drydock.sbom.BoundedJson.text;

/** SPDX 2.x JSON, already parsed by {@link BoundedJson}, to an {@link SpdxView}. */
final class SpdxJson {
    private SpdxJson() {
    }

    static SpdxView view(JsonNode doc) {
        SpdxView v = new SpdxView();
        v.version = text(doc, "spdxVersion");
        if (text(doc, "SPDXID") != null) v.documentId = text(doc, "SPDXID");
        for (JsonNode c : doc.path("creationInfo").path("creators")) {
            if (c.isTextual()) v.creators.add(c.asText());
        }
        for (JsonNode d : doc.path("documentDescribes")) {
            if (d.isTextual()) v.describes.add(d.asText());
        }
        for (JsonNode p : doc.path("packages")) {
            if (p.isObject()) v.packages.add(pkg(p));
        }
        for (JsonNode r : doc.path("relationships")) {
            String from = text(r, "spdxElementId");
            String type = text(r, "relationshipType");
            String to = text(r, "relatedSpdxElement");
            if (from != null && type != null && to != null) v.relationships.add(new SpdxView.Relationship(from, type, to));
        }
        return v;
    }

    private static SpdxView.Pkg pkg(JsonNode p) {
        SpdxView.Pkg pkg = new SpdxView.Pkg();
        pkg.id = text(p, "SPDXID");
        pkg.name = text(p, "name");
        pkg.version = text(p, "versionInfo");
        pkg.description = text(p, "description");
        pkg.purpose = text(p, "primaryPackagePurpose");
        pkg.licenseDeclared = text(p, "licenseDeclared");
        pkg.licenseConcluded = text(p, "licenseConcluded");
        for (JsonNode ref : p.path("externalRefs")) {
            if ("purl".equals(text(ref, "referenceType")) && text(ref, "referenceLocator") != null) pkg.purls.add(text(ref, "referenceLocator"));
        }
        for (JsonNode a : p.path("annotations")) {
            if (text(a, "comment") != null) pkg.annotations.add(text(a, "comment"));
        }
        return pkg;
    }
}
