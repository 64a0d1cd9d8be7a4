package dev.drydock.server.ingest;

import java.util.List;

/** What one scan in a report found about one subject (image, directory, asset). */
public record ImportedScan(ReportSubject subject, Distro distro, List<ImportedFinding> findings) {
    public ImportedScan {
        findings = List.copyOf(findings);
    }
}
