package dev.drydock.report;

import dev.drydock.model.Finding;
import dev.drydock.model.Severity;
import dev.drydock.model.Suppression;
import dev.drydock.policy.BreakGlass;
import dev.drydock.policy.GateResult;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GitHub-flavoured Markdown for a pull-request comment or {@code $GITHUB_STEP_SUMMARY}: counts, the gate's
 * verdict, and the findings as a table. Advisory text is written by strangers and rendered by GitHub, so
 * every untrusted string goes through {@link #cell}: a title cannot close a table row, open an HTML tag,
 * make a link, or mention a user or team.
 */
public final class MarkdownReportWriter implements ReportWriter {
    /** GitHub caps a comment at 65,536 characters; 200 rows of ~250 characters stays well inside it. */
    static final int MAX_ROWS = 200;
    private static final int CELL = 80;
    private static final int REASON = 200;

    @Override
    public void write(ScanReport r, OutputStream out) throws IOException {
        PrintStream p = new PrintStream(out, false, StandardCharsets.UTF_8);
        String image = r.image().reference() != null ? r.image().reference()
                : r.image().manifestDigest() != null ? r.image().manifestDigest().toString() : "image";
        p.println("## drydock scan: " + cell(image, 200));
        p.println();
        StringBuilder facts = new StringBuilder();
        if (r.image().manifestDigest() != null) facts.append(code(r.image().manifestDigest().toString())).append(" · ");
        if (r.os() != null) facts.append(cell(r.os().toString(), CELL)).append(" · ");
        facts.append(r.packageCount()).append(" packages · vulnerability DB built ").append(r.db().builtAt());
        p.println(facts);
        p.println();

        Map<Severity, Integer> counts = ReportText.countBySeverity(r.active());
        p.println("| " + ReportText.SEVERITIES_DESCENDING.stream().map(ReportText::title).collect(Collectors.joining(" | ")) + " | Suppressed |");
        p.println("|" + "---:|".repeat(ReportText.SEVERITIES_DESCENDING.size() + 1));
        p.println("| " + ReportText.SEVERITIES_DESCENDING.stream().map(s -> String.valueOf(counts.get(s))).collect(Collectors.joining(" | "))
                + " | " + r.suppressed().size() + " |");
        p.println();
        gate(p, r.gate());
        p.println();
        findings(p, r.active());
        suppressed(p, r.suppressed());
        if (!r.warnings().isEmpty()) {
            p.println();
            p.println("**Warnings**");
            p.println();
            for (String w : r.warnings()) p.println("- " + cell(w, REASON));
        }
        p.flush();
    }

    private static void gate(PrintStream p, GateResult gate) {
        String scope = gate.severities().stream().sorted((a, b) -> b.compareTo(a)).map(Severity::id).collect(Collectors.joining(", "))
                + (gate.ignoreUnfixed() ? "; unfixed ignored" : "");
        if (!gate.failed()) {
            p.println("**Gate: passed** ✅ (" + scope + ")");
            return;
        }
        String failing = gate.failing().size() + " finding(s) at " + scope;
        BreakGlass bg = gate.breakGlass();
        if (bg == null) {
            p.println("**Gate: failed** ❌ " + failing);
            return;
        }
        // GitHub renders this quote as a warning callout: an override must stand out in a PR.
        p.println("> [!WARNING]");
        p.println("> **Gate: overridden by break-glass** ⚠️ it failed with " + failing + ".");
        p.println("> Reason: " + cell(bg.reason(), REASON) + " (at " + bg.at() + ")");
        if (!bg.ciContext().isEmpty()) {
            p.println("> " + bg.ciContext().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> cell(e.getKey(), 40) + ": " + cell(e.getValue(), CELL)).collect(Collectors.joining(" · ")));
        }
    }

    private static void findings(PrintStream p, List<Finding> active) {
        if (active.isEmpty()) {
            p.println("No vulnerabilities found.");
            return;
        }
        p.println("### Findings (" + active.size() + ")");
        p.println();
        p.println("| Severity | ID | Package | Installed | Fixed | Status |");
        p.println("|---|---|---|---|---|---|");
        for (Finding f : active.stream().limit(MAX_ROWS).toList()) {
            p.println("| " + ReportText.title(f.severity()) + " | " + idLink(f) + " | " + cell(f.pkg().name(), CELL) + " | "
                    + cell(f.installedVersion(), CELL) + " | " + cell(String.join(", ", f.fixedVersions()), CELL) + " | "
                    + f.status().id() + " |");
        }
        if (active.size() > MAX_ROWS) {
            p.println();
            p.println("… and " + (active.size() - MAX_ROWS) + " more (see the JSON or SARIF report for all of them)");
        }
    }

    private static void suppressed(PrintStream p, List<Finding> suppressed) {
        if (suppressed.isEmpty()) return;
        p.println();
        p.println("<details><summary>" + suppressed.size() + " suppressed finding(s)</summary>");
        p.println();
        p.println("| ID | Package | Installed | Suppressed by | Reason |");
        p.println("|---|---|---|---|---|");
        for (Finding f : suppressed.stream().limit(MAX_ROWS).toList()) {
            Suppression s = f.suppression();
            String by = s.kind().id() + (s.origin() == null ? "" : " (" + cell(s.origin(), 60) + ")");
            String reason = cell(s.reason(), REASON) + (s.expires() == null ? "" : ", until " + s.expires());
            p.println("| " + cell(f.id(), CELL) + " | " + cell(f.pkg().name(), CELL) + " | " + cell(f.installedVersion(), CELL)
                    + " | " + by + " | " + reason + " |");
        }
        if (suppressed.size() > MAX_ROWS) {
            p.println();
            p.println("… and " + (suppressed.size() - MAX_ROWS) + " more");
        }
        p.println();
        p.println("</details>");
    }

    /** The id, linked to its first http(s) reference when it has one. */
    private static String idLink(Finding f) {
        String text = cell(f.id(), CELL);
        String url = ReportText.vulnerabilityUrl(f);
        return url == null ? text : "[" + text + "](" + linkTarget(url) + ")";
    }

    /**
     * Untrusted text as inert Markdown inside a table cell: one line, bounded, and every character that
     * GitHub's renderer gives a meaning (table pipes, HTML, code spans, links, emphasis, mentions,
     * issue references, entities) written as a numeric character reference, which renders as itself.
     */
    static String cell(String s, int max) {
        String t = ReportText.terminal(s, max);
        StringBuilder out = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '|', '<', '>', '`', '[', ']', '(', ')', '\\', '*', '_', '~', '#', '@', '&', '!', '$', ':' ->
                        out.append("&#").append((int) c).append(';');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A URL already checked to be plain http(s), with the characters that would end the link target encoded. */
    private static String linkTarget(String url) {
        return url.replace("(", "%28").replace(")", "%29").replace("|", "%7C").replace(" ", "%20");
    }

    private static String code(String s) {
        return "`" + s.replace("`", "") + "`";
    }
}
