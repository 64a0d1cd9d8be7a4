package dev.drydock.vulndb.nvd;

/**
 * Bounds on what one NVD document may make drydock hold or do. Defaults sit well above real data: a
 * yearly feed inflates to a few hundred MB and holds under 45k CVEs; a CVE has at most a handful of
 * metrics and weaknesses. Tests pass smaller ones.
 *
 * @param maxDocumentBytes    bytes read from one document after gunzip; more rejects the document (bomb)
 * @param maxCves             CVEs in one document; more rejects the document
 * @param maxStringChars      any JSON string; longer rejects the document (Jackson would buffer it whole)
 * @param maxDescriptionChars description text beyond this is cut; it is only shown to people
 * @param maxListItems        metrics per version, weaknesses, descriptions: extra items are dropped with a warning
 */
public record NvdLimits(
        long maxDocumentBytes,
        int maxCves,
        int maxStringChars,
        int maxDescriptionChars,
        int maxListItems) {

    public static final NvdLimits DEFAULT = new NvdLimits(4L << 30, 1_000_000, 1 << 20, 32 * 1024, 256);

    /** Longest id, source, vector, status or date kept; longer values reject the CVE. */
    static final int MAX_TEXT = 1024;
    /** JSON nesting; CPE configuration nodes make NVD records about ten levels deep. */
    static final int MAX_DEPTH = 64;
}
