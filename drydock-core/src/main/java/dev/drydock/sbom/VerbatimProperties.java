package dev.drydock.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;

import java.util.List;

/**
 * cyclonedx-core-java trims every string and turns line breaks and tabs into spaces when it writes JSON
 * (XML normalizedString rules, which the JSON schema does not ask for). drydock's properties carry image
 * labels, license texts and paths that must read back exactly, so their names and values are put back
 * verbatim in the generated tree. Standard fields keep the library's rendering.
 */
final class VerbatimProperties {
    private VerbatimProperties() {
    }

    /** True when the library writes {@code s} unchanged; conservative: any whitespace but single spaces counts as changed. */
    static boolean survivesLibrary(String s) {
        return s.equals(s.strip()) && !s.contains("  ") && s.chars().noneMatch(c -> Character.isWhitespace(c) && c != ' ');
    }

    /** @param tree the library's JSON for {@code bom}, whose component lists it mirrors element for element */
    static void restore(JsonNode tree, Bom bom) {
        if (bom.getMetadata() != null) restore(tree.path("metadata").path("component"), bom.getMetadata().getComponent());
        List<Component> components = bom.getComponents();
        JsonNode nodes = tree.path("components");
        if (components == null || nodes.size() != components.size()) return;
        for (int i = 0; i < components.size(); i++) restore(nodes.get(i), components.get(i));
    }

    private static void restore(JsonNode node, Component component) {
        if (component == null || component.getProperties() == null) return;
        JsonNode written = node.path("properties");
        List<Property> properties = component.getProperties();
        // The library writes every property it is given, in order; anything else means the tree is not
        // what this class expects, and it leaves the library's text alone rather than mislabel a value.
        if (written.size() != properties.size()) return;
        for (int i = 0; i < properties.size(); i++) {
            if (!(written.get(i) instanceof ObjectNode property)) return;
            property.put("name", properties.get(i).getName());
            property.put("value", properties.get(i).getValue());
        }
    }
}
