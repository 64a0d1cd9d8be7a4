package dev.drydock.sbom;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.drydock.catalog.Catalog;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.model.Package;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * drydock's own JSON: the catalog as it is, with nothing lost to a standard's vocabulary.
 * Documented in docs/sbom-json.md; {@code schemaVersion} changes when a field changes meaning.
 */
public final class JsonCatalogWriter implements SbomWriter {
    public static final int SCHEMA_VERSION = 1;
    private final String toolVersion;

    public JsonCatalogWriter(String toolVersion) {
        this.toolVersion = toolVersion;
    }

    @Override
    public void write(Catalog c, OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "drydock");
            g.writeStringField("version", toolVersion);
            g.writeEndObject();
            writeImage(g, c.image());
            if (c.os() != null) {
                g.writeObjectFieldStart("os");
                field(g, "id", c.os().id());
                field(g, "versionId", c.os().versionId());
                field(g, "versionCodename", c.os().versionCodename());
                field(g, "prettyName", c.os().prettyName());
                g.writeEndObject();
            }
            g.writeArrayFieldStart("packages");
            for (Package p : c.packages()) {
                g.writeStartObject();
                field(g, "type", p.type().purlType());
                field(g, "name", p.name());
                field(g, "version", p.version());
                field(g, "arch", p.arch());
                field(g, "sourceName", p.sourceName());
                field(g, "sourceVersion", p.sourceVersion());
                strings(g, "licenses", p.licenses());
                field(g, "purl", p.purl());
                field(g, "layerDiffId", p.layerDiffId() == null ? null : p.layerDiffId().toString());
                field(g, "path", p.path());
                if (!p.attributes().isEmpty()) map(g, "attributes", p.attributes());
                g.writeEndObject();
            }
            g.writeEndArray();
            strings(g, "warnings", c.warnings());
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** The {@code image} object, shared with the JSON scan report so both documents describe an image alike. */
    public static void writeImage(JsonGenerator g, ImageMetadata m) throws IOException {
        g.writeObjectFieldStart("image");
        field(g, "reference", m.reference());
        field(g, "manifestDigest", m.manifestDigest() == null ? null : m.manifestDigest().toString());
        field(g, "mediaType", m.manifestMediaType());
        field(g, "configDigest", m.configDigest() == null ? null : m.configDigest().toString());
        field(g, "platform", m.platform() == null ? null : m.platform().toString());
        field(g, "created", m.created());
        strings(g, "repoTags", m.repoTags());
        strings(g, "repoDigests", m.repoDigests());
        g.writeArrayFieldStart("layers");
        for (Layer l : m.layers()) {
            g.writeStartObject();
            g.writeNumberField("index", l.index());
            field(g, "digest", l.digest() == null ? null : l.digest().toString());
            field(g, "diffId", l.diffId() == null ? null : l.diffId().toString());
            g.writeNumberField("size", l.size());
            field(g, "mediaType", l.mediaType());
            g.writeEndObject();
        }
        g.writeEndArray();
        map(g, "labels", m.labels());
        map(g, "annotations", m.annotations());
        g.writeEndObject();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    private static void map(JsonGenerator g, String name, Map<String, String> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : m.entrySet()) g.writeStringField(e.getKey(), e.getValue());
        g.writeEndObject();
    }
}
