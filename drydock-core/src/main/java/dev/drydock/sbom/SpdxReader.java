package dev.drydock.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.image.BadInputException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an SPDX 2.x document (JSON or tag-value) into a catalog. The package the document describes is the
 * image (preferring one whose purpose is CONTAINER), a package whose purpose is OPERATING_SYSTEM the
 * distribution, every other package a package. drydock's facts come from annotations whose comment is
 * {@code drydock:…=value} ({@link SbomProperty#fromAnnotationText}).
 * <p>
 * The JSON is read from Jackson's tree rather than through the SPDX library's model store: drydock needs a
 * handful of fields, and reading them directly bounds the work by the document's size with no surprises
 * from a store that resolves references and license lists.
 */
public final class SpdxReader {
    /** JSON was added in 2.2; the fields drydock reads are the same from 2.1 to 2.3. */
    static final Set<String> JSON_VERSIONS = Set.of("SPDX-2.2", "SPDX-2.3");
    static final Set<String> TAG_VALUE_VERSIONS = Set.of("SPDX-2.1", "SPDX-2.2", "SPDX-2.3");
    private static final String CONTAINER = "CONTAINER";
    private static final String OPERATING_SYSTEM = "OPERATING-SYSTEM";
    private static final Set<String> NO_LICENSE = Set.of("NOASSERTION", "NONE");
    private static final String DRYDOCK_CREATOR = "Tool: drydock-";

    private final SbomLimits limits;

    public SpdxReader(SbomLimits limits) {
        this.limits = limits;
    }

    Catalog readJson(JsonNode tree) {
        SpdxView view = SpdxJson.view(tree);
        return read(view, JSON_VERSIONS, "JSON");
    }

    Catalog readTagValue(byte[] bytes) {
        return read(SpdxTagValue.view(bytes), TAG_VALUE_VERSIONS, "tag-value");
    }

    private Catalog read(SpdxView view, Set<String> versions, String encoding) {
        if (view.version == null || !versions.contains(view.version)) {
            throw new BadInputException("SPDX " + encoding + " version " + (view.version == null ? "(missing)" : "\"" + SbomText.safe(view.version) + "\"")
                    + " is not supported: drydock reads " + String.join(", ", versions.stream().sorted().toList()));
        }
        if (view.packages.size() > limits.maxComponents()) {
            throw new BadInputException("SBOM lists more than " + limits.maxComponents() + " packages; drydock reads at most that many");
        }
        String format = view.version.replace("SPDX-", "SPDX ") + " " + encoding;
        boolean fromDrydock = view.creators.stream().anyMatch(c -> c.startsWith(DRYDOCK_CREATOR));
        CatalogAssembler assembler = new CatalogAssembler(format, fromDrydock, limits);

        SpdxView.Pkg subject = subject(view);
        if (subject != null) assembler.subject(entry(subject, fromDrydock));
        for (SpdxView.Pkg p : view.packages) {
            if (p == subject) continue;
            if (OPERATING_SYSTEM.equals(purpose(p))) assembler.operatingSystem(entry(p, fromDrydock));
            else assembler.component(entry(p, fromDrydock));
        }
        return assembler.finish();
    }

    /** The described package: one of purpose CONTAINER if any is described, else the first described. */
    private static SpdxView.Pkg subject(SpdxView view) {
        Set<String> described = new LinkedHashSet<>(view.describes);
        for (SpdxView.Relationship r : view.relationships) {
            if (r.from().equals(view.documentId) && r.type().equals("DESCRIBES")) described.add(r.to());
            if (r.to().equals(view.documentId) && r.type().equals("DESCRIBED_BY")) described.add(r.from());
        }
        SpdxView.Pkg first = null;
        for (SpdxView.Pkg p : view.packages) {
            if (p.id == null || !described.contains(p.id)) continue;
            if (CONTAINER.equals(purpose(p))) return p;
            if (first == null) first = p;
        }
        return first;
    }

    /** JSON writes OPERATING_SYSTEM, tag-value OPERATING-SYSTEM. */
    private static String purpose(SpdxView.Pkg p) {
        return p.purpose == null ? null : p.purpose.strip().replace('_', '-');
    }

    private static SbomEntry entry(SpdxView.Pkg p, boolean fromDrydock) {
        List<SbomProperty> properties = new ArrayList<>();
        for (String comment : p.annotations) {
            SbomProperty prop = SbomProperty.fromAnnotationText(comment);
            if (prop != null && prop.name().startsWith("drydock:")) {
                properties.add(prop);
            } else if (!fromDrydock) {
                SbomProperty trivy = TrivyProperties.fromSpdxComment(comment);
                if (trivy != null) properties.add(trivy);
            }
        }
        String purl = p.purls.isEmpty() ? null : p.purls.get(0);
        return new SbomEntry(p.id, p.name, p.version, p.description, purl, licenses(p), properties);
    }

    /** The declared license, else the concluded one, as one expression. */
    private static List<String> licenses(SpdxView.Pkg p) {
        for (String expression : new String[]{p.licenseDeclared, p.licenseConcluded}) {
            String e = SbomText.present(expression);
            if (e != null && !NO_LICENSE.contains(e.strip())) return List.of(withoutEnclosingParentheses(e.strip()));
        }
        return List.of();
    }

    /** {@code (MIT OR Apache-2.0)} is {@code MIT OR Apache-2.0}; the SPDX library writes compound expressions in parentheses. */
    static String withoutEnclosingParentheses(String expression) {
        String e = expression;
        while (e.length() >= 2 && e.charAt(0) == '(' && e.charAt(e.length() - 1) == ')' && closesAtEnd(e)) {
            e = e.substring(1, e.length() - 1).strip();
        }
        return e;
    }

    /** True when the parenthesis opening {@code e} is the one closing it. */
    private static boolean closesAtEnd(String e) {
        int depth = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i == e.length() - 1;
        }
        return false;
    }
}
