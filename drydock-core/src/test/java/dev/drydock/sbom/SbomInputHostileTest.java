package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import dev.drydock.image.BadInputException;
import dev.drydock.model.Package;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.drydock.sbom.CycloneDxReaderTest.fixture;
import static dev.drydock.sbom.CycloneDxReaderTest.readText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SBOMs are untrusted input. A document that cannot be read is one {@link BadInputException} line; a component
 * that cannot be used is a warning; nothing is unbounded and no parser reaches outside the document.
 */
class SbomInputHostileTest {
    private static final String CDX_HEAD = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", ";

    private static BadInputException refused(String document) {
        return refused(document.getBytes(StandardCharsets.UTF_8), SbomLimits.DEFAULT);
    }

    private static BadInputException refused(byte[] document, SbomLimits limits) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> new SbomReader(limits).read(document));
        assertThat(t).isInstanceOf(BadInputException.class);
        assertThat(t.getMessage()).doesNotContain("\n").hasSizeLessThan(300);
        return (BadInputException) t;
    }

    @Test
    void xmlWithAnExternalEntityIsRefusedWithoutReadingTheFile(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE bom [<!ENTITY leak SYSTEM "%s">]>
                <bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
                  <components><component type="library"><name>&leak;</name><purl>pkg:npm/x@1</purl></component></components>
                </bom>
                """.formatted(secret.toUri());

        BadInputException e = refused(xxe);

        assertThat(e).hasMessageContaining("DOCTYPE").hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void xmlEntityExpansionIsRefused() {
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
                <bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>&c;</name></component></components></bom>
                """;

        assertThat(refused(laughs)).hasMessageContaining("DOCTYPE");
    }

    @Test
    void malformedJsonIsOneLine() {
        assertThat(refused(CDX_HEAD + "\"components\": [ {\"name\": \"x\", }")).hasMessageStartingWith("malformed JSON in SBOM");
    }

    @Test
    void jsonWithADuplicatedKeyOrTrailingContentIsRefused() {
        assertThat(refused(CDX_HEAD + "\"components\": [], \"components\": [{\"purl\": \"pkg:npm/hidden@1\"}]}")).hasMessageContaining("Duplicate field");
        assertThat(refused(CDX_HEAD + "\"components\": []} {\"more\": 1}")).hasMessageStartingWith("malformed JSON in SBOM");
    }

    @Test
    void jsonNestedBeyondTheBoundIsRefused() {
        String deep = CDX_HEAD + "\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(refused(deep)).hasMessageContaining("nesting depth");
    }

    @Test
    void xmlNestedBeyondTheBoundIsRefused() {
        String deep = "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">" + "<a>".repeat(1000) + "</a>".repeat(1000) + "</bom>";
        // Whichever bound is met first, drydock's or the JDK parser's element-depth limit, the document is refused.
        assertThat(refused(deep)).message().containsAnyOf("nests deeper than", "depth");
    }

    @Test
    void malformedXmlIsOneLine() {
        assertThat(refused("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"><components></bom>")).hasMessageStartingWith("malformed XML in SBOM");
    }

    @Test
    void unsupportedSpecVersionsAreRefused() {
        assertThat(refused("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"2.0\", \"components\": []}"))
                .hasMessage("CycloneDX JSON specVersion \"2.0\" is not supported: drydock reads 1.2 to 1.7");
        assertThat(refused("{\"bomFormat\": \"CycloneDX\", \"components\": []}")).hasMessageContaining("specVersion (missing)");
        assertThat(refused("<bom xmlns=\"http://cyclonedx.org/schema/bom/9.9\"/>")).hasMessageContaining("namespace \"http://cyclonedx.org/schema/bom/9.9\"");
        assertThat(refused("{\"spdxVersion\": \"SPDX-3.0\", \"packages\": []}")).hasMessageContaining("SPDX JSON version \"SPDX-3.0\" is not supported");
        assertThat(refused("SPDXVersion: SPDX-1.2\nDataLicense: CC0-1.0\n")).hasMessageContaining("SPDX tag-value version \"SPDX-1.2\"");
        assertThat(refused(fixture("spdx/examplemaven-3.0.spdx3.json"), SbomLimits.DEFAULT)).hasMessageStartingWith("SPDX 3 documents are not supported");
        assertThat(refused("{\"bomFormat\": \"SWID\", \"specVersion\": \"1.6\"}")).hasMessageContaining("not \"CycloneDX\"");
    }

    @Test
    void documentsThatAreNotSbomsAreRefused() {
        assertThat(refused("")).hasMessage("SBOM is empty");
        assertThat(refused("  \n ")).hasMessage("SBOM is empty");
        assertThat(refused("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\"}"))
                .hasMessageContaining("neither CycloneDX");
        assertThat(refused("[1, 2]")).hasMessageContaining("not an SBOM");
        assertThat(refused("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>")).hasMessageContaining("SPDX RDF/XML is not supported");
        assertThat(refused(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0}, SbomLimits.DEFAULT)).hasMessageContaining("not an SBOM");
    }

    @Test
    void aDocumentLargerThanTheLimitIsRefusedBeforeParsing() throws Exception {
        SbomLimits small = new SbomLimits(100, 10, 4);
        byte[] big = (CDX_HEAD + "\"components\": [], \"padding\": \"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThat(refused(big, small)).hasMessage("SBOM is larger than 100 bytes; drydock reads at most that much");
        assertThatThrownBy(() -> new SbomReader(small).read(new ByteArrayInputStream(big))).isInstanceOf(BadInputException.class);
    }

    @Test
    void moreComponentsThanTheLimitIsRefusedNotCut() {
        SbomLimits three = new SbomLimits(1 << 20, 3, 4);
        String four = CDX_HEAD + "\"components\": [" + "{\"type\": \"library\", \"name\": \"a\", \"purl\": \"pkg:npm/a@1\"},".repeat(3)
                + "{\"type\": \"library\", \"name\": \"a\", \"purl\": \"pkg:npm/a@1\", \"components\": []}]}";
        String xml = "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"><components>" + "<component type=\"library\"><name>a</name></component>".repeat(4) + "</components></bom>";
        StringBuilder spdx = new StringBuilder("{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [");
        for (int i = 0; i < 4; i++) spdx.append(i > 0 ? "," : "").append("{\"SPDXID\": \"SPDXRef-").append(i).append("\", \"name\": \"a\"}");
        spdx.append("]}");

        for (String doc : new String[]{four, xml, spdx.toString()}) {
            assertThat(refused(doc.getBytes(StandardCharsets.UTF_8), three)).hasMessageContaining("more than 3");
        }
    }

    @Test
    void componentsNestedTooDeepAreSkippedWithAWarning() {
        SbomLimits shallow = new SbomLimits(1 << 20, 100, 2);
        String doc = CDX_HEAD + "\"components\": [{\"type\": \"library\", \"name\": \"l1\", \"purl\": \"pkg:npm/l1@1\", \"components\": ["
                + "{\"type\": \"library\", \"name\": \"l2\", \"purl\": \"pkg:npm/l2@1\", \"components\": ["
                + "{\"type\": \"library\", \"name\": \"l3\", \"purl\": \"pkg:npm/l3@1\", \"components\": ["
                + "{\"type\": \"library\", \"name\": \"l4\", \"purl\": \"pkg:npm/l4@1\"}]}]}]}]}";

        Catalog c = new SbomReader(shallow).read(doc.getBytes(StandardCharsets.UTF_8));

        assertThat(c.packages()).extracting(Package::name).containsExactly("l1", "l2");
        assertThat(c.warnings()).containsExactly("CycloneDX 1.6 JSON: skipped 1 components nested more than 2 levels deep");
    }

    @Test
    void duplicateBomRefsAreAWarningAndEveryComponentIsRead() {
        Catalog c = readText(CDX_HEAD + "\"components\": ["
                + "{\"type\": \"library\", \"bom-ref\": \"same\", \"name\": \"a\", \"purl\": \"pkg:npm/a@1\"},"
                + "{\"type\": \"library\", \"bom-ref\": \"same\", \"name\": \"b\", \"purl\": \"pkg:npm/b@1\"}]}");

        assertThat(c.packages()).extracting(Package::name).containsExactly("a", "b");
        assertThat(c.warnings()).containsExactly("CycloneDX 1.6 JSON: 1 components reuse an identifier of an earlier one (first: \"same\");"
                + " identifiers must be unique, all were read");
    }

    @Test
    void aPurlThatDoesNotParseSkipsOnlyThatComponent() {
        Catalog c = readText(CDX_HEAD + "\"components\": ["
                + "{\"type\": \"library\", \"name\": \"bad\", \"purl\": \"pkg:/no-type@1\"},"
                + "{\"type\": \"library\", \"name\": \"bad2\", \"purl\": \"not a purl\"},"
                + "{\"type\": \"library\", \"name\": \"good\", \"purl\": \"pkg:npm/good@1\"}]}");

        assertThat(c.packages()).extracting(Package::name).containsExactly("good");
        assertThat(c.warnings()).containsExactly("CycloneDX 1.6 JSON: skipped 2 of 3 components that drydock cannot identify"
                + " (2 with a package-url that does not parse), e.g. \"pkg:/no-type@1\", \"not a purl\"");
    }

    @Test
    void aMalformedDigestOrPlatformIsIgnoredWithAWarningAndThePackageKept() {
        Catalog c = readText(CDX_HEAD + "\"metadata\": {\"component\": {\"type\": \"container\", \"name\": \"img\", \"properties\": ["
                + "{\"name\": \"drydock:image:platform\", \"value\": \"nonsense\"}]}},"
                + "\"components\": [{\"type\": \"library\", \"name\": \"a\", \"purl\": \"pkg:npm/a@1\", \"properties\": ["
                + "{\"name\": \"drydock:layer:diffID\", \"value\": \"sha256:short\"}]}]}");

        assertThat(c.packages()).singleElement().satisfies(p -> assertThat(p.layerDiffId()).isNull());
        assertThat(c.image().platform()).isNull();
        assertThat(c.warnings()).singleElement().asString().startsWith("CycloneDX 1.6 JSON: ignored 2 malformed values, e.g. ");
    }

    @Test
    void wrongShapesInAValidJsonDocumentAreOneLine() {
        assertThat(refused(CDX_HEAD + "\"components\": \"not a list\"}")).hasMessageStartingWith("cannot read CycloneDX 1.6 JSON");
        assertThat(refused(CDX_HEAD + "\"components\": [{\"type\": \"no-such-type\", \"name\": \"a\"}]}")).hasMessageStartingWith("cannot read CycloneDX 1.6 JSON");
    }

    @Test
    void brokenTagValueIsOneLine() {
        assertThat(refused("SPDXVersion: SPDX-2.3\nthis line has no tag\n")).hasMessageStartingWith("SPDX tag-value line 2 is not 'Tag: value'");
        assertThat(refused("SPDXVersion: SPDX-2.3\nPackageName: a\nPackageComment: <text>never closed\nmore\n"))
                .hasMessage("SPDX tag-value <text> opened on line 3 is never closed");
    }

    @Test
    void controlCharactersInNamesAreMadeVisibleInWarnings() {
        Catalog c = readText(CDX_HEAD + "\"components\": [{\"type\": \"library\", \"name\": \"evil\\u001b[31m\\n\"}]}");

        assertThat(c.warnings()).singleElement().asString().contains("\"evil?[31m?\"").doesNotContain("\u001b", "\n");
    }
}
