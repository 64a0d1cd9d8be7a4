package dev.drydock.server.reconcile;

import java.util.List;
import java.util.Map;

/**
 * What an import did, as the API answers it and the CLI prints it.
 *
 * @param scanner     the attributions' scanner name ({@code trivy}, {@code grype}, {@code wiz} …)
 * @param tool        the tool that wrote the report, as it says
 * @param toolVersion its version, when it says
 * @param scans       one per image the report covered and that was stored
 * @param skipped     rows or entries left out, counted by reason
 * @param skippedDetail one line per reason with a few example locations
 * @param warnings    one line each
 */
public record ImportOutcome(String scanner, String tool, String toolVersion, List<Scan> scans, Map<String, Integer> skipped,
                            List<String> skippedDetail, List<String> warnings) {
    public ImportOutcome {
        scans = List.copyOf(scans);
        skipped = Map.copyOf(skipped);
        skippedDetail = List.copyOf(skippedDetail);
        warnings = List.copyOf(warnings);
    }

    public int findingCount() {
        return scans.stream().mapToInt(Scan::findings).sum();
    }

    /**
     * One stored scan.
     *
     * @param digest             the image's manifest digest
     * @param subject            what the report called it
     * @param scanId             the scan row
     * @param repeated           the same import was stored before; nothing changed
     * @param findings           distinct findings (vulnerability, package) the scanner reports for the image
     * @param matchedPackages    of those, findings whose package was matched to the image's stored packages
     * @param attributionsNew    findings the scanner reports that it did not report before
     * @param attributionsUpdated findings it reported before and reports again
     * @param attributionsDeleted findings it reported before and no longer does (soft-deleted)
     * @param findingsAppeared   findings no scanner reported before
     * @param findingsDisappeared findings no scanner reports any more
     */
    public record Scan(String digest, String subject, long scanId, boolean repeated, int findings, int matchedPackages,
                       int attributionsNew, int attributionsUpdated, int attributionsDeleted, int findingsAppeared,
                       int findingsDisappeared) {
    }
}
