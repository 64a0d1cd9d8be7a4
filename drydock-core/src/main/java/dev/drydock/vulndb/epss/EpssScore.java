package dev.drydock.vulndb.epss;

/**
 * One CVE's EPSS row.
 *
 * @param epss       probability of exploitation activity in the next 30 days, in [0,1]
 * @param percentile rank of that probability among all scored CVEs, in [0,1]
 */
public record EpssScore(String cve, double epss, double percentile) {
}
