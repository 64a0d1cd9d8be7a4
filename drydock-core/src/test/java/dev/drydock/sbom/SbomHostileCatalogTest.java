package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static dev.drydock.sbom.SbomTestCatalogs.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Package databases are untrusted input: whatever an analyzer lets through, the SBOM must stay valid. */
class SbomHostileCatalogTest {
    private static final Package BARE = new Package(null, null, null, null, null, null, null, null, null, null, null);
    private static final Package CONTROL_CHARACTERS = new Package(PackageType.DEB, "evil\u0000\u001b[31m\u202e", "1\n2", "amd64",
            "src\t", "", List.of("", "MIT\u0000"), "pkg:deb/debian/evil@1", APP_LAYER, "var/lib/dpkg/status.d/../../etc", List.of());

    private static Catalog hostile() {
        return new Catalog(null, new OsRelease(null, null, null, null, null), List.of(BARE, CONTROL_CHARACTERS, BARE), List.of());
    }

    @Test
    void writesValidDocumentsForPackagesWithMissingFieldsAndControlCharacters() throws Exception {
        ByteArrayOutputStream cdx = new ByteArrayOutputStream();
        ByteArrayOutputStream spdx = new ByteArrayOutputStream();
        new CycloneDxWriter(TOOL_VERSION, CREATED).write(hostile(), cdx);
        new SpdxWriter(TOOL_VERSION, CREATED).write(hostile(), spdx);

        assertThat(new JsonParser().validate(cdx.toByteArray(), Version.VERSION_16)).isEmpty();
        assertThat(SpdxJsonSchema.errors(spdx.toByteArray())).isEmpty();
        assertThat(new JsonParser().parse(cdx.toByteArray()).getComponents()).hasSize(3);
    }
}
