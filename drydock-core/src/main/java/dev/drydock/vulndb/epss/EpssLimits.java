package dev.drydock.vulndb.epss;

/**
 * Bounds on one EPSS file. The real daily file has ~300k rows and inflates to about 10 MB; the
 * defaults leave a wide margin. Tests pass smaller ones.
 *
 * @param maxDocumentBytes bytes read after gunzip; more rejects the file (bomb)
 * @param maxRows          data rows; more rejects the file
 * @param maxLineChars     one line; a longer data row is skipped with a warning, a longer model or
 *                         header line rejects the file
 */
public record EpssLimits(long maxDocumentBytes, int maxRows, int maxLineChars) {
    public static final EpssLimits DEFAULT = new EpssLimits(512L << 20, 5_000_000, 4096);
}
