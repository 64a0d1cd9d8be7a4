package dev.drydock.server.ingest;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.image.BadInputException;
import dev.drydock.model.Digest;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * trivy-operator's {@code VulnerabilityReport} custom resources, as {@code kubectl get vulnerabilityreports -o json}
 * writes them: one resource, a {@code List} of them ({@code items}), or a dict keyed by CRD plural (DefectDojo's
 * "all reports" dump) whose other report kinds are ignored. Each resource is one scan of one container's image:
 * {@code report.registry.server} + {@code report.artifact.repository} + tag, and {@code report.artifact.digest}
 * when the operator resolved it. Resources are read one at a time.
 */
public final class TrivyOperatorImporter implements ReportImporter {
    static final String CRD_PLURAL = "vulnerabilityreports.aquasecurity.github.io";

    @Override
    public String formatName() {
        return "trivy-operator VulnerabilityReport";
    }

    @Override
    public String formatId() {
        return "trivy-operator";
    }

    @Override
    public ImportedReport read(InputStream in, ImportLimits limits) {
        ImportContext ctx = new ImportContext(limits);
        List<ImportedScan> scans = new ArrayList<>();
        String[] scanner = new String[2];
        String kind = null;
        JsonNode metadata = null;
        JsonNode single = null;
        try (JsonInput json = JsonInput.open(in, limits, "trivy-operator report")) {
            json.expectObject();
            while (json.next() == JsonToken.FIELD_NAME) {
                String field = json.name();
                JsonToken t = json.next();
                switch (field) {
                    case "kind" -> kind = ctx.field(json.tree().asText());
                    case "metadata" -> metadata = json.tree();
                    case "report" -> single = json.tree();
                    case "items", CRD_PLURAL -> {
                        int[] i = {0};
                        json.eachElement(item -> {
                            String where = field + "[" + i[0]++ + "]";
                            if (!"VulnerabilityReport".equals(JsonInput.text(item, "kind")) && !item.has("report")) {
                                ctx.skip("not a VulnerabilityReport", where);
                                return;
                            }
                            ImportedScan s = scan(item.get("report"), item.get("metadata"), ctx, where, scanner);
                            if (s != null) scans.add(s);
                        });
                    }
                    default -> json.skip();
                }
            }
            json.expectEnd();
        }
        if (single != null) {
            if (kind != null && !kind.equals("VulnerabilityReport")) throw new BadInputException("trivy-operator report of kind " + kind + " holds no vulnerabilities; drydock imports VulnerabilityReport");
            ImportedScan s = scan(single, metadata, ctx, "report", scanner);
            if (s != null) scans.add(s);
        } else if (kind != null && !kind.endsWith("List") && !kind.equals("VulnerabilityReport")) {
            throw new BadInputException("trivy-operator resource of kind " + kind + " holds no vulnerabilities; drydock imports VulnerabilityReport");
        }
        return new ImportedReport("trivy", scanner[0] != null ? scanner[0] : "Trivy", scanner[1], scans, ctx.warnings(), ctx.skipped);
    }

    private static ImportedScan scan(JsonNode report, JsonNode metadata, ImportContext ctx, String where, String[] scanner) {
        if (report == null || !report.isObject()) {
            ctx.skip("VulnerabilityReport without report", where);
            return null;
        }
        if (scanner[0] == null) {
            scanner[0] = ctx.field(JsonInput.text(report.get("scanner"), "name"));
            scanner[1] = ctx.field(JsonInput.text(report.get("scanner"), "version"));
        }
        JsonNode artifact = report.get("artifact");
        String server = ctx.field(JsonInput.text(report.get("registry"), "server"));
        String repo = ctx.field(JsonInput.text(artifact, "repository"));
        String tag = ctx.field(JsonInput.text(artifact, "tag"));
        String digestText = ctx.field(JsonInput.text(artifact, "digest"));
        Digest digest = Normalise.digest(digestText);
        if (digestText != null && digest == null) ctx.warn(where + ": malformed image digest left out: " + digestText);
        String ref = null;
        if (repo != null) {
            String host = server == null || server.equals("index.docker.io") || server.equals("registry-1.docker.io") ? "docker.io" : server;
            ref = host + "/" + repo + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
        }
        String name = ctx.field(JsonInput.text(metadata, "name"));
        ReportSubject subject = new ReportSubject(name != null ? name : ref, ref, digest, List.of(), null, tag != null && ref != null ? List.of(ref.split("@")[0]) : List.of());
        Distro distro = null;
        String family = ctx.field(JsonInput.text(report.get("os"), "family"));
        if (family != null) distro = new Distro(family.toLowerCase(Locale.ROOT), ctx.field(JsonInput.text(report.get("os"), "name")));
        List<ImportedFinding> findings = new ArrayList<>();
        JsonNode vulns = report.get("vulnerabilities");
        if (vulns != null && vulns.isArray()) {
            int i = 0;
            for (JsonNode v : vulns) {
                ctx.countFinding();
                ImportedFinding f = finding(v, distro, ctx, where + ".vulnerabilities[" + i++ + "]");
                if (f != null) findings.add(f);
            }
        }
        return new ImportedScan(subject, distro, findings);
    }

    private static ImportedFinding finding(JsonNode v, Distro distro, ImportContext ctx, String where) {
        if (!v.isObject()) {
            ctx.skip("entry is not an object", where);
            return null;
        }
        String id = Normalise.vulnId(ctx.field(JsonInput.text(v, "vulnerabilityID")));
        if (id == null) {
            ctx.skip("no vulnerabilityID", where);
            return null;
        }
        String name = ctx.field(JsonInput.text(v, "resource"));
        if (name == null) {
            ctx.skip("no resource (package name)", where);
            return null;
        }
        // packageType/class came with trivy-operator 0.18; older reports do not say which ecosystem a package is from
        String type = Normalise.purlType(JsonInput.text(v, "packageType"));
        if (type == null && "os-pkgs".equals(JsonInput.text(v, "class")) && distro != null) type = Normalise.purlType(distro.family());
        ImportedPackage pkg = Packages.of(type, name, ctx.field(JsonInput.text(v, "installedVersion")),
                ctx.field(JsonInput.text(v, "pkgPURL")), null, null, ctx.field(JsonInput.text(v, "pkgPath")), distro, ctx);
        String raw = ctx.field(JsonInput.text(v, "severity"));
        Severity severity = Normalise.severity(raw);
        List<String> fixed = TrivyVulns.splitVersions(ctx.field(JsonInput.text(v, "fixedVersion")));
        return new ImportedFinding(id, id, List.of(), pkg, severity, raw, null, JsonInput.number(v, "score"), null, fixed,
                fixed.isEmpty() ? FindingStatus.AFFECTED : FindingStatus.FIXED,
                ctx.text(JsonInput.text(v, "title")), ctx.text(JsonInput.text(v, "description")), null);
    }
}
