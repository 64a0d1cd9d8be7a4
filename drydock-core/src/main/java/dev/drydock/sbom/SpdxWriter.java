package dev.drydock.sbom;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import org.spdx.core.InvalidSPDXAnalysisException;
import org.spdx.jacksonstore.MultiFormatStore;
import org.spdx.library.LicenseInfoFactory;
import org.spdx.library.ModelCopyManager;
import org.spdx.library.model.v2.ExternalRef;
import org.spdx.library.model.v2.ReferenceType;
import org.spdx.library.model.v2.SpdxCreatorInformation;
import org.spdx.library.model.v2.SpdxDocument;
import org.spdx.library.model.v2.SpdxModelFactoryCompatV2;
import org.spdx.library.model.v2.SpdxPackage;
import org.spdx.library.model.v2.Version;
import org.spdx.library.model.v2.enumerations.AnnotationType;
import org.spdx.library.model.v2.enumerations.Purpose;
import org.spdx.library.model.v2.enumerations.ReferenceCategory;
import org.spdx.library.model.v2.enumerations.RelationshipType;
import org.spdx.library.model.v2.license.AnyLicenseInfo;
import org.spdx.library.model.v2.license.SpdxNoAssertionLicense;
import org.spdx.library.referencetype.ListedReferenceTypes;
import org.spdx.storage.simple.InMemSpdxStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a catalog as SPDX 2.3 JSON. The document describes one package, the image (purpose CONTAINER),
 * which CONTAINS the distribution and every package found. drydock's facts that SPDX has no field for
 * (layer, path, type, source package) are package annotations in the {@link SbomProperty#toAnnotationText()}
 * form, annotated by the tool, so a reader tells them from human review comments.
 */
public final class SpdxWriter implements SbomWriter {
    /** Prefix of every documentNamespace drydock writes; the rest is the image name and a content UUID. */
    public static final String NAMESPACE_BASE = "https://drydock.dev/spdxdocs/";
    static final String NOASSERTION = "NOASSERTION";
    private static final String DATA_LICENSE = "CC0-1.0";

    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    /** Line ends fixed to LF: Jackson's default follows the platform, which would change the bytes. */
    private static final ObjectWriter JSON_OUT = JSON.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private final String toolVersion;
    private final Instant created;

    /**
     * @param toolVersion drydock's version, named in the creators and as annotator
     * @param created     the document's creation time; see {@link SbomTimestamp#fromEnvironment()}
     */
    public SpdxWriter(String toolVersion, Instant created) {
        this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion");
        this.created = Objects.requireNonNull(created, "created").truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public void write(Catalog catalog, OutputStream out) throws IOException {
        SpdxLibrary.ensureReady();
        MultiFormatStore store = new MultiFormatStore(new InMemSpdxStore(), MultiFormatStore.Format.JSON);
        Build build = new Build(catalog, store);
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try {
            build.run();
            store.serialize(serialized);
        } catch (InvalidSPDXAnalysisException e) {
            // Every value comes from a parsed catalog; the library refusing one is a drydock bug, not bad input.
            throw new IllegalStateException("cannot build the SPDX document: " + e.getMessage(), e);
        }
        JsonNode tree = JSON.readTree(serialized.toByteArray());
        build.orderAnnotations(tree);
        JSON_OUT.writeValue(new NonClosingOutputStream(out), tree);
        out.write('\n');
        out.flush();
    }

    /** The namespace for a document about this image with this content. */
    static String documentNamespace(ImageSubject subject, UUID contentId) {
        return NAMESPACE_BASE + SpdxIds.safe(subject.name()) + "-" + contentId;
    }

    /** One document's construction; holds the store and ids that belong to that document only. */
    private final class Build {
        private final Catalog catalog;
        private final MultiFormatStore store;
        private final ModelCopyManager copyManager = new ModelCopyManager();
        private final SpdxIds ids = new SpdxIds();
        private final String timestamp = DateTimeFormatter.ISO_INSTANT.format(created);
        private final String annotator = "Tool: drydock-" + toolVersion;
        /** Per SPDXID, each annotation text's positions in drydock's order: the library writes them in its own. */
        private final Map<String, Map<String, List<Integer>>> annotationOrder = new HashMap<>();
        private SpdxDocument doc;

        Build(Catalog catalog, MultiFormatStore store) {
            this.catalog = catalog;
            this.store = store;
        }

        void run() throws InvalidSPDXAnalysisException {
            SbomContent content = SbomContent.of(catalog);
            ImageSubject subject = content.subject();
            String namespace = documentNamespace(subject, content.contentId(SbomFormat.SPDX, toolVersion));

            doc = SpdxModelFactoryCompatV2.createSpdxDocumentV2(store, namespace, copyManager);
            doc.setSpecVersion(Version.TWO_POINT_THREE_VERSION);
            doc.setName(subject.name());
            doc.setDataLicense(LicenseInfoFactory.parseSPDXLicenseStringCompatV2(DATA_LICENSE, store, namespace, copyManager));
            SpdxCreatorInformation creation = doc.createCreationInfo(List.of(annotator), timestamp);
            // The list version is the one bundled in the library jar, so it is fixed for a given build.
            creation.setLicenseListVersion(LicenseInfoFactory.getLicenseListVersion());
            doc.setCreationInfo(creation);

            SpdxPackage imagePackage = imagePackage(subject, content.image());
            doc.getDocumentDescribes().add(imagePackage);
            if (content.os() != null) {
                imagePackage.addRelationship(doc.createRelationship(osPackage(content.os()), RelationshipType.CONTAINS, null));
            }
            for (Package p : content.packages()) {
                imagePackage.addRelationship(doc.createRelationship(packageOf(p), RelationshipType.CONTAINS, null));
            }
        }

        private SpdxPackage imagePackage(ImageSubject subject, ImageMetadata image) throws InvalidSPDXAnalysisException {
            SpdxPackage.SpdxPackageBuilder b = newPackage(SpdxIds.IMAGE, subject.name(), subject.version(), noAssertion())
                    .setPrimaryPurpose(Purpose.CONTAINER);
            if (subject.purl() != null) b.addExternalRef(purlRef(subject.purl()));
            annotate(SpdxIds.IMAGE, b, DrydockProperties.forImage(image));
            return b.build();
        }

        private SpdxPackage osPackage(OsRelease os) throws InvalidSPDXAnalysisException {
            SpdxPackage.SpdxPackageBuilder b = newPackage(SpdxIds.OPERATING_SYSTEM, os.id(), os.versionId(), noAssertion())
                    .setPrimaryPurpose(Purpose.OPERATING_SYSTEM);
            if (os.prettyName() != null) b.setDescription(os.prettyName());
            annotate(SpdxIds.OPERATING_SYSTEM, b, DrydockProperties.forOs(os));
            return b.build();
        }

        private SpdxPackage packageOf(Package p) throws InvalidSPDXAnalysisException {
            Optional<String> declared = SpdxLicenseExpressions.conjunction(p.licenses());
            AnyLicenseInfo declaredLicense = declared.isPresent()
                    ? LicenseInfoFactory.parseSPDXLicenseStringCompatV2(declared.get(), store, doc.getDocumentUri(), copyManager)
                    : noAssertion();
            String spdxId = ids.forPackage(p);
            SpdxPackage.SpdxPackageBuilder b = newPackage(spdxId, p.name(), p.version(), declaredLicense);
            if (declared.isEmpty() && !p.licenses().isEmpty()) {
                // Keep what the package manager said, where a human reviewer looks for it.
                b.setLicenseComments("licenses recorded by the package manager: " + String.join(", ", p.licenses()));
            }
            if (p.purl() != null) b.addExternalRef(purlRef(p.purl()));
            List<SbomProperty> properties = new ArrayList<>(DrydockProperties.forPackage(p));
            List<String> recorded = DrydockProperties.recordedLicenses(p);
            if (!declaredIsVerbatim(recorded, declared)) properties.addAll(DrydockProperties.verbatimLicenses(recorded));
            annotate(spdxId, b, properties);
            return b.build();
        }

        private SpdxPackage.SpdxPackageBuilder newPackage(String id, String name, String version, AnyLicenseInfo declared)
                throws InvalidSPDXAnalysisException {
            // SPDX requires a name; a hostile database may leave it empty, and the document must still be valid.
            String safeName = name == null || name.isBlank() ? NOASSERTION : name;
            SpdxPackage.SpdxPackageBuilder b = doc.createPackage(id, safeName, noAssertion(), NOASSERTION, declared)
                    .setDownloadLocation(NOASSERTION)
                    .setSupplier(NOASSERTION)
                    .setFilesAnalyzed(false);
            if (version != null && !version.isBlank()) b.setVersionInfo(version);
            return b;
        }

        /**
         * licenseDeclared gives the recorded list back only for one listed license spelled as SPDX spells it:
         * several are joined with AND and the library reorders compound expressions, and anything else is
         * NOASSERTION. In every other case the list is also written verbatim, so drydock reads it back unchanged.
         */
        private static boolean declaredIsVerbatim(List<String> recorded, Optional<String> declared) {
            if (recorded.isEmpty()) return true;
            return recorded.size() == 1 && declared.isPresent() && declared.get().equals(recorded.get(0))
                    && !SpdxLicenseExpressions.isCompound(declared.get());
        }

        private void annotate(String spdxId, SpdxPackage.SpdxPackageBuilder b, List<SbomProperty> properties) throws InvalidSPDXAnalysisException {
            Map<String, List<Integer>> order = new HashMap<>();
            for (int i = 0; i < properties.size(); i++) {
                String text = properties.get(i).toAnnotationText();
                order.computeIfAbsent(text, k -> new ArrayList<>()).add(i);
                b.addAnnotation(doc.createAnnotation(annotator, AnnotationType.OTHER, timestamp, text));
            }
            annotationOrder.put(spdxId, order);
        }

        /**
         * Puts each package's annotations back in the order drydock made them (layers bottom first, as in
         * CycloneDX) instead of the store's internal order, which no contract fixes.
         */
        void orderAnnotations(JsonNode document) {
            for (JsonNode pkg : document.path("packages")) {
                Map<String, List<Integer>> wanted = annotationOrder.get(pkg.path("SPDXID").asText());
                if (wanted == null || !(pkg.get("annotations") instanceof ArrayNode annotations)) continue;
                // The same text may stand at several places (a layer or license listed twice): each occurrence
                // takes the next of its positions, so [A, B, A] stays [A, B, A].
                Map<String, Integer> seen = new HashMap<>();
                List<Map.Entry<Integer, JsonNode>> placed = new ArrayList<>();
                for (JsonNode a : annotations) {
                    String text = a.path("comment").asText();
                    List<Integer> positions = wanted.getOrDefault(text, List.of());
                    int n = seen.merge(text, 1, Integer::sum) - 1;
                    placed.add(Map.entry(n < positions.size() ? positions.get(n) : Integer.MAX_VALUE, a));
                }
                placed.sort(Map.Entry.<Integer, JsonNode>comparingByKey()
                        .thenComparing(e -> e.getValue().path("comment").asText()));
                annotations.removeAll();
                placed.forEach(e -> annotations.add(e.getValue()));
            }
        }

        private ExternalRef purlRef(String purl) throws InvalidSPDXAnalysisException {
            ReferenceType purlType = ListedReferenceTypes.getListedReferenceTypes().getListedReferenceTypeByName("purl");
            return doc.createExternalRef(ReferenceCategory.PACKAGE_MANAGER, purlType, purl, null);
        }

        private AnyLicenseInfo noAssertion() throws InvalidSPDXAnalysisException {
            return new SpdxNoAssertionLicense(store, doc.getDocumentUri());
        }
    }
}
