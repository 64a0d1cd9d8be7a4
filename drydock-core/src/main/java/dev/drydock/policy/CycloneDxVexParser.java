package dev.drydock.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * CycloneDX VEX (JSON, 1.4 and later): {@code vulnerabilities[]} with {@code id}, {@code references[].id}
 * as aliases, {@code analysis.state/justification/detail} and {@code affects[].ref}. A ref is resolved to a
 * purl in this order: a purl itself; a BOM-Link ({@code urn:cdx:serial/version#ref}) by its fragment; a
 * {@code bom-ref} of a component in this document (metadata.component included). A ref that resolves to
 * no purl cannot be compared with a package and is left out with a warning (a product named only by
 * name and version, as in the CISA examples, says nothing drydock can check). A container component with
 * a {@code pkg:oci} purl is the image.
 */
final class CycloneDxVexParser {
    private CycloneDxVexParser() {
    }

    static List<VexStatement> parse(String name, JsonNode root, Consumer<String> warnings) {
        Map<String, String> refs = componentPurls(root);
        Instant docTime = VexDocuments.time(root.get("metadata"), "timestamp", name);
        JsonNode vulns = root.get("vulnerabilities");
        List<VexStatement> out = new ArrayList<>();
        if (vulns == null || !vulns.isArray() || vulns.isEmpty()) {
            warnings.accept(name + ": CycloneDX document has no vulnerabilities; nothing to apply");
            return out;
        }
        for (int i = 0; i < vulns.size(); i++) {
            String where = name + "#vulnerabilities[" + i + "]";
            JsonNode v = vulns.get(i);
            JsonNode analysis = v.get("analysis");
            if (analysis == null || !analysis.isObject()) continue; // a finding without a verdict is no VEX statement
            String id = VexDocuments.text(v, "id");
            if (id == null || id.isBlank() || id.length() > IgnoreFileParser.MAX_ID || !PolicyInput.printable(id)) {
                throw new BadInputException(where + ": missing or unprintable 'id'");
            }
            String state = VexDocuments.text(analysis, "state");
            VexStatement.Status status = VexStatement.Status.ofCycloneDx(state);
            if (status == null) {
                if (state == null) continue;
                throw new BadInputException(where + ": unknown analysis state '" + UntrustedText.printable(state, 40) + "'");
            }
            List<String> aliases = new ArrayList<>();
            JsonNode references = v.get("references");
            if (references != null && references.isArray()) {
                for (JsonNode r : references) {
                    String a = VexDocuments.text(r, "id");
                    if (a != null && !a.isBlank() && PolicyInput.printable(a) && a.length() <= IgnoreFileParser.MAX_ID) aliases.add(a.strip());
                }
            }
            List<VexStatement.Product> products = new ArrayList<>();
            JsonNode affects = v.get("affects");
            if (affects != null && affects.isArray()) {
                for (JsonNode a : affects) {
                    String ref = VexDocuments.text(a, "ref");
                    String purl = ref == null ? null : resolve(ref, refs);
                    if (purl == null) {
                        warnings.accept(where + ": affected ref '" + UntrustedText.printable(String.valueOf(ref), 100)
                                + "' resolves to no package-url; drydock cannot match it and skips it");
                        continue;
                    }
                    products.add(new VexStatement.Product(OpenVexParser.checked(purl, where), List.of()));
                }
            }
            Instant at = VexDocuments.time(analysis, "lastUpdated", where);
            if (at == null) at = VexDocuments.time(v, "updated", where);
            if (at == null) at = docTime;
            out.add(new VexStatement(id.strip(), aliases, products, status,
                    VexDocuments.clean(VexDocuments.text(analysis, "justification"), 100),
                    VexDocuments.clean(VexDocuments.text(analysis, "detail"), 1000), at, where));
        }
        return out;
    }

    private static String resolve(String ref, Map<String, String> refs) {
        String r = ref.strip();
        if (OpenVexParser.isPurl(r)) return r;
        if (r.startsWith("urn:cdx:")) {
            int hash = r.indexOf('#');
            if (hash < 0) return null; // a link to a whole other BOM says nothing about a package
            String frag = r.substring(hash + 1);
            // a purl is already percent-encoded in its own way; decoding it would change what it names
            if (OpenVexParser.isPurl(frag)) return frag;
            String ref2 = refs.get(frag);
            if (ref2 != null) return ref2;
            try {
                return refs.get(URLDecoder.decode(frag.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return refs.get(r);
    }

    /** bom-ref → purl of every component, nested ones and metadata.component included. */
    private static Map<String, String> componentPurls(JsonNode root) {
        Map<String, String> out = new HashMap<>();
        Deque<JsonNode> todo = new ArrayDeque<>();
        JsonNode meta = root.path("metadata").get("component");
        if (meta != null) todo.add(meta);
        JsonNode comps = root.get("components");
        if (comps != null && comps.isArray()) comps.forEach(todo::add);
        while (!todo.isEmpty()) {
            JsonNode c = todo.poll();
            if (!c.isObject()) continue;
            String ref = VexDocuments.text(c, "bom-ref");
            String purl = VexDocuments.text(c, "purl");
            if (ref != null && purl != null && OpenVexParser.isPurl(purl)) out.put(ref, purl.strip());
            JsonNode sub = c.get("components");
            if (sub != null && sub.isArray()) sub.forEach(todo::add);
        }
        return out;
    }
}
