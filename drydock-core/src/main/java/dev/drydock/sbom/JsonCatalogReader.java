package dev.drydock.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.image.BadInputException;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back drydock's own JSON catalog ({@link JsonCatalogWriter}, docs/sbom-json.md), so that a saved
 * {@code drydock sbom --format json} can be scanned later with nothing lost.
 */
final class JsonCatalogReader {
    private final SbomLimits limits;

    JsonCatalogReader(SbomLimits limits) {
        this.limits = limits;
    }

    /** True for a document this reader owns: drydock's tool name and a schema version. */
    static boolean accepts(JsonNode tree) {
        return tree.has("schemaVersion") && "drydock".equals(tree.path("tool").path("name").asText(null)) && tree.has("packages");
    }

    Catalog read(JsonNode tree) {
        int version = tree.path("schemaVersion").asInt(-1);
        if (version != JsonCatalogWriter.SCHEMA_VERSION) {
            throw new BadInputException("drydock JSON SBOM has schemaVersion " + SbomText.safe(tree.path("schemaVersion").toString())
                    + "; this drydock reads " + JsonCatalogWriter.SCHEMA_VERSION);
        }
        JsonNode packages = tree.path("packages");
        if (!packages.isArray()) throw new BadInputException("drydock JSON SBOM: packages must be an array");
        if (packages.size() > limits.maxComponents()) {
            throw new BadInputException("drydock JSON SBOM lists more than " + limits.maxComponents() + " packages");
        }
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : tree.path("warnings")) if (w.isTextual()) warnings.add(w.asText());
        List<Package> out = new ArrayList<>();
        int index = 0;
        for (JsonNode p : packages) {
            index++;
            PackageType type = PackageType.fromPurlType(text(p, "type"));
            String name = text(p, "name");
            if (type == null || name == null) {
                warnings.add("skipped package " + index + " of the SBOM: no known type or no name");
                continue;
            }
            out.add(new Package(type, name, text(p, "version"), text(p, "arch"), text(p, "sourceName"), text(p, "sourceVersion"),
                    strings(p.path("licenses")), text(p, "purl"), digest(p, "layerDiffId"), text(p, "path"), List.of(),
                    map(p.path("attributes"))));
        }
        return new Catalog(image(tree.path("image")), os(tree.path("os")), out, warnings);
    }

    private static ImageMetadata image(JsonNode m) {
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : m.path("layers")) {
            layers.add(new Layer(l.path("index").asInt(), digest(l, "digest"), digest(l, "diffId"), l.path("size").asLong(),
                    text(l, "mediaType")));
        }
        String platform = text(m, "platform");
        return new ImageMetadata(text(m, "reference"), digest(m, "manifestDigest"), text(m, "mediaType"), digest(m, "configDigest"),
                platform == null ? null : Platform.parse(platform), text(m, "created"), layers, strings(m.path("repoTags")),
                strings(m.path("repoDigests")), map(m.path("labels")), map(m.path("annotations")));
    }

    private static OsRelease os(JsonNode os) {
        if (!os.isObject()) return null;
        return new OsRelease(text(os, "id"), text(os, "versionId"), text(os, "versionCodename"), text(os, "prettyName"), null);
    }

    private static String text(JsonNode node, String field) {
        return BoundedJson.text(node, field);
    }

    private static Digest digest(JsonNode node, String field) {
        String s = text(node, field);
        if (s == null) return null;
        try {
            return Digest.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("drydock JSON SBOM: " + field + " is not a digest: " + SbomText.safe(s));
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) if (v.isTextual()) out.add(v.asText());
        return out;
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }
}
