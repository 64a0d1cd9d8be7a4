package dev.drydock.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.image.BadInputException;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 from any scanner. SARIF has no field for a package, so drydock reads what the container scanners
 * that write SARIF put in their text: {@code Package:}, {@code Installed Version:} / {@code Version:},
 * {@code Fixed Version:} / {@code Fix Version:}, {@code Type:} and {@code Severity:} lines in the result's message
 * and the rule's help (Trivy and Grype both do), and the package-url in {@code properties.purl} when a tool gives
 * one. The vulnerability id is the rule id when it is one, else the first id in the rule id or help text. Severity:
 * the rule's {@code properties.security-severity} score (GitHub's convention), else a {@code Severity:} line, else
 * the SARIF level. Results that name no vulnerability or no package (code-scanning rules) are skipped and counted.
 */
public final class SarifImporter implements ReportImporter {
    @Override
    public String formatName() {
        return "SARIF";
    }

    @Override
    public String formatId() {
        return "sarif";
    }

    @Override
    public ImportedReport read(InputStream in, ImportLimits limits) {
        ImportContext ctx = new ImportContext(limits);
        JsonNode root;
        try (JsonInput json = JsonInput.open(in, limits, "SARIF")) {
            json.expectObject();
            root = json.tree();
            json.expectEnd();
        }
        String version = JsonInput.text(root, "version");
        if (version != null && !version.equals("2.1.0")) throw new BadInputException("SARIF version " + ctx.field(version) + " is not supported; drydock reads SARIF 2.1.0");
        JsonNode runs = root.get("runs");
        if (runs == null || !runs.isArray()) throw new BadInputException("SARIF has no \"runs\" array");
        List<ImportedScan> scans = new ArrayList<>();
        String tool = null, toolVersion = null;
        int r = 0;
        for (JsonNode run : runs) {
            JsonNode driver = JsonInput.path(run, "tool", "driver");
            if (tool == null) {
                tool = ctx.field(JsonInput.text(driver, "name"));
                toolVersion = ctx.field(JsonInput.text(driver, "version"));
            }
            Map<String, JsonNode> rules = new HashMap<>();
            List<JsonNode> ruleList = new ArrayList<>();
            JsonNode rs = driver == null ? null : driver.get("rules");
            if (rs != null && rs.isArray()) for (JsonNode rule : rs) {
                ruleList.add(rule);
                String id = JsonInput.text(rule, "id");
                if (id != null) rules.putIfAbsent(id, rule);
            }
            List<ImportedFinding> findings = new ArrayList<>();
            JsonNode results = run.get("results");
            if (results != null && results.isArray()) {
                int i = 0;
                for (JsonNode res : results) {
                    String where = "runs[" + r + "].results[" + i++ + "]";
                    ctx.countFinding();
                    JsonNode rule = null;
                    String ruleId = JsonInput.text(res, "ruleId");
                    if (ruleId != null) rule = rules.get(ruleId);
                    JsonNode idx = res.get("ruleIndex");
                    if (rule == null && idx != null && idx.canConvertToInt() && idx.asInt() >= 0 && idx.asInt() < ruleList.size()) rule = ruleList.get(idx.asInt());
                    ImportedFinding f = finding(res, rule, ruleId, ctx, where);
                    if (f != null) findings.add(f);
                }
            }
            scans.add(new ImportedScan(subject(run, ctx), null, findings));
            r++;
        }
        return new ImportedReport("sarif", tool, toolVersion, scans, ctx.warnings(), ctx.skipped);
    }

    /** Trivy puts the image in {@code runs[].properties} (imageName, imageID, repoDigests, repoTags). */
    private static ReportSubject subject(JsonNode run, ImportContext ctx) {
        JsonNode p = run.get("properties");
        if (p == null || !p.isObject()) return ReportSubject.named(null);
        String name = ctx.field(JsonInput.text(p, "imageName"));
        List<String> tags = JsonInput.texts(p.get("repoTags")).stream().map(ctx::field).filter(t -> t != null).toList();
        List<String> digests = JsonInput.texts(p.get("repoDigests")).stream().map(ctx::field).filter(t -> t != null).toList();
        String ref = name != null && TrivyJsonImporter.looksLikeImageRef(name) ? name : tags.isEmpty() ? null : tags.get(0);
        return new ReportSubject(name, ref, null, digests, Normalise.digest(JsonInput.text(p, "imageID")), tags);
    }

    private static ImportedFinding finding(JsonNode res, JsonNode rule, String ruleId, ImportContext ctx, String where) {
        Map<String, String> lines = new HashMap<>();
        // the result's own message first: Trivy writes the installed version only there
        keyValues(JsonInput.text(JsonInput.path(res, "message"), "text"), lines);
        keyValues(JsonInput.text(JsonInput.path(rule, "help"), "text"), lines);
        String vulnLine = lines.get("vulnerability");
        String id = null;
        if (ruleId != null && Normalise.looksLikeVulnId(ruleId)) id = Normalise.vulnId(ruleId);
        if (id == null && vulnLine != null) id = Normalise.findVulnId(vulnLine);
        if (id == null) id = Normalise.findVulnId(ruleId);
        if (id == null) {
            ctx.skip("not a vulnerability (rule id names none)", where);
            return null;
        }
        id = ctx.field(id);
        String purl = ctx.field(JsonInput.text(res.get("properties"), "purl"));
        String name = ctx.field(lines.get("package"));
        if (name == null && purl == null) {
            ctx.skip("no package named", where);
            return null;
        }
        String version = ctx.field(lines.getOrDefault("installed version", lines.get("version")));
        String fixedText = lines.getOrDefault("fixed version", lines.get("fix version"));
        List<String> fixed = TrivyVulns.splitVersions(ctx.field(fixedText));
        ImportedPackage pkg = Packages.of(Normalise.purlType(lines.get("type")), name, version, purl, null, null, null, null, ctx);
        if (name == null) pkg = new ImportedPackage(pkg.purlType(), pkg.namespace(), Normalise.parsePurl(purl) == null ? purl : Normalise.parsePurl(purl).getName(), pkg.version(), null, null, pkg.purl(), null);

        Severity severity = Severity.UNKNOWN;
        String raw = null, source = null;
        Double score = JsonInput.number(JsonInput.path(rule, "properties"), "security-severity");
        if (score != null) {
            severity = Severity.ofCvssScore(score);
            raw = ctx.field(JsonInput.text(JsonInput.path(rule, "properties"), "security-severity"));
            source = "security-severity";
        }
        if (severity == Severity.UNKNOWN && lines.get("severity") != null) {
            raw = ctx.field(lines.get("severity"));
            severity = Normalise.severity(raw);
            source = null;
        }
        if (severity == Severity.UNKNOWN) {
            String level = JsonInput.text(res, "level");
            if (level == null) level = JsonInput.text(JsonInput.path(rule, "defaultConfiguration"), "level");
            if (level != null) {
                raw = ctx.field(level);
                source = "sarif-level";
                severity = switch (level.toLowerCase(Locale.ROOT)) {
                    case "error" -> Severity.HIGH;
                    case "warning" -> Severity.MEDIUM;
                    case "note" -> Severity.LOW;
                    default -> Severity.UNKNOWN;
                };
            }
        }
        String title = JsonInput.text(JsonInput.path(rule, "shortDescription"), "text");
        String desc = JsonInput.text(JsonInput.path(rule, "fullDescription"), "text");
        return new ImportedFinding(id, id, List.of(), pkg, severity, raw, source, score, null, fixed,
                fixed.isEmpty() ? null : FindingStatus.FIXED, ctx.text(title), ctx.text(desc), null);
    }

    /** {@code Key: value} lines, keys lower-cased; the first occurrence of a key wins. */
    static void keyValues(String text, Map<String, String> out) {
        if (text == null) return;
        int lines = 0;
        for (String line : text.split("\n")) {
            if (++lines > 64) break;
            int colon = line.indexOf(':');
            if (colon <= 0 || colon > 40) {
                if (line.startsWith("Vulnerability ")) out.putIfAbsent("vulnerability", line.substring(14).strip());
                continue;
            }
            String key = line.substring(0, colon).strip().replace("*", "").toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (!value.isEmpty()) out.putIfAbsent(key, value);
        }
    }
}
