package dev.drydock.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.catalog.Catalog;
import dev.drydock.model.Package;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.stream.StreamSupport;

import static dev.drydock.sbom.SbomTestCatalogs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class CycloneDxWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] write(Catalog catalog, Instant created) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CycloneDxWriter(TOOL_VERSION, created).write(catalog, out);
        return out.toByteArray();
    }

    private static List<String> schemaErrors(byte[] bom) throws IOException {
        return new JsonParser().validate(bom, Version.VERSION_16).stream().map(Throwable::getMessage).toList();
    }

    private static Bom parse(byte[] bom) throws Exception {
        return new JsonParser().parse(bom);
    }

    private static Map<String, List<String>> properties(Component c) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (c.getProperties() != null) {
            for (Property p : c.getProperties()) out.computeIfAbsent(p.getName(), k -> new ArrayList<>()).add(p.getValue());
        }
        return out;
    }

    private static List<Component> libraries(Bom bom) {
        return bom.getComponents().stream().filter(c -> c.getType() == Component.Type.LIBRARY).toList();
    }

    @Test
    void writesABomThatIsValidAgainstTheCycloneDx16Schema() throws Exception {
        byte[] bom = write(debian(), CREATED);

        assertThat(schemaErrors(bom)).isEmpty();
        JsonNode tree = JSON.readTree(bom);
        assertThat(tree.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(tree.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(tree.path("serialNumber").asText()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void makesTheImageTheSubjectWithItsDigestPurlAndMetadata() throws Exception {
        Bom bom = parse(write(debian(), CREATED));

        Component image = bom.getMetadata().getComponent();
        assertThat(image.getType()).isEqualTo(Component.Type.CONTAINER);
        assertThat(image.getName()).isEqualTo("docker.io/library/debian");
        assertThat(image.getVersion()).isEqualTo(MANIFEST.toString());
        assertThat(image.getPurl()).isEqualTo("pkg:oci/debian@sha256%3A" + MANIFEST.hex()
                + "?arch=amd64&repository_url=docker.io%2Flibrary%2Fdebian&tag=12");
        assertThat(image.getBomRef()).isEqualTo(image.getPurl());

        Map<String, List<String>> props = properties(image);
        assertThat(props.get(DrydockProperties.IMAGE_MANIFEST_DIGEST)).containsExactly(MANIFEST.toString());
        assertThat(props.get(DrydockProperties.IMAGE_CONFIG_DIGEST)).containsExactly(CONFIG.toString());
        assertThat(props.get(DrydockProperties.IMAGE_TAG)).containsExactly("debian:12", "debian:bookworm");
        assertThat(props.get(DrydockProperties.IMAGE_PLATFORM)).containsExactly("linux/amd64");
        assertThat(props.get(DrydockProperties.IMAGE_LAYER_DIFF_ID)).containsExactly(BASE_LAYER.toString(), APP_LAYER.toString());
        assertThat(props.get(DrydockProperties.IMAGE_LABEL_PREFIX + "org.opencontainers.image.title")).containsExactly(LABEL_NEEDING_ESCAPES);
        assertThat(props.get(DrydockProperties.IMAGE_LABEL_PREFIX + "odd=key%")).containsExactly("value=with=equals");
        assertThat(props.get(DrydockProperties.IMAGE_ANNOTATION_PREFIX + "org.opencontainers.image.base.name"))
                .containsExactly("docker.io/library/debian:12");
    }

    @Test
    void namesDrydockAsTheToolAndTheDistributionAsAnOperatingSystemComponent() throws Exception {
        Bom bom = parse(write(debian(), CREATED));

        assertThat(bom.getMetadata().getToolChoice().getComponents())
                .extracting(Component::getType, Component::getName, Component::getVersion)
                .containsExactly(tuple(Component.Type.APPLICATION, "drydock", TOOL_VERSION));
        Component os = bom.getComponents().get(0);
        assertThat(os.getType()).isEqualTo(Component.Type.OPERATING_SYSTEM);
        assertThat(os.getName()).isEqualTo("debian");
        assertThat(os.getVersion()).isEqualTo("12");
        assertThat(os.getDescription()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(properties(os).get(DrydockProperties.OS_CODENAME)).containsExactly("bookworm");
    }

    @Test
    void listsEveryPackageWithItsPurlLayerAndPath() throws Exception {
        Bom bom = parse(write(debian(), CREATED));

        assertThat(libraries(bom)).hasSize(PACKAGES.size());
        for (Package p : PACKAGES) {
            assertThat(libraries(bom)).as(p.name() + " at " + p.path()).anySatisfy(c -> {
                assertThat(c.getName()).isEqualTo(p.name());
                assertThat(c.getVersion()).isEqualTo(p.version());
                assertThat(c.getPurl()).isEqualTo(p.purl());
                assertThat(properties(c).get(DrydockProperties.LAYER_DIFF_ID)).containsExactly(p.layerDiffId().toString());
                assertThat(properties(c).get(DrydockProperties.LOCATION_PATH)).containsExactly(p.path());
                assertThat(properties(c).get(DrydockProperties.PACKAGE_TYPE)).containsExactly(p.type().purlType());
            });
        }
    }

    @Test
    void recordsArchAndSourcePackageAndOmitsWhatIsAbsent() throws Exception {
        Bom bom = parse(write(debian(), CREATED));

        Component libssl = libraries(bom).stream().filter(c -> c.getName().equals("libssl3")).findFirst().orElseThrow();
        assertThat(properties(libssl)).containsEntry(DrydockProperties.PACKAGE_ARCH, List.of("amd64"))
                .containsEntry(DrydockProperties.PACKAGE_SOURCE_NAME, List.of("openssl"))
                .containsEntry(DrydockProperties.PACKAGE_SOURCE_VERSION, List.of("3.0.17-1~deb12u2"));
        Component baseFiles = libraries(bom).stream().filter(c -> c.getName().equals("base-files")).findFirst().orElseThrow();
        assertThat(properties(baseFiles)).doesNotContainKeys(DrydockProperties.PACKAGE_SOURCE_NAME, DrydockProperties.PACKAGE_SOURCE_VERSION);
        assertThat(baseFiles.getLicenses()).isNull();
    }

    @Test
    void usesThePurlAsBomRefAndKeepsBomRefsUniqueWhenPackagesShareAPurl() throws Exception {
        Bom bom = parse(write(debian(), CREATED));

        List<Component> requests = libraries(bom).stream().filter(c -> c.getName().equals("requests")).toList();
        assertThat(requests).extracting(Component::getPurl).containsOnly("pkg:pypi/requests@2.31.0");
        assertThat(requests).extracting(Component::getBomRef).containsExactly("pkg:pypi/requests@2.31.0", "pkg:pypi/requests@2.31.0#2");
        List<String> allRefs = new ArrayList<>(bom.getComponents().stream().map(Component::getBomRef).toList());
        allRefs.add(bom.getMetadata().getComponent().getBomRef());
        assertThat(allRefs).doesNotHaveDuplicates();
    }

    @Test
    void ordersComponentsByTypeNameVersionAndPurlWhateverTheCatalogOrder() throws Exception {
        Bom bom = parse(write(debian(), CREATED));

        assertThat(libraries(bom)).extracting(Component::getName).containsExactly(
                "base-files", "libssl3", "tzdata", "zlib1g", ODD_NAME, "requests", "requests");
        assertThat(libraries(bom).stream().filter(c -> c.getName().equals("requests")).map(c -> properties(c).get(DrydockProperties.LOCATION_PATH).get(0)))
                .containsExactly(REQUESTS_B.path(), REQUESTS_A.path());
        List<Package> reversed = new ArrayList<>(PACKAGES);
        Collections.reverse(reversed);
        assertThat(write(withPackages(reversed), CREATED)).isEqualTo(write(debian(), CREATED));
    }

    @Test
    void writesLicensesAsIdsNamesOrAnExpression() throws Exception {
        Bom bom = parse(write(debian(), CREATED));

        Component zlib = libraries(bom).stream().filter(c -> c.getName().equals("zlib1g")).findFirst().orElseThrow();
        assertThat(zlib.getLicenses().getLicenses()).extracting(l -> l.getId(), l -> l.getName())
                .containsExactly(tuple("Zlib", null), tuple(null, "GPL-2+"));
        Component odd = libraries(bom).stream().filter(c -> c.getName().equals(ODD_NAME)).findFirst().orElseThrow();
        assertThat(odd.getLicenses().getExpression().getValue()).isEqualTo("MIT OR Apache-2.0");
        Component libssl = libraries(bom).stream().filter(c -> c.getName().equals("libssl3")).findFirst().orElseThrow();
        assertThat(libssl.getLicenses().getLicenses()).extracting(l -> l.getId()).containsExactly("Apache-2.0");
    }

    @Test
    void showsWhatIsInsideWhatAsDependencies() throws Exception {
        JsonNode tree = JSON.readTree(write(debian(), CREATED));

        JsonNode deps = tree.path("dependencies");
        String imageRef = tree.path("metadata").path("component").path("bom-ref").asText();
        JsonNode imageDeps = StreamSupport.stream(deps.spliterator(), false).filter(d -> d.path("ref").asText().equals(imageRef)).findFirst().orElseThrow();
        JsonNode osDeps = StreamSupport.stream(deps.spliterator(), false).filter(d -> d.path("ref").asText().equals("drydock:os:debian-12")).findFirst().orElseThrow();
        assertThat(texts(imageDeps.path("dependsOn"))).containsExactly("drydock:os:debian-12", "pkg:npm/%22quoted%22-%C3%BCn%C3%AFc%C3%B6de-%E2%98%83@1.0.0",
                "pkg:pypi/requests@2.31.0", "pkg:pypi/requests@2.31.0#2");
        assertThat(texts(osDeps.path("dependsOn"))).containsExactly(BASE_FILES.purl(), LIBSSL3.purl(), TZDATA.purl(), ZLIB.purl());
    }

    @Test
    void leavesEachPackagesFileListOut() throws Exception {
        String bom = new String(write(debian(), CREATED), StandardCharsets.UTF_8);

        assertThat(bom).doesNotContain("libcrypto.so.3", "/usr/share/zoneinfo/UTC", "index.js")
                .doesNotContain("a warning that is not part of the SBOM");
    }

    @Test
    void writesTheSameBytesForTheSameCatalogAndCreationTime() throws Exception {
        assertThat(write(debian(), CREATED)).isEqualTo(write(debian(), CREATED));
    }

    @Test
    void changesOnlyTheTimestampWhenTheCreationTimeChanges() throws Exception {
        String first = new String(write(debian(), CREATED), StandardCharsets.UTF_8);
        String later = new String(write(debian(), CREATED.plusSeconds(86_400 + 1)), StandardCharsets.UTF_8);

        assertThat(first).contains("\"timestamp\" : \"2025-07-01T12:00:00Z\"");
        assertThat(later).contains("\"timestamp\" : \"2025-07-02T12:00:01Z\"");
        assertThat(later.replace("2025-07-02T12:00:01Z", "2025-07-01T12:00:00Z")).isEqualTo(first);
    }

    @Test
    void writesTheTimestampInUtcWhateverTheDefaultTimeZone() throws Exception {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
            String bom = new String(write(debian(), CREATED.plusMillis(999)), StandardCharsets.UTF_8);
            assertThat(bom).contains("\"timestamp\" : \"2025-07-01T12:00:00Z\"");
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void givesADifferentSerialNumberToDifferentContent() throws Exception {
        JsonNode one = JSON.readTree(write(debian(), CREATED));
        JsonNode other = JSON.readTree(write(withExtraPackage(BASE_FILES.withPurl("pkg:deb/debian/base-files@12.5")), CREATED));

        assertThat(one.path("serialNumber").asText()).isNotEqualTo(other.path("serialNumber").asText());
    }

    @Test
    void keepsQuotesAndUnicodeInNamesAndLabelsIntact() throws Exception {
        byte[] bytes = write(debian(), CREATED);
        Bom bom = parse(bytes);

        assertThat(libraries(bom)).extracting(Component::getName).contains(ODD_NAME);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\\\"quoted\\\"-\u00fcn\u00efc\u00f6de-\u2603");
        assertThat(properties(bom.getMetadata().getComponent()).get(DrydockProperties.IMAGE_LABEL_PREFIX + "org.opencontainers.image.title"))
                .containsExactly(LABEL_NEEDING_ESCAPES);
    }

    @Test
    void readsBackWithTheSamePackagesAsTheCatalog() throws Exception {
        Bom bom = parse(write(debian(), CREATED));

        assertThat(libraries(bom)).extracting(Component::getName, Component::getVersion, Component::getPurl)
                .containsExactlyInAnyOrderElementsOf(PACKAGES.stream().map(p -> tuple(p.name(), p.version(), p.purl())).toList());
    }

    @Test
    void writesAValidBomForAnEmptyCatalog() throws Exception {
        byte[] bytes = write(empty(), CREATED);

        assertThat(schemaErrors(bytes)).isEmpty();
        Bom bom = parse(bytes);
        assertThat(bom.getComponents()).isNullOrEmpty();
        Component image = bom.getMetadata().getComponent();
        assertThat(image.getType()).isEqualTo(Component.Type.CONTAINER);
        assertThat(image.getName()).isEqualTo("dir:/tmp/rootfs");
        assertThat(image.getPurl()).isNull();
        assertThat(image.getVersion()).isNull();
    }

    @Test
    void leavesTheCallersStreamOpen() throws Exception {
        ClosableBuffer out = new ClosableBuffer();
        new CycloneDxWriter(TOOL_VERSION, CREATED).write(debian(), out);

        assertThat(out.closed).isFalse();
        assertThat(out.toByteArray()).endsWith('\n');
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).filter(Objects::nonNull).toList();
    }

    static final class ClosableBuffer extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
