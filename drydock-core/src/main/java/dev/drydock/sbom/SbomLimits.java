package dev.drydock.sbom;

/**
 * Bounds on an SBOM read as input, so that a hostile document costs bounded memory and time.
 *
 * @param maxBytes      the whole document
 * @param maxComponents components (CycloneDX, nested ones included) or packages (SPDX); a document with more is
 *                      refused rather than read in part, since a scan of part of an image looks like a clean scan
 * @param maxDepth      how deep CycloneDX components may nest inside each other; deeper ones are skipped with a warning
 */
public record SbomLimits(long maxBytes, int maxComponents, int maxDepth) {
    /** Far above real SBOMs: a large distroless-plus-node image has a few thousand components. */
    public static final SbomLimits DEFAULT = new SbomLimits(256L << 20, 500_000, 32);

    /** Nesting of JSON or XML structure in general, well above what {@link #maxDepth} components need. */
    static final int MAX_STRUCTURE_DEPTH = 256;

    public SbomLimits {
        if (maxBytes <= 0 || maxComponents <= 0 || maxDepth <= 0) throw new IllegalArgumentException("SBOM limits must be positive");
    }
}
