package dev.drydock.server.ingest;

/**
 * Bounds on an imported report, so that a hostile or runaway file costs bounded memory and time.
 *
 * @param maxBytes          the whole file; a longer one is refused, not read in part (a partial import would
 *                          look like fixed findings to reconciliation)
 * @param maxFindings       findings over all scans in the file; more is refused for the same reason
 * @param maxFieldLength    any identifier-like string (ids, names, versions, purls, references); longer ones are cut
 * @param maxTextLength     titles and descriptions, which are display text only; longer ones are cut
 */
public record ImportLimits(long maxBytes, int maxFindings, int maxFieldLength, int maxTextLength) {
    /**
     * Far above real reports: a 50,000-finding Trivy report with descriptions is about 150 MB; a CSV export of a
     * whole Wiz tenant can reach a few hundred thousand rows.
     */
    public static final ImportLimits DEFAULT = new ImportLimits(1L << 30, 2_000_000, 1024, 4096);

    /** Rows a skipped-row reason keeps as examples; the count is always exact. */
    static final int MAX_EXAMPLES_PER_REASON = 5;
    /** Distinct warnings kept; more are counted into one last warning. */
    static final int MAX_WARNINGS = 100;
    /** Nesting of JSON structure; real reports nest less than 20 deep. */
    static final int MAX_JSON_DEPTH = 128;

    public ImportLimits {
        if (maxBytes <= 0 || maxFindings <= 0 || maxFieldLength < 64 || maxTextLength < 64) {
            throw new IllegalArgumentException("import limits must be positive (and text limits at least 64)");
        }
    }

    public ImportLimits withMaxBytes(long bytes) {
        return new ImportLimits(bytes, maxFindings, maxFieldLength, maxTextLength);
    }

    public ImportLimits withMaxFindings(int findings) {
        return new ImportLimits(maxBytes, findings, maxFieldLength, maxTextLength);
    }
}
