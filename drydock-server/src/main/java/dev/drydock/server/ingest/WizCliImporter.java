package dev.drydock.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.image.BadInputException;
import dev.drydock.model.FindingStatus;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * wizcli's JSON output ({@code wizcli docker scan -f json}, {@code wizcli dir scan}). Vulnerabilities are under
 * {@code result.osPackages[]}, {@code result.libraries[]}, {@code result.applications[]} and {@code result.cpes[]},
 * each with {@code vulnerabilities[]}. wizcli names no package ecosystem: OS packages keep no purl type (matched
 * by name and version against the image's inventory); libraries get one from the lock file they were found in.
 * Secrets, IaC rule matches and policy results are not vulnerabilities and are ignored. Read as one bounded tree:
 * wizcli reports hold the findings of one image.
 */
public final class WizCliImporter implements ReportImporter {
    @Override
    public String formatName() {
        return "wizcli JSON";
    }

    @Override
    public String formatId() {
        return "wizcli";
    }

    @Override
    public ImportedReport read(InputStream in, ImportLimits limits) {
        ImportContext ctx = new ImportContext(limits);
        JsonNode root;
        try (JsonInput json = JsonInput.open(in, limits, "wizcli JSON")) {
            json.expectObject();
            root = json.tree();
            json.expectEnd();
        }
        JsonNode result = root.get("result");
        if (result == null || !result.isObject()) {
            if (root.has("result")) return new ImportedReport("wizcli", "wizcli", null, List.of(new ImportedScan(subject(root, ctx), null, List.of())), ctx.warnings(), ctx.skipped);
            throw new BadInputException("wizcli JSON has no \"result\" object");
        }
        if (result.has("ruleMatches") && !result.has("osPackages") && !result.has("libraries")) {
            ctx.warn("wizcli IaC scan: rule matches are not vulnerabilities and are not imported");
        }
        List<ImportedFinding> findings = new ArrayList<>();
        for (String kind : new String[]{"osPackages", "libraries", "applications", "cpes"}) {
            JsonNode list = result.get(kind);
            if (list == null || list.isNull()) continue;
            if (!list.isArray()) {
                ctx.skip("\"" + kind + "\" is not an array", "result." + kind);
                continue;
            }
            int p = 0;
            for (JsonNode pkgNode : list) {
                String where = "result." + kind + "[" + p++ + "]";
                String name = ctx.field(JsonInput.text(pkgNode, "name"));
                JsonNode vulns = pkgNode.get("vulnerabilities");
                if (vulns == null || !vulns.isArray()) continue;
                if (name == null) {
                    for (JsonNode ignored : vulns) ctx.skip("package without a name", where);
                    continue;
                }
                String path = ctx.field(JsonInput.text(pkgNode, "path"));
                String type = kind.equals("osPackages") ? null : Packages.guessLibraryType(name, path);
                ImportedPackage pkg = Packages.of(type, name, ctx.field(JsonInput.text(pkgNode, "version")), null, null, null, path, null, ctx);
                int i = 0;
                for (JsonNode v : vulns) {
                    ctx.countFinding();
                    ImportedFinding f = finding(v, pkg, ctx, where + ".vulnerabilities[" + i++ + "]");
                    if (f != null) findings.add(f);
                }
            }
        }
        return new ImportedReport("wizcli", "wizcli", null, List.of(new ImportedScan(subject(root, ctx), null, findings)), ctx.warnings(), ctx.skipped);
    }

    private static ReportSubject subject(JsonNode root, ImportContext ctx) {
        JsonNode origin = root.get("scanOriginResource");
        String name = ctx.field(JsonInput.text(origin, "name"));
        String digestText = ctx.field(JsonInput.text(origin, "digest"));
        var digest = Normalise.digest(digestText);
        boolean image = "CICDScanOriginContainerImage".equals(JsonInput.text(origin, "__typename"));
        return new ReportSubject(name, image ? name : null, digest, List.of(), null, List.of());
    }

    private static ImportedFinding finding(JsonNode v, ImportedPackage pkg, ImportContext ctx, String where) {
        String id = Normalise.vulnId(ctx.field(JsonInput.text(v, "name")));
        if (id == null) {
            ctx.skip("no vulnerability id", where);
            return null;
        }
        List<String> aliases = new ArrayList<>();
        String sourceId = Normalise.findVulnId(JsonInput.text(v, "source"));
        if (sourceId != null && !sourceId.equals(id)) aliases.add(sourceId);
        String joinId = Normalise.joinId(id, aliases);
        if (!joinId.equals(id)) {
            aliases.remove(joinId);
            aliases.add(0, id);
        }
        String raw = ctx.field(JsonInput.text(v, "severity"));
        List<String> fixed = TrivyVulns.splitVersions(ctx.field(JsonInput.text(v, "fixedVersion")));
        return new ImportedFinding(joinId, id, aliases, pkg, Normalise.severity(raw), raw, "wiz", JsonInput.number(v, "score"), null, fixed,
                fixed.isEmpty() ? FindingStatus.AFFECTED : FindingStatus.FIXED, null, ctx.text(JsonInput.text(v, "description")), null);
    }
}
