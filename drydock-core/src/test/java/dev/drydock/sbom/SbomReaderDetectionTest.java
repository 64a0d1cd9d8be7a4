package dev.drydock.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.model.Package;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.drydock.sbom.CycloneDxReaderTest.fixture;
import static dev.drydock.sbom.SbomTestCatalogs.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The reader tells formats apart by content; the writers add only what the reader needs to read them back. */
class SbomReaderDetectionTest {

    @Test
    void detectsEachFormatByContentWithByteOrderMarksAndLeadingSpace() {
        byte[] json = fixture("cyclonedx/valid-bom-1.6.json");
        byte[] withBom = new byte[json.length + 5];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        withBom[3] = '\n';
        withBom[4] = ' ';
        System.arraycopy(json, 0, withBom, 5, json.length);
        byte[] utf16Xml = new String(fixture("cyclonedx/valid-bom-1.6.xml"), StandardCharsets.UTF_8)
                .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"").getBytes(StandardCharsets.UTF_16);

        List<Package> expected = new SbomReader().read(json).packages();
        assertThat(new SbomReader().read(withBom).packages()).isEqualTo(expected);
        assertThat(new SbomReader().read(utf16Xml).packages()).isEqualTo(expected);
        assertThat(new SbomReader().read(fixture("spdx/example1-2.2.spdx")).image().reference()).isEqualTo("hello");
    }

    @Test
    void looksLikeSbomTellsSbomsFromImageArchives() {
        byte[] tar = new byte[1024];
        byte[] name = "manifest.json".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, tar, 0, name.length);
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        byte[] tarNamedLikeJson = tar.clone();
        tarNamedLikeJson[0] = '{';

        assertThat(SbomReader.looksLikeSbom(head(fixture("cyclonedx/trivy-npm-cyclonedx-1.7.json")))).isTrue();
        assertThat(SbomReader.looksLikeSbom(head(fixture("cyclonedx/valid-bom-1.5.xml")))).isTrue();
        assertThat(SbomReader.looksLikeSbom(head(fixture("spdx/example1-2.2.spdx")))).isTrue();
        assertThat(SbomReader.looksLikeSbom(tar)).isFalse();
        assertThat(SbomReader.looksLikeSbom(tarNamedLikeJson)).isFalse();
        assertThat(SbomReader.looksLikeSbom(new byte[]{0x1f, (byte) 0x8b, 8, 0})).isFalse();
        assertThat(SbomReader.looksLikeSbom(new byte[]{0x28, (byte) 0xb5, 0x2f, (byte) 0xfd})).isFalse();
    }

    @Test
    void writersAddVerbatimLicensesOnlyWhereTheirLicenseFieldLosesSomething() throws Exception {
        ByteArrayOutputStream cdx = new ByteArrayOutputStream();
        ByteArrayOutputStream spdx = new ByteArrayOutputStream();
        new CycloneDxWriter(TOOL_VERSION, CREATED).write(debian(), cdx);
        new SpdxWriter(TOOL_VERSION, CREATED).write(debian(), spdx);
        JsonNode c = new ObjectMapper().readTree(cdx.toByteArray());
        JsonNode s = new ObjectMapper().readTree(spdx.toByteArray());

        // libssl3 records "Apache-2.0", which both formats give back as is.
        assertThat(cdxProperties(c, "libssl3")).doesNotContain(DrydockProperties.PACKAGE_LICENSE + "=Apache-2.0");
        assertThat(spdxAnnotations(s, "libssl3")).doesNotContain(DrydockProperties.PACKAGE_LICENSE + "=Apache-2.0");
        // zlib1g records "Zlib" and Debian's "GPL-2+": CycloneDX keeps both, SPDX can only say NOASSERTION.
        assertThat(cdxProperties(c, "zlib1g")).noneMatch(p -> p.startsWith(DrydockProperties.PACKAGE_LICENSE));
        assertThat(spdxAnnotations(s, "zlib1g")).containsSubsequence(
                DrydockProperties.PACKAGE_LICENSE + "=Zlib", DrydockProperties.PACKAGE_LICENSE + "=GPL-2+");
        // "MIT OR Apache-2.0" is a CycloneDX expression as recorded; SPDX writes it in parentheses, so it is kept.
        assertThat(cdxProperties(c, ODD_NAME)).noneMatch(p -> p.startsWith(DrydockProperties.PACKAGE_LICENSE));
        assertThat(spdxAnnotations(s, ODD_NAME)).contains(DrydockProperties.PACKAGE_LICENSE + "=MIT OR Apache-2.0");
        // Labels keep their line break and tab in CycloneDX too.
        assertThat(new String(cdx.toByteArray(), StandardCharsets.UTF_8)).contains("\\\\back\\\\\\n\\ttabbed");
    }

    private static byte[] head(byte[] b) {
        return Arrays.copyOf(b, Math.min(b.length, 4096));
    }

    private static List<String> cdxProperties(JsonNode bom, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : bom.path("components")) {
            if (!c.path("name").asText().equals(name)) continue;
            for (JsonNode p : c.path("properties")) out.add(p.path("name").asText() + "=" + p.path("value").asText());
        }
        return out;
    }

    private static List<String> spdxAnnotations(JsonNode doc, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : doc.path("packages")) {
            if (!p.path("name").asText().equals(name)) continue;
            for (JsonNode a : p.path("annotations")) out.add(a.path("comment").asText());
        }
        return out;
    }
}
