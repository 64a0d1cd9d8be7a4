package dev.drydock.report;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.model.Finding;
import dev.drydock.model.Severity;
import dev.drydock.model.Suppression;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one rule per vulnerability id, one result per finding in
 * each package. Suppressed findings are results too, carrying a {@code suppressions} entry, so an upload
 * closes the alert instead of losing track of it.
 *
 * <p>What GitHub uses, and how drydock fills it: {@code properties.security-severity} (a CVSS score as a
 * string; GitHub ranks alerts critical/high/medium/low from it) and {@code tags} including
 * {@code security} on the rule; {@code level} on the result; the location's URI is the file inside the
 * image that recorded the package (the dpkg status file, the jar), or the image reference when unknown.
 * GitHub's hard limits (25,000 results and rules per run, 20 tags per rule) are kept; what does not fit
 * is counted in a tool notification.
 */
public final class SarifReportWriter implements ReportWriter {
    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    static final int MAX_RESULTS = 25_000;
    private static final int MAX_TAGS = 20;
    private static final int MAX_CWE_TAGS = 10;
    private static final int SHORT_TEXT = 200;
    private static final int LONG_TEXT = 4_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter JSON = ReportText.PRETTY_JSON;

    @Override
    public void write(ScanReport r, OutputStream out) throws IOException {
        JSON.writeValue(out, toSarif(r));
        out.write('\n');
        out.flush();
    }

    ObjectNode toSarif(ScanReport r) {
        List<Finding> findings = r.findings();
        int left = Math.max(0, findings.size() - MAX_RESULTS);
        if (left > 0) findings = findings.subList(0, MAX_RESULTS);

        // Rules in order of first appearance; the report is most severe first, so are the rules.
        Map<String, List<Finding>> byId = new LinkedHashMap<>();
        for (Finding f : findings) byId.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(f);
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ArrayNode rules = NODES.arrayNode();
        for (Map.Entry<String, List<Finding>> e : byId.entrySet()) {
            ruleIndex.put(e.getKey(), rules.size());
            rules.add(rule(e.getValue()));
        }
        ArrayNode results = NODES.arrayNode();
        for (Finding f : findings) results.add(result(f, ruleIndex.get(f.id()), r));

        ObjectNode driver = NODES.objectNode();
        driver.put("name", "drydock");
        if (r.toolVersion() != null) driver.put("version", r.toolVersion());
        driver.set("rules", rules);
        ObjectNode run = NODES.objectNode();
        run.putObject("tool").set("driver", driver);
        run.set("invocations", NODES.arrayNode().add(invocation(r, left)));
        run.set("results", results);
        run.put("columnKind", "utf16CodeUnits");
        ObjectNode props = run.putObject("properties");
        if (r.image().reference() != null) props.put("imageReference", r.image().reference());
        if (r.image().manifestDigest() != null) props.put("imageDigest", r.image().manifestDigest().toString());
        props.put("dbBuiltAt", r.db().builtAt().toString());
        props.put("gate", JsonReportWriter.verdict(r.gate()));

        ObjectNode log = NODES.objectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        log.set("runs", NODES.arrayNode().add(run));
        return log;
    }

    private static ObjectNode invocation(ScanReport r, int left) {
        ObjectNode inv = NODES.objectNode();
        inv.put("executionSuccessful", true);
        ArrayNode notes = NODES.arrayNode();
        for (String w : r.warnings()) notes.add(notification("warning", ReportText.terminal(w, LONG_TEXT)));
        if (left > 0) {
            notes.add(notification("error", left + " finding(s) left out: GitHub code scanning accepts at most "
                    + MAX_RESULTS + " results per run; the JSON report has all of them"));
        }
        if (!notes.isEmpty()) inv.set("toolExecutionNotifications", notes);
        return inv;
    }

    private static ObjectNode notification(String level, String text) {
        ObjectNode n = NODES.objectNode();
        n.put("level", level);
        n.putObject("message").put("text", text);
        return n;
    }

    /** The rule for one vulnerability id, from every finding that has it (a CVE can hit several packages). */
    private static ObjectNode rule(List<Finding> findings) {
        Finding worst = findings.get(0);
        for (Finding f : findings) if (f.severity().compareTo(worst.severity()) > 0) worst = f;
        ObjectNode rule = NODES.objectNode();
        rule.put("id", worst.id());
        String title = worst.title() != null ? ReportText.terminal(worst.title(), SHORT_TEXT) : worst.id();
        rule.putObject("shortDescription").put("text", title);
        String full = worst.description() != null ? ReportText.paragraph(worst.description(), LONG_TEXT) : title;
        rule.putObject("fullDescription").put("text", full.isBlank() ? worst.id() : full);
        String url = ReportText.vulnerabilityUrl(worst);
        if (url != null) rule.put("helpUri", url);
        ObjectNode help = rule.putObject("help");
        help.put("text", helpText(worst, findings, full, url));
        help.put("markdown", helpMarkdown(worst, findings, full, url));
        rule.putObject("defaultConfiguration").put("level", level(worst.severity()));

        ObjectNode props = rule.putObject("properties");
        ArrayNode tags = props.putArray("tags");
        tags.add("vulnerability").add("security").add(worst.severity().id());
        // CodeQL's convention for weaknesses; GitHub shows them as filterable tags.
        for (Integer cwe : ReportText.cweNumbers(worst.cwes()).stream().limit(Math.min(MAX_CWE_TAGS, MAX_TAGS - 3)).toList()) {
            tags.add("external/cwe/cwe-" + cwe);
        }
        Double score = ReportText.score(worst);
        if (score != null) props.put("security-severity", String.format(Locale.ROOT, "%.1f", score));
        return rule;
    }

    private static ObjectNode result(Finding f, int ruleIndex, ScanReport r) {
        ObjectNode result = NODES.objectNode();
        result.put("ruleId", f.id());
        result.put("ruleIndex", ruleIndex);
        result.put("level", level(f.severity()));
        result.putObject("message").put("text", message(f));

        ObjectNode physical = NODES.objectNode();
        physical.putObject("artifactLocation").put("uri", locationUri(f, r));
        physical.putObject("region").put("startLine", 1);
        ObjectNode location = NODES.objectNode();
        location.set("physicalLocation", physical);
        if (f.pkg().purl() != null) {
            location.set("logicalLocations", NODES.arrayNode().add(NODES.objectNode()
                    .put("fullyQualifiedName", f.pkg().purl()).put("kind", "package")));
        }
        result.set("locations", NODES.arrayNode().add(location));

        ObjectNode props = result.putObject("properties");
        if (f.pkg().purl() != null) props.put("purl", f.pkg().purl());
        if (f.pkg().name() != null) props.put("package", f.pkg().name());
        if (f.installedVersion() != null) props.put("installedVersion", f.installedVersion());
        ArrayNode fixed = props.putArray("fixedVersions");
        f.fixedVersions().forEach(fixed::add);
        props.put("status", f.status().id());
        props.put("severity", f.severity().id());
        if (f.severitySource() != null) props.put("severitySource", f.severitySource());
        if (f.pkg().layerDiffId() != null) props.put("layerDiffId", f.pkg().layerDiffId().toString());

        Suppression s = f.suppression();
        if (s != null) {
            ObjectNode sup = NODES.objectNode();
            sup.put("kind", "external");
            sup.put("status", "accepted");
            String justification = s.kind().id() + ": " + s.reason() + (s.origin() == null ? "" : " (" + s.origin() + ")")
                    + (s.expires() == null ? "" : ", until " + s.expires());
            sup.put("justification", ReportText.terminal(justification, LONG_TEXT));
            result.set("suppressions", NODES.arrayNode().add(sup));
        }
        return result;
    }

    /** error for critical and high, warning for medium, note below: GitHub's "error" fails a check run. */
    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, NEGLIGIBLE, UNKNOWN -> "note";
        };
    }

    private static String message(Finding f) {
        String pkg = ReportText.terminal(f.pkg().name(), 200) + " " + ReportText.terminal(f.installedVersion(), 200);
        String fix = f.fixedVersions().isEmpty() ? "no fixed version (" + f.status().id() + ")"
                : "fixed in " + ReportText.terminal(String.join(", ", f.fixedVersions()), 200);
        return "Package " + pkg + " is affected by " + ReportText.terminal(f.id(), 100) + " (" + f.severity().id() + "); " + fix + ".";
    }

    private static String helpText(Finding worst, List<Finding> all, String full, String url) {
        StringBuilder sb = new StringBuilder();
        sb.append("Vulnerability ").append(worst.id()).append(" (").append(worst.severity().id()).append(")\n\n");
        sb.append(full).append("\n\n");
        for (Finding f : all) {
            sb.append("Package: ").append(ReportText.terminal(f.pkg().name(), 200)).append(' ')
                    .append(ReportText.terminal(f.installedVersion(), 200)).append(", fixed in: ")
                    .append(f.fixedVersions().isEmpty() ? "none" : ReportText.terminal(String.join(", ", f.fixedVersions()), 200))
                    .append('\n');
        }
        if (url != null) sb.append("More: ").append(url).append('\n');
        return sb.toString();
    }

    private static String helpMarkdown(Finding worst, List<Finding> all, String full, String url) {
        StringBuilder sb = new StringBuilder();
        sb.append("**").append(MarkdownReportWriter.cell(worst.id(), 100)).append("** (")
                .append(worst.severity().id()).append(")\n\n");
        for (String line : full.lines().toList()) sb.append(MarkdownReportWriter.cell(line, LONG_TEXT)).append('\n');
        sb.append("\n| Package | Installed | Fixed |\n|---|---|---|\n");
        for (Finding f : all) {
            sb.append("| ").append(MarkdownReportWriter.cell(f.pkg().name(), 100)).append(" | ")
                    .append(MarkdownReportWriter.cell(f.installedVersion(), 100)).append(" | ")
                    .append(MarkdownReportWriter.cell(String.join(", ", f.fixedVersions()), 100)).append(" |\n");
        }
        if (url != null) sb.append("\n").append(url.replace(")", "%29")).append('\n');
        return sb.toString();
    }

    /**
     * The file inside the image that recorded the package, relative (GitHub resolves URIs against the
     * repository root, and an absolute one would point at the runner's disk); else the image reference.
     * Percent-encoded so it is always a valid URI reference.
     */
    static String locationUri(Finding f, ScanReport r) {
        String path = f.pkg().path();
        if (path != null && !path.isBlank()) {
            String relative = path.replaceFirst("^/+", "");
            if (!relative.isEmpty()) return encodePath(relative);
        }
        String ref = r.image().reference();
        if (ref == null || ref.isBlank()) ref = r.image().manifestDigest() != null ? r.image().manifestDigest().toString() : "image";
        return encodePath(ref);
    }

    /** Keeps unreserved characters and {@code / @ ! $ & ' ( ) * + , ; = ~}; percent-encodes the rest as UTF-8. */
    static String encodePath(String s) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        // A colon in the first segment would read as a URI scheme ("oci:/layout"); encoded, it stays a path.
        int firstSlash = -1;
        for (int j = 0; j < bytes.length && firstSlash < 0; j++) if (bytes[j] == '/') firstSlash = j;
        int i = 0;
        for (byte b : bytes) {
            int c = b & 0xff;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~/@!$&'()*+,;=".indexOf(c) >= 0 || (c == ':' && firstSlash >= 0 && i > firstSlash);
            if (keep) out.append((char) c);
            else out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            i++;
        }
        return out.toString();
    }
}
