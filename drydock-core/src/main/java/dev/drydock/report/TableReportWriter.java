package dev.drydock.report;

import dev.drydock.model.Finding;
import dev.drydock.model.Package;
import dev.drydock.model.Severity;
import dev.drydock.model.Suppression;
import dev.drydock.policy.BreakGlass;
import dev.drydock.policy.GateResult;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report for people at a terminal: a header, the findings grouped by package, the suppressed ones
 * with their reasons, warnings, and the gate's verdict last, where the eye lands when the command ends.
 * Every string from an advisory or an image goes through {@link ReportText#terminal} so a crafted title
 * cannot move the cursor, recolour the terminal or hide lines.
 */
public final class TableReportWriter implements ReportWriter {
    static final int TITLE_WIDTH = 60;
    private static final int CELL_WIDTH = 40;
    private static final int REASON_WIDTH = 120;

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String LOUD = "\u001b[1;97;41m";

    private final boolean color;
    private final boolean showSuppressed;

    /** @param color ANSI colours for severities and the verdict; off for files, pipes and {@code NO_COLOR} */
    public TableReportWriter(boolean color) {
        this(color, true);
    }

    /** @param showSuppressed list each suppressed finding with its reason; otherwise only their number */
    public TableReportWriter(boolean color, boolean showSuppressed) {
        this.color = color;
        this.showSuppressed = showSuppressed;
    }

    @Override
    public void write(ScanReport r, OutputStream out) throws IOException {
        PrintStream p = new PrintStream(out, false, StandardCharsets.UTF_8);
        header(p, r);
        findings(p, r.active());
        suppressed(p, r.suppressed());
        if (!r.warnings().isEmpty()) {
            p.println();
            p.println("Warnings:");
            for (String w : r.warnings()) p.println("  " + ReportText.terminal(w, REASON_WIDTH));
        }
        p.println();
        gate(p, r.gate());
        p.flush();
    }

    private void header(PrintStream p, ScanReport r) {
        var image = r.image();
        p.println("Image:     " + ReportText.terminal(image.reference() == null ? "(unnamed)" : image.reference(), 200));
        if (image.manifestDigest() != null) p.println("Digest:    " + image.manifestDigest());
        p.println("OS:        " + (r.os() == null ? "unknown" : ReportText.terminal(r.os().toString(), 80)));
        p.println("Packages:  " + r.packageCount());
        p.println("DB:        built " + r.db().builtAt() + " (schema " + r.db().schemaVersion() + ")");
        Map<Severity, Integer> counts = ReportText.countBySeverity(r.active());
        String bySeverity = ReportText.SEVERITIES_DESCENDING.stream()
                .map(s -> paint(s, s.id()) + " " + counts.get(s)).collect(Collectors.joining(", "));
        p.println("Findings:  " + r.active().size() + " (" + bySeverity + "), " + r.suppressed().size() + " suppressed");
    }

    private void findings(PrintStream p, List<Finding> active) {
        if (active.isEmpty()) {
            p.println();
            p.println("No vulnerabilities found.");
            return;
        }
        // Report order is most severe first, so the first package seen is the one to fix first.
        Map<String, List<Finding>> byPackage = new LinkedHashMap<>();
        for (Finding f : active) byPackage.computeIfAbsent(packageKey(f), k -> new ArrayList<>()).add(f);
        for (List<Finding> group : byPackage.values()) {
            Finding first = group.get(0);
            p.println();
            String type = first.pkg().type() == null ? "" : " (" + first.pkg().type().purlType() + ")";
            p.println(bold(ReportText.terminal(first.pkg().name(), CELL_WIDTH)) + " "
                    + ReportText.terminal(first.installedVersion(), CELL_WIDTH) + type);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"ID", "SEVERITY", "STATUS", "FIXED IN", "TITLE"});
            for (Finding f : group) {
                rows.add(new String[]{ReportText.terminal(f.id(), CELL_WIDTH), f.severity().name(), f.status().id(),
                        ReportText.terminal(String.join(", ", f.fixedVersions()), CELL_WIDTH),
                        ReportText.terminal(f.title(), TITLE_WIDTH - 1)});
            }
            int[] width = new int[5];
            for (String[] row : rows) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
            for (int n = 0; n < rows.size(); n++) {
                String[] row = rows.get(n);
                StringBuilder sb = new StringBuilder("  ");
                for (int i = 0; i < row.length; i++) {
                    String cell = row[i];
                    String pad = i < row.length - 1 ? " ".repeat(width[i] - cell.length() + 2) : "";
                    // Padding is measured on the plain text; colour codes are added after so columns still line up.
                    sb.append(n > 0 && i == 1 ? paint(group.get(n - 1).severity(), cell) : cell).append(pad);
                }
                p.println(sb.toString().stripTrailing());
            }
        }
    }

    private void suppressed(PrintStream p, List<Finding> suppressed) {
        if (suppressed.isEmpty()) return;
        p.println();
        if (!showSuppressed) {
            p.println(suppressed.size() + " suppressed finding(s) not shown; --show-suppressed lists them with their reasons.");
            return;
        }
        p.println("Suppressed (" + suppressed.size() + "), not counted by the gate:");
        for (Finding f : suppressed) {
            Suppression s = f.suppression();
            StringBuilder line = new StringBuilder("  ").append(ReportText.terminal(f.id(), CELL_WIDTH)).append("  ")
                    .append(ReportText.terminal(f.pkg().name(), CELL_WIDTH)).append(' ')
                    .append(ReportText.terminal(f.installedVersion(), CELL_WIDTH)).append("  ")
                    .append(s.kind().id()).append(": ").append(ReportText.terminal(s.reason(), REASON_WIDTH));
            if (s.origin() != null) line.append(" (").append(ReportText.terminal(s.origin(), CELL_WIDTH)).append(')');
            if (s.expires() != null) line.append(", expires ").append(s.expires());
            p.println(line);
        }
    }

    private void gate(PrintStream p, GateResult gate) {
        String scope = gate.severities().stream().sorted((a, b) -> b.compareTo(a)).map(Severity::id)
                .collect(Collectors.joining(",")) + (gate.ignoreUnfixed() ? ", unfixed ignored" : "");
        if (!gate.failed()) {
            p.println(color ? "\u001b[1;32mGate: PASSED" + RESET + " (" + scope + ")" : "Gate: PASSED (" + scope + ")");
            return;
        }
        if (gate.exitCode() == 0 && gate.breakGlass() == null) { // the default: report, never block
            p.println("Gate: advisory, " + gate.failing().size() + " finding(s) at " + scope
                    + " (set --exit-code to fail the build on them)");
            return;
        }
        String verdict = "Gate: FAILED, " + gate.failing().size() + " finding(s) at " + scope;
        if (gate.breakGlass() == null) {
            p.println((color ? "\u001b[1;31m" + verdict + RESET : verdict) + " (exit code " + gate.effectiveExitCode() + ")");
            for (String id : gate.failing().stream().limit(10).toList()) p.println("  " + ReportText.terminal(id, 200));
            if (gate.failing().size() > 10) p.println("  … and " + (gate.failing().size() - 10) + " more");
            return;
        }
        p.println(verdict);
        breakGlass(p, gate.breakGlass());
    }

    /** An override must never pass unnoticed in a CI log: a banner, in reverse video when colour is on. */
    private void breakGlass(PrintStream p, BreakGlass bg) {
        String bar = "!".repeat(72);
        List<String> lines = new ArrayList<>();
        lines.add("!!! BREAK-GLASS: the failing gate was OVERRIDDEN; exit code 0 !!!");
        lines.add("!!! reason: " + ReportText.terminal(bg.reason(), REASON_WIDTH));
        lines.add("!!! at:     " + bg.at());
        bg.ciContext().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> lines.add("!!! " + ReportText.terminal(e.getKey(), 30) + ": " + ReportText.terminal(e.getValue(), REASON_WIDTH)));
        p.println(color ? LOUD + bar + RESET : bar);
        for (String l : lines) p.println(color ? LOUD + l + RESET : l);
        p.println(color ? LOUD + bar + RESET : bar);
    }

    private static String packageKey(Finding f) {
        Package pkg = f.pkg();
        return pkg.purl() != null ? pkg.purl() : pkg.name() + "@" + f.installedVersion();
    }

    private String paint(Severity s, String text) {
        if (!color) return text;
        String code = switch (s) {
            case CRITICAL -> "\u001b[1;31m";
            case HIGH -> "\u001b[31m";
            case MEDIUM -> "\u001b[33m";
            case LOW -> "\u001b[34m";
            case NEGLIGIBLE, UNKNOWN -> "\u001b[2m";
        };
        return code + text + RESET;
    }

    private String bold(String text) {
        return color ? BOLD + text + RESET : text;
    }
}
