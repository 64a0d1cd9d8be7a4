package dev.drydock.report;

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
 * The SARIF 2.1.0 JSON schema (test resource, see its SOURCE.md), checked with the JSON-schema validator
 * cyclonedx-core-java already brings, so validation needs no network.
 */
final class SarifSchema {
    private static final String RESOURCE = "/schemas/sarif-2.1.0/sarif-2.1.0-rtm.5.json";
    private static final Schema SCHEMA = load();

    private SarifSchema() {
    }

    static List<String> errors(byte[] document) {
        return SCHEMA.validate(new String(document, StandardCharsets.UTF_8), InputFormat.JSON).stream().map(Object::toString).toList();
    }

    private static Schema load() {
        try (InputStream in = SarifSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing test resource " + RESOURCE);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
