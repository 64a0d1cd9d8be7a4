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
 * CycloneDX JSON with {@code vulnerabilities[]} (a VDR, or a VEX with {@code analysis}): each vulnerability
 * affects components by {@code affects[].ref}, resolved against {@code components[]} (nested ones included) by
 * {@code bom-ref}; a ref that is itself a purl or a BOM-Link ({@code urn:cdx:...#pkg:...}) is used as the purl
 * when no component matches. Severity: the rating whose source is the vulnerability's own source, else the
 * highest-ranked rating with a severity. {@code analysis.state} becomes an {@link Assessment}. The subject is
 * {@code metadata.component} (a container component's name and the digest in its purl or hashes).
 */
public final class CycloneDxVdrImporter implements ReportImporter {
    @Override
    public String formatName() {
        return "CycloneDX VDR/VEX";
    }

    @Override
    public String formatId() {
        return "cyclonedx";
    }

    private record Component(String name, String version, String purl) {
    }

    @Override
    public ImportedReport read(InputStream in, ImportLimits limits) {
        ImportContext ctx = new ImportContext(limits);
        JsonNode root;
        try (JsonInput json = JsonInput.open(in, limits, "CycloneDX")) {
            json.expectObject();
            root = json.tree();
            json.expectEnd();
        }
        if (!"CycloneDX".equals(JsonInput.text(root, "bomFormat"))) throw new BadInputException("not a CycloneDX JSON document: bomFormat is not \"CycloneDX\"");
        Map<String, Component> byRef = new HashMap<>();
        collect(root.get("components"), byRef, ctx, 0);
        JsonNode meta = JsonInput.path(root, "metadata", "component");
        if (meta != null) collect(List.of(meta), byRef, ctx);
        JsonNode vulns = root.get("vulnerabilities");
        if (vulns == null || !vulns.isArray()) throw new BadInputException("CycloneDX document has no \"vulnerabilities\" array: it is an SBOM, not a VDR or VEX");
        List<ImportedFinding> findings = new ArrayList<>();
        int i = 0;
        for (JsonNode v : vulns) {
            String where = "vulnerabilities[" + i++ + "]";
            String id = Normalise.vulnId(ctx.field(JsonInput.text(v, "id")));
            if (id == null) {
                ctx.skip("no vulnerability id", where);
                continue;
            }
            JsonNode affects = v.get("affects");
            if (affects == null || !affects.isArray() || affects.isEmpty()) {
                ctx.skip("affects no component", where);
                continue;
            }
            for (JsonNode a : affects) {
                ctx.countFinding();
                String ref = ctx.field(JsonInput.text(a, "ref"));
                Component c = ref == null ? null : byRef.get(ref);
                if (c == null && ref != null) {
                    int hash = ref.indexOf("#pkg:");
                    String p = ref.startsWith("pkg:") ? ref : hash >= 0 ? ref.substring(hash + 1) : null;
                    var parsed = Normalise.parsePurl(p);
                    if (parsed != null) c = new Component(parsed.getName(), parsed.getVersion(), p);
                }
                if (c == null || c.name() == null) {
                    ctx.skip("affects a component not in the document", where);
                    continue;
                }
                ImportedPackage pkg = Packages.of(null, c.name(), c.version(), c.purl(), null, null, null, null, ctx);
                findings.add(finding(v, id, pkg, ctx));
            }
        }
        String tool = null, toolVersion = null;
        JsonNode tools = JsonInput.path(root, "metadata", "tools");
        JsonNode firstTool = tools == null ? null : tools.isArray() ? tools.get(0) : JsonInput.path(tools, "components") != null ? tools.get("components").get(0) : null;
        if (firstTool != null) {
            tool = ctx.field(JsonInput.text(firstTool, "name"));
            toolVersion = ctx.field(JsonInput.text(firstTool, "version"));
        }
        return new ImportedReport("cyclonedx", tool, toolVersion, List.of(new ImportedScan(subject(meta, ctx), null, findings)), ctx.warnings(), ctx.skipped);
    }

    private static void collect(JsonNode components, Map<String, Component> byRef, ImportContext ctx, int depth) {
        if (components == null || !components.isArray() || depth > 32) return;
        List<JsonNode> list = new ArrayList<>();
        components.forEach(list::add);
        collect(list, byRef, ctx);
        for (JsonNode c : components) collect(c.get("components"), byRef, ctx, depth + 1);
    }

    private static void collect(List<JsonNode> components, Map<String, Component> byRef, ImportContext ctx) {
        for (JsonNode c : components) {
            String ref = ctx.field(JsonInput.text(c, "bom-ref"));
            Component comp = new Component(ctx.field(JsonInput.text(c, "name")), ctx.field(JsonInput.text(c, "version")), ctx.field(JsonInput.text(c, "purl")));
            if (ref != null) byRef.putIfAbsent(ref, comp);
            if (comp.purl() != null) byRef.putIfAbsent(comp.purl(), comp);
        }
    }

    private static ReportSubject subject(JsonNode meta, ImportContext ctx) {
        if (meta == null) return ReportSubject.named(null);
        String name = ctx.field(JsonInput.text(meta, "name"));
        String version = ctx.field(JsonInput.text(meta, "version"));
        if (!"container".equals(JsonInput.text(meta, "type"))) return ReportSubject.named(name);
        var digest = Normalise.digest(version);
        var purl = Normalise.parsePurl(JsonInput.text(meta, "purl"));
        if (digest == null && purl != null && "oci".equals(purl.getType())) digest = Normalise.digest(purl.getVersion());
        String ref = name != null && digest == null && version != null ? name + ":" + version : name;
        return new ReportSubject(name, ref, digest, List.of(), null, List.of());
    }

    private static ImportedFinding finding(JsonNode v, String id, ImportedPackage pkg, ImportContext ctx) {
        List<String> aliases = new ArrayList<>();
        JsonNode refs = v.get("references");
        if (refs != null && refs.isArray()) for (JsonNode r : refs) {
            String rid = Normalise.vulnId(ctx.field(JsonInput.text(r, "id")));
            if (rid != null && !rid.equals(id) && !aliases.contains(rid)) aliases.add(rid);
        }
        String joinId = Normalise.joinId(id, aliases);
        if (!joinId.equals(id)) {
            aliases.remove(joinId);
            aliases.add(0, id);
        }
        String ownSource = JsonInput.text(v.get("source"), "name");
        JsonNode pick = null;
        JsonNode ratings = v.get("ratings");
        if (ratings != null && ratings.isArray()) {
            for (JsonNode r : ratings) {
                if (JsonInput.text(r, "severity") == null && JsonInput.number(r, "score") == null) continue;
                String src = JsonInput.text(r.get("source"), "name");
                if (ownSource != null && ownSource.equalsIgnoreCase(src)) {
                    pick = r;
                    break;
                }
                if (pick == null || rank(r) > rank(pick)) pick = r;
            }
        }
        Severity severity = Severity.UNKNOWN;
        String raw = null, source = null, vector = null;
        Double score = null;
        if (pick != null) {
            raw = ctx.field(JsonInput.text(pick, "severity"));
            score = JsonInput.number(pick, "score");
            severity = raw != null ? Normalise.severity(raw) : score != null ? Severity.ofCvssScore(score) : Severity.UNKNOWN;
            source = ctx.field(JsonInput.text(pick.get("source"), "name"));
            if (source != null) source = source.toLowerCase(Locale.ROOT);
            vector = ctx.field(JsonInput.text(pick, "vector"));
        }
        Assessment assessment = null;
        FindingStatus status = null;
        JsonNode analysis = v.get("analysis");
        if (analysis != null && analysis.isObject()) {
            var state = Assessment.State.parse(JsonInput.text(analysis, "state"));
            if (state != null) {
                List<String> responses = JsonInput.texts(analysis.get("response")).stream().map(ctx::field).filter(x -> x != null).toList();
                assessment = new Assessment(state, ctx.field(JsonInput.text(analysis, "justification")), responses, ctx.text(JsonInput.text(analysis, "detail")));
                status = switch (state) {
                    case NOT_AFFECTED, FALSE_POSITIVE -> FindingStatus.NOT_AFFECTED;
                    case RESOLVED, RESOLVED_WITH_PEDIGREE -> FindingStatus.FIXED;
                    default -> responses.contains("will_not_fix") ? FindingStatus.WILL_NOT_FIX : FindingStatus.AFFECTED;
                };
            }
        }
        return new ImportedFinding(joinId, id, aliases, pkg, severity, raw, source, score, vector, List.of(), status,
                null, ctx.text(JsonInput.text(v, "description")), assessment);
    }

    /** Prefers a CVSS rating with a score over a bare word. */
    private static int rank(JsonNode r) {
        String m = JsonInput.text(r, "method");
        int base = m == null ? 0 : m.startsWith("CVSSv4") ? 4 : m.startsWith("CVSSv3") ? 3 : m.startsWith("CVSSv2") ? 2 : 1;
        return base * 2 + (JsonInput.number(r, "score") != null ? 1 : 0);
    }
}
