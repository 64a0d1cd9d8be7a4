package dev.drydock.vulndb.nvd;

/**
 * One CVSS assessment as NVD lists it. Several sources may score the same CVE differently, so every
 * metric is kept with its source rather than one chosen here.
 *
 * @param baseSeverity upper case as published (v2 keeps it beside {@code cvssData}); null when absent
 */
public record NvdCvssMetric(
        NvdCvssVersion version,
        String source,
        NvdMetricType type,
        String vectorString,
        double baseScore,
        String baseSeverity) {
}
