package dev.drydock.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.model.Package;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.spdx.core.InvalidSPDXAnalysisException;
import org.spdx.jacksonstore.MultiFormatStore;
import org.spdx.library.model.v2.Annotation;
import org.spdx.library.model.v2.ExternalRef;
import org.spdx.library.model.v2.Relationship;
import org.spdx.library.model.v2.SpdxDocument;
import org.spdx.library.model.v2.SpdxElement;
import org.spdx.library.model.v2.SpdxPackage;
import org.spdx.library.model.v2.enumerations.Purpose;
import org.spdx.library.model.v2.enumerations.ReferenceCategory;
import org.spdx.library.model.v2.enumerations.RelationshipType;
import org.spdx.storage.simple.InMemSpdxStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static dev.drydock.sbom.SbomTestCatalogs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SpdxWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] write(Catalog catalog, Instant created) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SpdxWriter(TOOL_VERSION, created).write(catalog, out);
        return out.toByteArray();
    }

    private static SpdxDocument readBack(byte[] document) throws IOException, InvalidSPDXAnalysisException {
        SpdxLibrary.ensureReady();
        MultiFormatStore store = new MultiFormatStore(new InMemSpdxStore(), MultiFormatStore.Format.JSON);
        return store.deSerialize(new ByteArrayInputStream(document), false);
    }

    /** The packages the image CONTAINS, found by following the document's relationships as a consumer would. */
    private static List<SpdxPackage> contained(SpdxPackage image) throws InvalidSPDXAnalysisException {
        List<SpdxPackage> out = new ArrayList<>();
        for (Relationship r : image.getRelationships()) {
            if (r.getRelationshipType() != RelationshipType.CONTAINS) continue;
            Optional<SpdxElement> related = r.getRelatedSpdxElement();
            if (related.isPresent() && related.get() instanceof SpdxPackage p) out.add(p);
        }
        return out;
    }

    private static SpdxPackage describedImage(SpdxDocument doc) throws InvalidSPDXAnalysisException {
        assertThat(doc.getDocumentDescribes()).hasSize(1);
        return (SpdxPackage) doc.getDocumentDescribes().iterator().next();
    }

    private static String purl(SpdxPackage p) throws InvalidSPDXAnalysisException {
        for (ExternalRef ref : p.getExternalRefs()) {
            if (ref.getReferenceCategory() == ReferenceCategory.PACKAGE_MANAGER && ref.getReferenceType().getIndividualURI().endsWith("/purl")) {
                return ref.getReferenceLocator();
            }
        }
        return null;
    }

    private static List<String> annotations(SpdxPackage p) throws InvalidSPDXAnalysisException {
        List<String> out = new ArrayList<>();
        for (Annotation a : p.getAnnotations()) out.add(a.getComment());
        return out;
    }

    private static JsonNode packageNamed(JsonNode document, String name) {
        return stream(document.path("packages")).filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> annotationTexts(JsonNode pkg) {
        return stream(pkg.path("annotations")).map(a -> a.path("comment").asText()).toList();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    @Test
    void writesADocumentThatIsValidAgainstTheSpdx23Schema() throws Exception {
        byte[] document = write(debian(), CREATED);

        assertThat(SpdxJsonSchema.errors(document)).isEmpty();
        JsonNode tree = JSON.readTree(document);
        assertThat(tree.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(tree.path("dataLicense").asText()).isEqualTo("CC0-1.0");
        assertThat(tree.path("creationInfo").path("creators").get(0).asText()).isEqualTo("Tool: drydock-" + TOOL_VERSION);
    }

    @Test
    void theSchemaCheckRejectsADocumentThatBreaksTheSchema() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(write(debian(), CREATED));
        ((ObjectNode) tree.path("packages").get(0)).put("primaryPackagePurpose", "SPACESHIP");
        tree.remove("spdxVersion");

        assertThat(SpdxJsonSchema.errors(JSON.writeValueAsBytes(tree))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void passesTheSpdxLibrarysOwnVerificationWhenReadBack() throws Exception {
        SpdxDocument doc = readBack(write(debian(), CREATED));

        assertThat(doc.verify()).isEmpty();
    }

    @Test
    void describesTheImageAsAContainerPackageWithItsDigestAndPurl() throws Exception {
        SpdxPackage image = describedImage(readBack(write(debian(), CREATED)));

        assertThat(image.getId()).isEqualTo("SPDXRef-Image");
        assertThat(image.getPrimaryPurpose()).contains(Purpose.CONTAINER);
        assertThat(image.getName()).contains("docker.io/library/debian");
        assertThat(image.getVersionInfo()).contains(MANIFEST.toString());
        assertThat(purl(image)).startsWith("pkg:oci/debian@sha256%3A" + MANIFEST.hex() + "?").contains("repository_url=");
        assertThat(annotations(image)).contains(
                DrydockProperties.IMAGE_CONFIG_DIGEST + "=" + CONFIG,
                DrydockProperties.IMAGE_TAG + "=debian:12",
                DrydockProperties.IMAGE_TAG + "=debian:bookworm",
                DrydockProperties.IMAGE_PLATFORM + "=linux/amd64",
                DrydockProperties.IMAGE_LABEL_PREFIX + "org.opencontainers.image.title=" + LABEL_NEEDING_ESCAPES);
    }

    @Test
    void keepsDrydocksAnnotationOrderSoLayersReadBottomFirst() throws Exception {
        JsonNode image = packageNamed(JSON.readTree(write(debian(), CREATED)), "docker.io/library/debian");

        List<String> texts = annotationTexts(image);
        assertThat(texts.get(0)).isEqualTo(DrydockProperties.IMAGE_REFERENCE + "=docker.io/library/debian:12");
        assertThat(texts).containsSubsequence(
                DrydockProperties.IMAGE_LAYER_DIFF_ID + "=" + BASE_LAYER,
                DrydockProperties.IMAGE_LAYER_DIFF_ID + "=" + APP_LAYER);
    }

    @Test
    void encodesAnEqualsSignInALabelKeySoTheAnnotationReadsBack() throws Exception {
        JsonNode image = packageNamed(JSON.readTree(write(debian(), CREATED)), "docker.io/library/debian");

        assertThat(annotationTexts(image)).contains("drydock:image:label:odd%3Dkey%25=value=with=equals");
        assertThat(annotationTexts(image).stream().map(SbomProperty::fromAnnotationText))
                .contains(new SbomProperty("drydock:image:label:odd=key%", "value=with=equals"));
    }

    @Test
    void listsEveryPackageAsContainedInTheImageWithPurlLayerAndPath() throws Exception {
        SpdxPackage image = describedImage(readBack(write(debian(), CREATED)));
        List<SpdxPackage> contained = contained(image);

        assertThat(contained).hasSize(PACKAGES.size() + 1);
        for (Package p : PACKAGES) {
            assertThat(contained).as(p.name() + " at " + p.path()).anySatisfy(s -> {
                assertThat(s.getName()).contains(p.name());
                assertThat(s.getVersionInfo()).contains(p.version());
                assertThat(purl(s)).isEqualTo(p.purl());
                assertThat(annotations(s)).contains(
                        DrydockProperties.LAYER_DIFF_ID + "=" + p.layerDiffId(),
                        DrydockProperties.LOCATION_PATH + "=" + p.path(),
                        DrydockProperties.PACKAGE_TYPE + "=" + p.type().purlType());
            });
        }
    }

    @Test
    void containsTheDistributionAsAnOperatingSystemPackage() throws Exception {
        SpdxPackage image = describedImage(readBack(write(debian(), CREATED)));

        SpdxPackage os = contained(image).stream().filter(p -> p.getId().equals("SPDXRef-OperatingSystem")).findFirst().orElseThrow();
        assertThat(os.getPrimaryPurpose()).contains(Purpose.OPERATING_SYSTEM);
        assertThat(os.getName()).contains("debian");
        assertThat(os.getVersionInfo()).contains("12");
    }

    @Test
    void fillsTheFieldsDrydockCannotKnowWithNoAssertion() throws Exception {
        JsonNode libssl = packageNamed(JSON.readTree(write(debian(), CREATED)), "libssl3");

        assertThat(libssl.path("supplier").asText()).isEqualTo("NOASSERTION");
        assertThat(libssl.path("downloadLocation").asText()).isEqualTo("NOASSERTION");
        assertThat(libssl.path("licenseConcluded").asText()).isEqualTo("NOASSERTION");
        assertThat(libssl.path("filesAnalyzed").asBoolean()).isFalse();
        assertThat(annotationTexts(libssl)).contains(
                DrydockProperties.PACKAGE_ARCH + "=amd64",
                DrydockProperties.PACKAGE_SOURCE_NAME + "=openssl",
                DrydockProperties.PACKAGE_SOURCE_VERSION + "=3.0.17-1~deb12u2");
    }

    @Test
    void declaresLicensesOnlyWhenTheyFormAnSpdxExpression() throws Exception {
        JsonNode tree = JSON.readTree(write(debian(), CREATED));

        assertThat(packageNamed(tree, "libssl3").path("licenseDeclared").asText()).isEqualTo("Apache-2.0");
        assertThat(packageNamed(tree, ODD_NAME).path("licenseDeclared").asText())
                // the library renders the expression itself and may reorder operands or add parentheses
                .isIn("MIT OR Apache-2.0", "(MIT OR Apache-2.0)", "Apache-2.0 OR MIT", "(Apache-2.0 OR MIT)");
        JsonNode zlib = packageNamed(tree, "zlib1g");
        assertThat(zlib.path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
        assertThat(zlib.path("licenseComments").asText()).contains("Zlib", "GPL-2+");
        assertThat(packageNamed(tree, "base-files").path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
    }

    @Test
    void derivesPackageIdsFromThePurlSoTheyStayTheSameWhenOtherPackagesChange() throws Exception {
        Function<JsonNode, Map<String, String>> idsByPath = tree -> stream(tree.path("packages"))
                .filter(p -> p.path("SPDXID").asText().startsWith("SPDXRef-Package-"))
                .collect(Collectors.toMap(p -> p.path("SPDXID").asText(), p -> p.path("name").asText()));
        Map<String, String> before = idsByPath.apply(JSON.readTree(write(debian(), CREATED)));
        Map<String, String> after = idsByPath.apply(JSON.readTree(write(withExtraPackage(BASE_FILES.withPurl("pkg:deb/debian/base-files@13")), CREATED)));

        assertThat(after).containsAllEntriesOf(before).hasSize(before.size() + 1);
        assertThat(before.keySet()).allMatch(id -> id.matches("SPDXRef-[A-Za-z0-9.-]+"))
                .contains("SPDXRef-Package-pypi-requests-f3d5e9e20f06a16b", "SPDXRef-Package-pypi-requests-f3d5e9e20f06a16b-2");
    }

    @Test
    void derivesTheNamespaceFromTheImageAndTheContent() throws Exception {
        String namespace = JSON.readTree(write(debian(), CREATED)).path("documentNamespace").asText();
        String sameContent = JSON.readTree(write(debian(), CREATED.plusSeconds(3600))).path("documentNamespace").asText();
        String otherContent = JSON.readTree(write(withExtraPackage(BASE_FILES.withPurl("pkg:deb/debian/base-files@13")), CREATED))
                .path("documentNamespace").asText();

        assertThat(namespace).matches("https://drydock\\.dev/spdxdocs/docker\\.io-library-debian-[0-9a-f-]{36}");
        assertThat(sameContent).isEqualTo(namespace);
        assertThat(otherContent).isNotEqualTo(namespace);
    }

    @Test
    void writesTheSameBytesForTheSameCatalogAndCreationTime() throws Exception {
        assertThat(write(debian(), CREATED)).isEqualTo(write(debian(), CREATED));
        List<Package> reversed = new ArrayList<>(PACKAGES);
        Collections.reverse(reversed);
        assertThat(write(withPackages(reversed), CREATED)).isEqualTo(write(debian(), CREATED));
    }

    @Test
    void changesOnlyTheTimestampsWhenTheCreationTimeChanges() throws Exception {
        String first = new String(write(debian(), CREATED), StandardCharsets.UTF_8);
        String later = new String(write(debian(), Instant.parse("2031-01-02T03:04:05.678Z")), StandardCharsets.UTF_8);

        assertThat(first).contains("\"created\" : \"2025-07-01T12:00:00Z\"");
        assertThat(later).contains("\"created\" : \"2031-01-02T03:04:05Z\"").doesNotContain("2025-07-01T12:00:00Z");
        assertThat(later.replace("2031-01-02T03:04:05Z", "2025-07-01T12:00:00Z")).isEqualTo(first);
    }

    @Test
    void keepsQuotesUnicodeAndControlCharactersIntact() throws Exception {
        byte[] document = write(debian(), CREATED);
        SpdxPackage image = describedImage(readBack(document));

        assertThat(contained(image)).anySatisfy(p -> assertThat(p.getName()).contains(ODD_NAME));
        assertThat(annotations(image)).contains(DrydockProperties.IMAGE_LABEL_PREFIX + "org.opencontainers.image.title=" + LABEL_NEEDING_ESCAPES);
        assertThat(new String(document, StandardCharsets.UTF_8)).contains("\\\"quoted\\\"-\u00fcn\u00efc\u00f6de-\u2603");
    }

    @Test
    void readsBackWithTheSamePackagesAsTheCatalog() throws Exception {
        SpdxPackage image = describedImage(readBack(write(debian(), CREATED)));

        List<SpdxPackage> packages = contained(image).stream().filter(p -> p.getId().startsWith("SPDXRef-Package-")).toList();
        List<Tuple> read = new ArrayList<>();
        for (SpdxPackage p : packages) read.add(tuple(p.getName().orElse(null), p.getVersionInfo().orElse(null), purl(p)));
        assertThat(read).containsExactlyInAnyOrderElementsOf(PACKAGES.stream().map(p -> tuple(p.name(), p.version(), p.purl())).toList());
    }

    @Test
    void writesAValidDocumentForAnEmptyCatalog() throws Exception {
        byte[] document = write(empty(), CREATED);

        assertThat(SpdxJsonSchema.errors(document)).isEmpty();
        SpdxDocument doc = readBack(document);
        assertThat(doc.verify()).isEmpty();
        SpdxPackage image = describedImage(doc);
        assertThat(image.getName()).contains("dir:/tmp/rootfs");
        assertThat(image.getPrimaryPurpose()).contains(Purpose.CONTAINER);
        assertThat(contained(image)).isEmpty();
        assertThat(JSON.readTree(document).path("documentNamespace").asText()).startsWith(SpdxWriter.NAMESPACE_BASE + "dir-tmp-rootfs-");
    }

    @Test
    void leavesTheCallersStreamOpen() throws Exception {
        CycloneDxWriterTest.ClosableBuffer out = new CycloneDxWriterTest.ClosableBuffer();
        new SpdxWriter(TOOL_VERSION, CREATED).write(debian(), out);

        assertThat(out.closed).isFalse();
        assertThat(out.toByteArray()).endsWith('\n');
    }
}
