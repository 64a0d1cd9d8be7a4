package dev.drydock.vulndb.nvd;

import java.time.Instant;
import java.util.List;

/**
 * One CVE from the NVD API 2.0. Times are UTC (NVD writes them without a zone). Metrics are ordered
 * by CVSS version (v2 first), then as listed.
 *
 * @param vulnStatus  as published ("Analyzed", "Modified", "Rejected", ...); null when absent
 * @param description the English description, cut at {@link NvdLimits#maxDescriptionChars()}; null if none
 * @param cwes        weakness ids in order, without duplicates (includes NVD's "NVD-CWE-noinfo"/"NVD-CWE-Other")
 */
public record NvdCve(
        String id,
        Instant published,
        Instant lastModified,
        String vulnStatus,
        String description,
        List<String> cwes,
        List<NvdCvssMetric> metrics) {

    public NvdCve {
        cwes = List.copyOf(cwes);
        metrics = List.copyOf(metrics);
    }

    /** A rejected CVE was withdrawn by its CNA and must never be reported as a finding. */
    public boolean isRejected() {
        return "Rejected".equalsIgnoreCase(vulnStatus);
    }
}
