package dev.drydock.server.ingest;

import java.util.List;
import java.util.Map;

/**
 * A whole imported report.
 *
 * @param scanner        the {@code --scanner} name it was read as ({@code trivy}, {@code grype} ...)
 * @param tool           the tool that wrote it as the report says ({@code Trivy}, {@code grype}); may differ from
 *                       {@code scanner} for SARIF and CycloneDX, which any tool writes
 * @param toolVersion    its version when reported
 * @param scans          one per subject; most files have one
 * @param warnings       one line each, for the user
 * @param skipped        rows or entries left out, counted by reason
 */
public record ImportedReport(String scanner, String tool, String toolVersion, List<ImportedScan> scans,
                             List<String> warnings, SkippedRows skipped) {
    public ImportedReport {
        scans = List.copyOf(scans);
        warnings = List.copyOf(warnings);
    }

    public int findingCount() {
        return scans.stream().mapToInt(s -> s.findings().size()).sum();
    }

    /** All findings of all scans, in file order. */
    public List<ImportedFinding> allFindings() {
        return scans.stream().flatMap(s -> s.findings().stream()).toList();
    }

    /** Skipped count by reason, for the API's answer. */
    public Map<String, Integer> skippedByReason() {
        return skipped.counts();
    }
}
