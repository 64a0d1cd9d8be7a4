package dev.drydock.vulndb.kev;

/**
 * Bounds on one KEV catalog. The real catalog is about 1.3 MB with ~1,400 entries (2025); the
 * defaults leave room for decades of growth. Tests pass smaller ones.
 *
 * @param maxDocumentBytes bytes read after gunzip; more rejects the catalog (bomb)
 * @param maxEntries       entries; more rejects the catalog
 * @param maxStringChars   any JSON string; longer rejects the catalog (Jackson would buffer it whole)
 * @param maxTextChars     a kept field (id, vendor, product, name, date, CWE); longer skips the entry
 */
public record KevLimits(long maxDocumentBytes, int maxEntries, int maxStringChars, int maxTextChars) {
    public static final KevLimits DEFAULT = new KevLimits(256L << 20, 200_000, 1 << 20, 1024);

    /** CWEs per entry; CISA lists at most a handful. */
    static final int MAX_CWES = 64;
    /** JSON nesting; the catalog is three levels deep. */
    static final int MAX_DEPTH = 16;
}
