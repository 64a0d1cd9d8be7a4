package dev.drydock.sbom;

import dev.drydock.image.BadInputException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SPDX 2.x tag-value to an {@link SpdxView}: only the tags drydock maps, every other tag skipped. Written here
 * rather than taken from the SPDX tag-value store because drydock needs a dozen tags, and a parser this size
 * is easier to bound than a full model store.
 * <p>
 * The format: one {@code Tag: value} per line, {@code #} comments, and multi-line values between
 * {@code <text>} and {@code </text>}. A package's fields follow its {@code PackageName} up to the next
 * package, file, snippet or license section; annotations name their element with {@code SPDXREF}.
 */
final class SpdxTagValue {
    private static final String TEXT_OPEN = "<text>";
    private static final String TEXT_CLOSE = "</text>";

    private enum Section { DOCUMENT, PACKAGE, OTHER }

    private final SpdxView view = new SpdxView();
    private final List<Annotation> annotations = new ArrayList<>();
    private Section section = Section.DOCUMENT;
    private SpdxView.Pkg pkg;
    private Annotation annotation;

    private static final class Annotation {
        String target;
        String comment;
    }

    private SpdxTagValue() {
    }

    static SpdxView view(byte[] bytes) {
        SpdxTagValue parser = new SpdxTagValue();
        parser.parse(SbomReader.withoutByteOrderMark(new String(bytes, StandardCharsets.UTF_8)));
        return parser.finish();
    }

    private void parse(String text) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
            int colon = line.indexOf(':');
            if (colon <= 0) throw new BadInputException("SPDX tag-value line " + (i + 1) + " is not 'Tag: value': " + SbomText.safe(line));
            String tag = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (value.startsWith(TEXT_OPEN)) {
                int start = i;
                StringBuilder multi = new StringBuilder(value.substring(TEXT_OPEN.length()));
                while (multi.indexOf(TEXT_CLOSE) < 0) {
                    if (++i >= lines.size()) throw new BadInputException("SPDX tag-value <text> opened on line " + (start + 1) + " is never closed");
                    multi.append('\n').append(lines.get(i));
                }
                value = multi.substring(0, multi.indexOf(TEXT_CLOSE));
            }
            tag(tag, value);
        }
    }

    private void tag(String tag, String value) {
        switch (tag) {
            case "SPDXVersion" -> view.version = value;
            case "Creator" -> view.creators.add(value);
            case "Relationship" -> relationship(value);
            case "PackageName" -> {
                pkg = new SpdxView.Pkg();
                pkg.name = value;
                view.packages.add(pkg);
                section = Section.PACKAGE;
            }
            case "SPDXID" -> {
                if (section == Section.DOCUMENT) view.documentId = value;
                else if (section == Section.PACKAGE && pkg.id == null) pkg.id = value;
            }
            case "FileName", "SnippetSPDXID", "LicenseID" -> section = Section.OTHER;
            case "Annotator" -> {
                annotation = new Annotation();
                annotations.add(annotation);
            }
            case "SPDXREF" -> {
                if (annotation != null) annotation.target = value;
            }
            case "AnnotationComment" -> {
                if (annotation != null) annotation.comment = value;
            }
            default -> packageTag(tag, value);
        }
    }

    private void packageTag(String tag, String value) {
        if (section != Section.PACKAGE) return;
        switch (tag) {
            case "PackageVersion" -> pkg.version = value;
            case "PackageDescription" -> pkg.description = value;
            case "PrimaryPackagePurpose" -> pkg.purpose = value;
            case "PackageLicenseDeclared" -> pkg.licenseDeclared = value;
            case "PackageLicenseConcluded" -> pkg.licenseConcluded = value;
            case "ExternalRef" -> {
                // category, type, locator; the locator is the rest of the line
                String[] parts = value.split("\\s+", 3);
                if (parts.length == 3 && parts[1].equals("purl")) pkg.purls.add(parts[2].strip());
            }
            default -> {
                // a tag drydock does not map
            }
        }
    }

    private void relationship(String value) {
        String[] parts = value.strip().split("\\s+");
        if (parts.length >= 3) view.relationships.add(new SpdxView.Relationship(parts[0], parts[1], parts[2]));
    }

    private SpdxView finish() {
        Map<String, SpdxView.Pkg> byId = new HashMap<>();
        for (SpdxView.Pkg p : view.packages) {
            if (p.id != null) byId.putIfAbsent(p.id, p);
        }
        for (Annotation a : annotations) {
            SpdxView.Pkg target = a.target == null ? null : byId.get(a.target);
            if (target != null && a.comment != null) target.annotations.add(a.comment);
        }
        return view;
    }
}
