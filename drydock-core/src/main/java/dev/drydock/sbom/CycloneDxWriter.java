package dev.drydock.sbom;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.drydock.catalog.Catalog;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.util.LicenseResolver;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a catalog as CycloneDX 1.6 JSON: the image is {@code metadata.component}, the distribution an
 * operating-system component, every package a library component carrying drydock's properties.
 */
public final class CycloneDxWriter implements SbomWriter {
    static final Version SPEC = Version.VERSION_16;
    static final String TOOL_NAME = "drydock";

    /** Fixed line ends and indentation: Jackson's default follows the platform, which would change the bytes. */
    private static final ObjectWriter JSON = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private final String toolVersion;
    private final Instant created;

    /**
     * @param toolVersion drydock's version, named in {@code metadata.tools}
     * @param created     the document's timestamp; see {@link SbomTimestamp#fromEnvironment()}
     */
    public CycloneDxWriter(String toolVersion, Instant created) {
        this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion");
        // The schema's date-time carries seconds; dropping the fraction here keeps output and tests aligned.
        this.created = Objects.requireNonNull(created, "created").truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public void write(Catalog catalog, OutputStream out) throws IOException {
        Bom bom = toBom(catalog);
        JsonNode tree = BomGeneratorFactory.createJson(SPEC, bom).toJsonNode();
        VerbatimProperties.restore(tree, bom);
        JSON.writeValue(new NonClosingOutputStream(out), tree);
        out.write('\n');
        out.flush();
    }

    Bom toBom(Catalog catalog) {
        SbomContent content = SbomContent.of(catalog);
        List<Package> packages = content.packages();
        UniqueIds bomRefs = new UniqueIds((candidate, n) -> candidate + "#" + n);
        Licenses licenses = new Licenses();

        Component imageComponent = imageComponent(content.subject(), content.image(), bomRefs);
        Component osComponent = content.os() == null ? null : osComponent(content.os(), bomRefs);
        List<Component> packageComponents = new ArrayList<>();
        for (Package p : packages) packageComponents.add(packageComponent(p, bomRefs, licenses));

        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + content.contentId(SbomFormat.CYCLONEDX, toolVersion));
        bom.setVersion(1);
        bom.setMetadata(metadata(imageComponent));
        List<Component> components = new ArrayList<>();
        if (osComponent != null) components.add(osComponent);
        components.addAll(packageComponents);
        bom.setComponents(components);
        bom.setDependencies(dependencies(imageComponent, osComponent, packages, packageComponents));
        return bom;
    }

    private Metadata metadata(Component imageComponent) {
        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(created));
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName(TOOL_NAME);
        tool.setVersion(toolVersion);
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        metadata.setComponent(imageComponent);
        return metadata;
    }

    private static Component imageComponent(ImageSubject subject, ImageMetadata image, UniqueIds bomRefs) {
        Component c = new Component();
        c.setType(Component.Type.CONTAINER);
        c.setName(subject.name());
        c.setVersion(subject.version());
        c.setPurl(subject.purl());
        c.setBomRef(bomRefs.claim(subject.purl() != null ? subject.purl()
                : "drydock:image:" + (subject.version() != null ? subject.version() : subject.name())));
        c.setProperties(properties(DrydockProperties.forImage(image)));
        return c;
    }

    private static Component osComponent(OsRelease os, UniqueIds bomRefs) {
        Component c = new Component();
        c.setType(Component.Type.OPERATING_SYSTEM);
        c.setName(os.id());
        c.setVersion(os.versionId());
        c.setDescription(os.prettyName());
        c.setBomRef(bomRefs.claim("drydock:os:" + os.purlDistro()));
        c.setProperties(properties(DrydockProperties.forOs(os)));
        return c;
    }

    private static Component packageComponent(Package p, UniqueIds bomRefs, Licenses licenses) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        // The schema requires a name; a hostile database may leave it out and the BOM must stay valid.
        c.setName(p.name() == null ? "" : p.name());
        c.setVersion(p.version());
        c.setPurl(p.purl());
        c.setBomRef(bomRefs.claim(SbomContent.identity(p)));
        List<String> recorded = DrydockProperties.recordedLicenses(p);
        LicenseChoice choice = licenses.choice(recorded);
        c.setLicenses(choice);
        List<SbomProperty> props = new ArrayList<>(DrydockProperties.forPackage(p));
        // A reader gets back ids and names as written; when that is not what the package recorded
        // (a name CycloneDX knows by an id, duplicates, a canonical spelling), the list is kept verbatim too.
        if (!Licenses.rendered(choice).equals(recorded) || !recorded.stream().allMatch(VerbatimProperties::survivesLibrary)) props.addAll(DrydockProperties.verbatimLicenses(recorded));
        c.setProperties(properties(props));
        return c;
    }

    /**
     * The image depends on its distribution and on packages from outside it; the distribution on its
     * packages. The graph says what is inside what, which is what Dependency-Track and friends draw.
     */
    private static List<Dependency> dependencies(Component image, Component os, List<Package> packages, List<Component> components) {
        Dependency imageDeps = new Dependency(image.getBomRef());
        Dependency osDeps = os == null ? null : new Dependency(os.getBomRef());
        if (osDeps != null) imageDeps.addDependency(new Dependency(os.getBomRef()));
        for (int i = 0; i < packages.size(); i++) {
            Package p = packages.get(i);
            boolean fromDistribution = p.type() != null && p.type().isOs();
            Dependency parent = osDeps != null && fromDistribution ? osDeps : imageDeps;
            parent.addDependency(new Dependency(components.get(i).getBomRef()));
        }
        List<Dependency> out = new ArrayList<>();
        out.add(imageDeps);
        if (osDeps != null) out.add(osDeps);
        return out;
    }

    private static List<Property> properties(List<SbomProperty> props) {
        if (props.isEmpty()) return null;
        return props.stream().map(p -> new Property(p.name(), p.value())).toList();
    }

    /**
     * CycloneDX allows either a list of licenses (each an SPDX id or a free-text name) or one expression.
     * A lone compound SPDX expression becomes the expression; otherwise each recorded license is listed,
     * by id when CycloneDX knows it as one, else by name, so nothing the package recorded is lost.
     */
    private static final class Licenses {
        private final Map<String, Optional<String>> knownIds = new HashMap<>();

        LicenseChoice choice(List<String> recorded) {
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(recorded.stream().filter(s -> s != null && !s.isBlank()).toList()));
            if (distinct.isEmpty()) return null;
            LicenseChoice choice = new LicenseChoice();
            if (distinct.size() == 1) {
                Optional<String> expression = SpdxLicenseExpressions.canonical(distinct.get(0));
                if (expression.isPresent() && SpdxLicenseExpressions.isCompound(expression.get())) {
                    choice.setExpression(new Expression(expression.get()));
                    return choice;
                }
            }
            for (String text : distinct) {
                License license = new License();
                Optional<String> id = knownIds.computeIfAbsent(text, Licenses::cycloneDxId);
                if (id.isPresent()) license.setId(id.get());
                else license.setName(text);
                choice.addLicense(license);
            }
            return choice;
        }

        /** What a reader sees in the license field: the expression, or each license's id or else its name. */
        static List<String> rendered(LicenseChoice choice) {
            if (choice == null) return List.of();
            if (choice.getExpression() != null) return List.of(choice.getExpression().getValue());
            List<String> out = new ArrayList<>();
            for (License l : choice.getLicenses()) out.add(l.getId() != null ? l.getId() : l.getName());
            return out;
        }

        /** CycloneDX validates ids against its own copy of the SPDX list, so ask its resolver, not the SPDX library. */
        private static Optional<String> cycloneDxId(String text) {
            LicenseChoice resolved = LicenseResolver.resolve(text, false);
            if (resolved == null || resolved.getLicenses() == null || resolved.getLicenses().size() != 1) return Optional.empty();
            return Optional.ofNullable(resolved.getLicenses().get(0).getId());
        }
    }
}
