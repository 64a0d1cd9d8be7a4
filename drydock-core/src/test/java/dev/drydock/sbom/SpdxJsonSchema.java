package dev.drydock.sbom;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The official SPDX 2.3 JSON schema (test resource, see its SOURCE.md), checked with the JSON-schema
 * validator cyclonedx-core-java already brings, so validation needs no network.
 */
final class SpdxJsonSchema {
    private static final String RESOURCE = "/schemas/spdx-2.3/spdx-schema.json";
    private static final Schema SCHEMA = load();

    private SpdxJsonSchema() {
    }

    static List<String> errors(byte[] document) {
        return SCHEMA.validate(new String(document, StandardCharsets.UTF_8), InputFormat.JSON).stream().map(Object::toString).toList();
    }

    private static Schema load() {
        try (InputStream in = SpdxJsonSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing test resource " + RESOURCE);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
