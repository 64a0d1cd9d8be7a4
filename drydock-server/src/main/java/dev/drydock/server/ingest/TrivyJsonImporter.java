package dev.drydock.server.ingest;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.image.BadInputException;
import dev.drydock.model.Digest;
import dev.drydock.model.Severity;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Trivy's JSON report, SchemaVersion 2 ({@code trivy image -f json}). Streams {@code Results[].Vulnerabilities[]};
 * reads {@code Metadata} for the image (RepoDigests, ImageID, RepoTags, OS). Misconfigurations, secrets and
 * licenses in the same report are not vulnerabilities and are ignored.
 */
public final class TrivyJsonImporter implements ReportImporter {
    @Override
    public String formatName() {
        return "Trivy JSON";
    }

    @Override
    public String formatId() {
        return "trivy";
    }

    @Override
    public ImportedReport read(InputStream in, ImportLimits limits) {
        ImportContext ctx = new ImportContext(limits);
        String version = null;
        String artifactName = null;
        String artifactType = null;
        JsonNode metadata = null;
        Integer schema = null;
        List<ImportedFinding> findings = new ArrayList<>();
        try (JsonInput json = JsonInput.open(in, limits, "Trivy JSON")) {
            json.expectObject();
            while (json.next() == JsonToken.FIELD_NAME) {
                String field = json.name();
                JsonToken value = json.next();
                switch (field) {
                    case "SchemaVersion" -> {
                        JsonNode n = json.tree();
                        schema = n.canConvertToInt() ? n.asInt() : -1;
                        if (schema != 2) throw new BadInputException("Trivy JSON SchemaVersion " + ctx.field(n.asText()) + " is not supported; drydock reads SchemaVersion 2 (Trivy 0.20 and later)");
                    }
                    case "Trivy" -> version = ctx.field(JsonInput.text(json.tree(), "Version"));
                    case "ArtifactName" -> artifactName = ctx.field(json.tree().asText());
                    case "ArtifactType" -> artifactType = ctx.field(json.tree().asText());
                    case "Metadata" -> metadata = json.tree();
                    case "Results" -> readResults(json, value, findings, distro(JsonInput.path(metadata, "OS"), ctx), ctx);
                    default -> json.skip();
                }
            }
            json.expectEnd();
        }
        if (schema == null) throw new BadInputException("Trivy JSON has no SchemaVersion; drydock reads SchemaVersion 2 (Trivy 0.20 and later)");
        Distro distro = distro(JsonInput.path(metadata, "OS"), ctx);
        ReportSubject subject = subject(artifactName, artifactType, metadata, ctx);
        return new ImportedReport("trivy", "Trivy", version, List.of(new ImportedScan(subject, distro, findings)), ctx.warnings(), ctx.skipped);
    }

    /**
     * Streams the results, converting each vulnerability as it is read so that only the kept fields stay in memory.
     * Trivy writes Metadata before Results and a result's Target/Class/Type before its Vulnerabilities; when a
     * file does not, the packages read before the Type are rebuilt once it is known.
     */
    private static void readResults(JsonInput json, JsonToken start, List<ImportedFinding> findings, Distro distro, ImportContext ctx) {
        if (start == JsonToken.VALUE_NULL) return;
        if (start != JsonToken.START_ARRAY) throw new BadInputException("Trivy JSON: \"Results\" must be an array");
        int r = 0;
        while (json.next() == JsonToken.START_OBJECT) {
            String type = null, cls = null, target = null;
            int from = findings.size();
            boolean typeLate = false;
            while (json.next() == JsonToken.FIELD_NAME) {
                String field = json.name();
                JsonToken v = json.next();
                switch (field) {
                    case "Target" -> target = ctx.field(json.tree().asText());
                    case "Class" -> cls = ctx.field(json.tree().asText());
                    case "Type" -> {
                        type = ctx.field(json.tree().asText());
                        typeLate = findings.size() > from;
                    }
                    case "Vulnerabilities" -> {
                        if (v == JsonToken.VALUE_NULL) break;
                        if (v != JsonToken.START_ARRAY) throw new BadInputException("Trivy JSON: \"Vulnerabilities\" must be an array");
                        int i = 0;
                        while (json.next() != JsonToken.END_ARRAY) {
                            JsonNode vuln = json.tree();
                            ctx.countFinding();
                            String where = "Results[" + (target != null ? target : r) + "].Vulnerabilities[" + i++ + "]";
                            ImportedFinding f = TrivyVulns.finding(vuln, type, cls, distro, ctx, where);
                            if (f != null) findings.add(f);
                        }
                    }
                    default -> json.skip();
                }
            }
            if (typeLate) {
                for (int i = from; i < findings.size(); i++) findings.set(i, TrivyVulns.retype(findings.get(i), type, cls, distro, ctx));
            }
            r++;
        }
        if (json.parser.currentToken() != JsonToken.END_ARRAY) throw new BadInputException("Trivy JSON: \"Results\" must be an array of objects");
    }

    static Distro distro(JsonNode os, ImportContext ctx) {
        if (os == null) return null;
        String family = ctx.field(JsonInput.text(os, "Family"));
        if (family == null) return null;
        return new Distro(family.toLowerCase(Locale.ROOT), ctx.field(JsonInput.text(os, "Name")));
    }

    private static ReportSubject subject(String artifactName, String artifactType, JsonNode md, ImportContext ctx) {
        List<String> repoDigests = new ArrayList<>();
        for (String rd : JsonInput.texts(JsonInput.path(md, "RepoDigests"))) {
            String c = ctx.field(rd);
            if (c != null) repoDigests.add(c);
        }
        List<String> tags = new ArrayList<>();
        for (String t : JsonInput.texts(JsonInput.path(md, "RepoTags"))) {
            String c = ctx.field(t);
            if (c != null) tags.add(c);
        }
        Digest imageId = Normalise.digest(JsonInput.text(md, "ImageID"));
        String ref = null;
        if ("container_image".equals(artifactType) && artifactName != null && looksLikeImageRef(artifactName)) ref = artifactName;
        else if (!tags.isEmpty()) ref = tags.get(0);
        return new ReportSubject(artifactName, ref, null, repoDigests, imageId, tags);
    }

    /** An image reference rather than a path to an archive Trivy was given ({@code testdata/x.tar.gz}). */
    static boolean looksLikeImageRef(String name) {
        return !name.startsWith("/") && !name.startsWith(".") && !name.endsWith(".tar") && !name.endsWith(".tar.gz")
                && !name.endsWith(".tgz") && !name.contains(" ") && !name.contains("\\");
    }
}

/** The mapping of one Trivy {@code DetectedVulnerability}, shared with trivy-operator's PascalCase-free variant. */
final class TrivyVulns {
    private TrivyVulns() {
    }

    static ImportedFinding finding(JsonNode v, String resultType, String resultClass, Distro distro, ImportContext ctx, String where) {
        if (!v.isObject()) {
            ctx.skip("entry is not an object", where);
            return null;
        }
        String nativeId = Normalise.vulnId(ctx.field(JsonInput.text(v, "VulnerabilityID")));
        if (nativeId == null) {
            ctx.skip("no VulnerabilityID", where);
            return null;
        }
        String name = ctx.field(JsonInput.text(v, "PkgName"));
        String installed = ctx.field(JsonInput.text(v, "InstalledVersion"));
        if (name == null) {
            ctx.skip("no PkgName", where);
            return null;
        }
        String purlGiven = ctx.field(JsonInput.text(JsonInput.path(v, "PkgIdentifier"), "PURL"));
        String type = Normalise.purlType(resultType);
        if (type == null && "os-pkgs".equals(resultClass) && distro != null) type = Normalise.purlType(distro.family());
        ImportedPackage pkg = Packages.of(type, name, installed, purlGiven,
                ctx.field(JsonInput.text(v, "SrcName")), ctx.field(JsonInput.text(v, "SrcVersion")),
                ctx.field(JsonInput.text(v, "PkgPath")), distro, ctx);

        List<String> aliases = new ArrayList<>();
        for (String id : JsonInput.texts(v.get("VendorIDs"))) {
            String c = Normalise.vulnId(ctx.field(id));
            if (c != null && !c.equals(nativeId)) aliases.add(c);
        }
        String raw = ctx.field(JsonInput.text(v, "Severity"));
        Severity severity = Normalise.severity(raw);
        String source = ctx.field(JsonInput.text(v, "SeveritySource"));
        if (severity == Severity.UNKNOWN && source != null && v.path("VendorSeverity").path(source).canConvertToInt()) {
            severity = Normalise.trivyVendorSeverity(v.path("VendorSeverity").path(source).asInt());
        }
        Double score = null;
        String vector = null;
        JsonNode cvss = v.get("CVSS");
        if (cvss != null && cvss.isObject()) {
            JsonNode c = source != null && cvss.has(source) ? cvss.get(source) : cvss.has("nvd") ? cvss.get("nvd") : null;
            if (c == null) {
                Iterator<JsonNode> it = cvss.elements();
                if (it.hasNext()) c = it.next();
            }
            if (c != null) {
                for (String[] sv : new String[][]{{"V40Score", "V40Vector"}, {"V3Score", "V3Vector"}, {"V2Score", "V2Vector"}}) {
                    Double s = JsonInput.number(c, sv[0]);
                    if (s != null) {
                        score = s;
                        vector = ctx.field(JsonInput.text(c, sv[1]));
                        break;
                    }
                }
            }
        }
        List<String> fixed = splitVersions(ctx.field(JsonInput.text(v, "FixedVersion")));
        var status = Normalise.status(JsonInput.text(v, "Status"));
        if (status == null) status = fixed.isEmpty() ? null : dev.drydock.model.FindingStatus.FIXED;
        return new ImportedFinding(nativeId, nativeId, aliases, pkg, severity, raw, source, score, vector, fixed, status,
                ctx.text(JsonInput.text(v, "Title")), ctx.text(JsonInput.text(v, "Description")), null);
    }

    /** The finding with its package rebuilt for a result type learnt after it was read. */
    static ImportedFinding retype(ImportedFinding f, String resultType, String resultClass, Distro distro, ImportContext ctx) {
        if (f.pkg().purl() != null && f.pkg().purlType() != null) return f;
        String type = Normalise.purlType(resultType);
        if (type == null && "os-pkgs".equals(resultClass) && distro != null) type = Normalise.purlType(distro.family());
        ImportedPackage p = f.pkg();
        ImportedPackage np = Packages.of(type, p.name(), p.version(), null, p.sourceName(), p.sourceVersion(), p.path(), distro, ctx);
        return new ImportedFinding(f.vulnerabilityId(), f.nativeId(), f.aliases(), np, f.severity(), f.rawSeverity(), f.severitySource(),
                f.cvssScore(), f.cvssVector(), f.fixedVersions(), f.status(), f.title(), f.description(), f.assessment());
    }

    /** Trivy joins several fixed versions with ", " ({@code 2.12.7.1, 2.13.4.2}). */
    static List<String> splitVersions(String s) {
        if (s == null) return List.of();
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
