package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import dev.drydock.image.BadInputException;
import dev.drydock.model.OsRelease;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.drydock.sbom.SbomTestCatalogs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** drydock's own JSON catalog reads back whole, so a saved SBOM scans like the image. */
class JsonCatalogReaderTest {

    @Test
    void everythingButInstalledFilesComesBack() throws IOException {
        Catalog original = debian();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonCatalogWriter(TOOL_VERSION).write(original, out);
        Catalog read = new SbomReader().read(out.toByteArray());
        assertThat(read.packages()).containsExactlyElementsOf(original.packages().stream().map(p -> p.withFiles(List.of())).toList());
        assertThat(read.image()).isEqualTo(original.image());
        OsRelease os = original.os();
        assertThat(read.os()).isEqualTo(new OsRelease(os.id(), os.versionId(), os.versionCodename(), os.prettyName(), null));
    }

    @Test
    void anotherSchemaVersionOrABadDigestIsRefusedInOneLine() {
        String future = "{\"schemaVersion\": 2, \"tool\": {\"name\": \"drydock\"}, \"image\": {}, \"packages\": []}";
        assertThatThrownBy(() -> new SbomReader().read(future.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("schemaVersion 2");
        String badDigest = "{\"schemaVersion\": 1, \"tool\": {\"name\": \"drydock\"}, \"image\": {\"manifestDigest\": \"sha256:zz\"},"
                + " \"packages\": []}";
        assertThatThrownBy(() -> new SbomReader().read(badDigest.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a digest");
    }
}
