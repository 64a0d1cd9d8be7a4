package dev.drydock.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.image.BadInputException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.Tool;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a CycloneDX document, JSON or XML, into a catalog: {@code metadata.component} is the image, the first
 * operating-system component the distribution, every other component (nested ones too, flattened) a package.
 * cyclonedx-core-java does the parsing; this class first checks what the library does not (version, size,
 * nesting) so the library only sees documents drydock is willing to read.
 */
public final class CycloneDxReader {
    /** JSON encoding began with 1.2. 1.7 is read like 1.6: the fields drydock reads did not change. */
    static final Set<String> JSON_VERSIONS = Set.of("1.2", "1.3", "1.4", "1.5", "1.6", "1.7");
    static final Set<String> XML_VERSIONS = Set.of("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7");
    static final String XML_NAMESPACE_PREFIX = "http://cyclonedx.org/schema/bom/";

    private final SbomLimits limits;

    public CycloneDxReader(SbomLimits limits) {
        this.limits = limits;
    }

    /** @param tree {@code bytes} as parsed by {@link BoundedJson}, already known to say {@code "bomFormat": "CycloneDX"} */
    Catalog readJson(byte[] bytes, JsonNode tree) {
        String version = BoundedJson.text(tree, "specVersion");
        if (version == null || !JSON_VERSIONS.contains(version)) {
            throw new BadInputException("CycloneDX JSON specVersion " + quoted(version) + " is not supported: drydock reads 1.2 to 1.7");
        }
        int count = countComponents(tree.path("components"), 1) + countComponents(tree.path("metadata").path("component").path("components"), 1);
        if (count > limits.maxComponents()) {
            throw new BadInputException("SBOM lists more than " + limits.maxComponents() + " components; drydock reads at most that many");
        }
        Bom bom;
        try {
            bom = new JsonParser().parse(bytes);
        } catch (ParseException | RuntimeException e) {
            throw new BadInputException("cannot read CycloneDX " + version + " JSON: " + BoundedJson.oneLine(rootMessage(e)));
        }
        return read(bom, "CycloneDX " + version + " JSON");
    }

    Catalog readXml(byte[] bytes, XmlPrescan prescan) {
        String version = prescan.namespace().startsWith(XML_NAMESPACE_PREFIX) ? prescan.namespace().substring(XML_NAMESPACE_PREFIX.length()) : null;
        if (version == null || !XML_VERSIONS.contains(version) || !prescan.root().equals("bom")) {
            throw new BadInputException("CycloneDX XML namespace " + quoted(prescan.namespace()) + " is not supported: drydock reads 1.0 to 1.7");
        }
        Bom bom;
        try {
            bom = new XmlParser().parse(bytes);
        } catch (ParseException | RuntimeException e) {
            throw new BadInputException("cannot read CycloneDX " + version + " XML: " + BoundedJson.oneLine(rootMessage(e)));
        }
        return read(bom, "CycloneDX " + version + " XML");
    }

    private Catalog read(Bom bom, String format) {
        CatalogAssembler assembler = new CatalogAssembler(format, madeByDrydock(bom.getMetadata()), limits);
        Flattening flattening = new Flattening(assembler);
        Component subject = bom.getMetadata() == null ? null : bom.getMetadata().getComponent();
        if (subject != null) {
            assembler.subject(entry(subject));
            flattening.add(subject.getComponents(), 2);
        }
        flattening.add(bom.getComponents(), 1);
        if (flattening.tooDeep > 0) {
            assembler.warn(format + ": skipped " + flattening.tooDeep + " components nested more than " + limits.maxDepth() + " levels deep");
        }
        return assembler.finish();
    }

    /** Components inside components, depth first in document order, down to {@link SbomLimits#maxDepth()}. */
    private final class Flattening {
        private final CatalogAssembler assembler;
        private int tooDeep;

        Flattening(CatalogAssembler assembler) {
            this.assembler = assembler;
        }

        void add(List<Component> components, int depth) {
            if (components == null) return;
            for (Component c : components) {
                if (c == null) continue;
                if (depth > limits.maxDepth()) {
                    tooDeep++;
                    continue;
                }
                if (c.getType() == Component.Type.OPERATING_SYSTEM) assembler.operatingSystem(entry(c));
                else assembler.component(entry(c));
                add(c.getComponents(), depth + 1);
            }
        }
    }

    private static SbomEntry entry(Component c) {
        List<SbomProperty> properties = new ArrayList<>();
        if (c.getProperties() != null) {
            for (Property p : c.getProperties()) {
                if (p != null && p.getName() != null && p.getValue() != null) properties.add(new SbomProperty(p.getName(), p.getValue()));
            }
        }
        return new SbomEntry(c.getBomRef(), c.getName(), c.getVersion(), c.getDescription(), c.getPurl(), licenses(c.getLicenses()), properties);
    }

    /** An expression as one entry, each listed license by its SPDX id or else its name. */
    private static List<String> licenses(LicenseChoice choice) {
        List<String> out = new ArrayList<>();
        if (choice == null) return out;
        if (choice.getExpression() != null && SbomText.present(choice.getExpression().getValue()) != null) {
            out.add(choice.getExpression().getValue());
        }
        if (choice.getLicenses() != null) {
            for (License l : choice.getLicenses()) {
                if (l == null) continue;
                String text = SbomText.present(l.getId()) != null ? l.getId() : SbomText.present(l.getName());
                if (text != null) out.add(text);
            }
        }
        return out;
    }

    /** drydock names itself in {@code metadata.tools.components}; older documents list tools directly. */
    @SuppressWarnings("deprecation")
    private static boolean madeByDrydock(Metadata metadata) {
        if (metadata == null) return false;
        if (metadata.getToolChoice() != null && metadata.getToolChoice().getComponents() != null) {
            for (Component tool : metadata.getToolChoice().getComponents()) {
                if (tool != null && CycloneDxWriter.TOOL_NAME.equals(tool.getName())) return true;
            }
        }
        if (metadata.getTools() != null) {
            for (Tool tool : metadata.getTools()) {
                if (tool != null && CycloneDxWriter.TOOL_NAME.equals(tool.getName())) return true;
            }
        }
        return false;
    }

    /** Counts components and their nested ones in the raw tree, stopping once past any limit that matters. */
    private int countComponents(JsonNode array, int depth) {
        if (!array.isArray() || depth > limits.maxDepth()) return 0;
        int n = 0;
        for (JsonNode c : array) {
            n += 1 + countComponents(c.path("components"), depth + 1);
            if (n > limits.maxComponents()) return n;
        }
        return n;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static String quoted(String s) {
        return s == null ? "(missing)" : "\"" + SbomText.safe(s) + "\"";
    }
}
