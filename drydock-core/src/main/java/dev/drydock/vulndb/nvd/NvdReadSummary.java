package dev.drydock.vulndb.nvd;

/**
 * What one document held.
 *
 * @param startIndex   the page header's {@code startIndex}, or -1 when absent
 * @param totalResults the page header's {@code totalResults}, or -1 for a single CVE object or a feed
 *                     without it; lets a downloader tell whether more pages follow
 */
public record NvdReadSummary(int records, int skipped, int startIndex, int totalResults) {
}
