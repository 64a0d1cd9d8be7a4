package dev.drydock.server.ingest;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.model.Severity;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Grype's JSON report ({@code grype -o json}). Streams {@code matches[]}; reads {@code source.target} for the
 * image and {@code distro}. Grype reports a GHSA id for language packages and names the CVE in
 * {@code relatedVulnerabilities}; the CVE becomes the join id and the GHSA id the native id.
 */
public final class GrypeJsonImporter implements ReportImporter {
    @Override
    public String formatName() {
        return "Grype JSON";
    }

    @Override
    public String formatId() {
        return "grype";
    }

    @Override
    public ImportedReport read(InputStream in, ImportLimits limits) {
        ImportContext ctx = new ImportContext(limits);
        List<ImportedFinding> findings = new ArrayList<>();
        JsonNode source = null, distroNode = null, descriptor = null;
        boolean sawMatches = false;
        try (JsonInput json = JsonInput.open(in, limits, "Grype JSON")) {
            json.expectObject();
            while (json.next() == JsonToken.FIELD_NAME) {
                String field = json.name();
                json.next();
                switch (field) {
                    case "matches" -> {
                        sawMatches = true;
                        int[] i = {0};
                        // distro usually follows matches; purls carry the namespace, so it is not needed per match
                        json.eachElement(m -> {
                            ctx.countFinding();
                            ImportedFinding f = finding(m, ctx, "matches[" + i[0]++ + "]");
                            if (f != null) findings.add(f);
                        });
                    }
                    case "source" -> source = json.tree();
                    case "distro" -> distroNode = json.tree();
                    case "descriptor" -> descriptor = json.tree();
                    default -> json.skip();
                }
            }
            json.expectEnd();
        }
        if (!sawMatches) throw new dev.drydock.image.BadInputException("Grype JSON has no \"matches\" array");
        Distro distro = null;
        String dn = ctx.field(JsonInput.text(distroNode, "name"));
        if (dn != null) distro = new Distro(dn.toLowerCase(Locale.ROOT), ctx.field(JsonInput.text(distroNode, "version")));
        return new ImportedReport("grype", ctx.field(JsonInput.text(descriptor, "name")) != null ? ctx.field(JsonInput.text(descriptor, "name")) : "grype",
                ctx.field(JsonInput.text(descriptor, "version")), List.of(new ImportedScan(subject(source, ctx), distro, findings)),
                ctx.warnings(), ctx.skipped);
    }

    private static ReportSubject subject(JsonNode source, ImportContext ctx) {
        if (source == null) return ReportSubject.named(null);
        JsonNode target = source.get("target");
        if (target == null || !target.isObject()) return ReportSubject.named(target == null ? null : ctx.field(target.asText()));
        String userInput = ctx.field(JsonInput.text(target, "userInput"));
        List<String> tags = JsonInput.texts(target.get("tags")).stream().map(ctx::field).filter(t -> t != null).toList();
        List<String> repoDigests = JsonInput.texts(target.get("repoDigests")).stream().map(ctx::field).filter(t -> t != null).toList();
        boolean image = "image".equals(JsonInput.text(source, "type"));
        String ref = image && userInput != null && TrivyJsonImporter.looksLikeImageRef(userInput) ? userInput : tags.isEmpty() ? null : tags.get(0);
        return new ReportSubject(userInput, ref, Normalise.digest(JsonInput.text(target, "manifestDigest")), repoDigests,
                Normalise.digest(JsonInput.text(target, "imageID")), tags);
    }

    static ImportedFinding finding(JsonNode m, ImportContext ctx, String where) {
        JsonNode v = m.get("vulnerability");
        JsonNode a = m.get("artifact");
        if (v == null || !v.isObject() || a == null || !a.isObject()) {
            ctx.skip("match without vulnerability or artifact", where);
            return null;
        }
        String nativeId = Normalise.vulnId(ctx.field(JsonInput.text(v, "id")));
        if (nativeId == null) {
            ctx.skip("no vulnerability id", where);
            return null;
        }
        String name = ctx.field(JsonInput.text(a, "name"));
        if (name == null) {
            ctx.skip("no package name", where);
            return null;
        }
        List<String> related = new ArrayList<>();
        JsonNode rel = m.get("relatedVulnerabilities");
        if (rel != null && rel.isArray()) {
            for (JsonNode r : rel) {
                String id = Normalise.vulnId(ctx.field(JsonInput.text(r, "id")));
                if (id != null && !id.equals(nativeId) && !related.contains(id)) related.add(id);
            }
        }
        String joinId = Normalise.joinId(nativeId, related);
        List<String> aliases = new ArrayList<>();
        if (!joinId.equals(nativeId)) aliases.add(nativeId);
        for (String r : related) if (!r.equals(joinId)) aliases.add(r);

        // source package: dpkg metadata "Source", or syft's upstreams (newer Grype)
        String srcName = ctx.field(JsonInput.text(a.get("metadata"), "Source"));
        String srcVersion = ctx.field(JsonInput.text(a.get("metadata"), "SourceVersion"));
        JsonNode ups = a.get("upstreams");
        if (srcName == null && ups != null && ups.isArray() && !ups.isEmpty()) {
            srcName = ctx.field(JsonInput.text(ups.get(0), "name"));
            srcVersion = ctx.field(JsonInput.text(ups.get(0), "version"));
        }
        if (srcName != null && srcName.contains(" (")) { // dpkg writes "glibc (2.28-10)" when versions differ
            int p = srcName.indexOf(" (");
            if (srcVersion == null && srcName.endsWith(")")) srcVersion = srcName.substring(p + 2, srcName.length() - 1);
            srcName = srcName.substring(0, p);
        }
        JsonNode locs = a.get("locations");
        String path = locs != null && locs.isArray() && !locs.isEmpty() ? ctx.field(JsonInput.text(locs.get(0), "path")) : null;
        ImportedPackage pkg = Packages.of(Normalise.purlType(JsonInput.text(a, "type")), name, ctx.field(JsonInput.text(a, "version")),
                ctx.field(JsonInput.text(a, "purl")), srcName, srcVersion, path, null, ctx);

        String raw = ctx.field(JsonInput.text(v, "severity"));
        Severity severity = Normalise.severity(raw);
        String namespace = ctx.field(JsonInput.text(v, "namespace"));
        String severitySource = severitySource(namespace);
        Double score = null;
        String vector = null;
        JsonNode cvss = v.get("cvss");
        if (cvss != null && cvss.isArray()) {
            JsonNode pick = null;
            for (JsonNode c : cvss) {
                if (pick == null || "Primary".equals(JsonInput.text(c, "type")) && !"Primary".equals(JsonInput.text(pick, "type"))) pick = c;
            }
            if (pick != null) {
                score = JsonInput.number(pick.get("metrics"), "baseScore");
                vector = ctx.field(JsonInput.text(pick, "vector"));
            }
        }
        JsonNode fix = v.get("fix");
        List<String> fixed = JsonInput.texts(fix == null ? null : fix.get("versions")).stream().map(ctx::field).filter(x -> x != null).toList();
        var status = Normalise.status(JsonInput.text(fix, "state"));
        String description = JsonInput.text(v, "description");
        if (description == null && rel != null && rel.isArray() && !rel.isEmpty()) description = JsonInput.text(rel.get(0), "description");
        return new ImportedFinding(joinId, nativeId, aliases, pkg, severity, raw, severitySource, score, vector, fixed, status,
                null, ctx.text(description), null);
    }

    /** Grype's namespace ({@code debian:distro:debian:10}, {@code nvd:cpe}, {@code github:language:go}) names the data source. */
    static String severitySource(String namespace) {
        if (namespace == null) return null;
        String first = namespace.split(":", 2)[0].toLowerCase(Locale.ROOT);
        return switch (first) {
            case "github" -> "ghsa";
            default -> first;
        };
    }
}
