package dev.drydock.catalog.java;

/**
 * Bounds on reading one Java archive found in an image (with everything nested inside it), so that
 * a hostile archive costs bounded memory and time. A violated bound stops reading the archive it
 * concerns with a warning; what was identified before stays.
 *
 * @param maxDepth            archives inside archives: the image file is depth 0, a jar inside it depth 1, …
 * @param inflationRatio      uncompressed bytes that may be read per byte of the outermost archive
 * @param minInflatedBytes    uncompressed bytes always allowed, however small the outermost archive
 * @param maxInflatedBytes    uncompressed bytes never exceeded, however large the outermost archive
 * @param maxEntries          entries in one archive (each nesting level counts its own)
 * @param maxMetadataBytes    one pom.properties or MANIFEST.MF read into memory
 * @param maxPackages         packages (and pom.properties awaiting their archive's end) per outermost archive
 * @param maxNameLength       characters of an entry name that becomes part of a package (nested path, pom.properties)
 */
public record ArchiveLimits(int maxDepth, long inflationRatio, long minInflatedBytes, long maxInflatedBytes,
                            int maxEntries, int maxMetadataBytes, int maxPackages, int maxNameLength) {

    /**
     * Unneeded entries are skipped without inflating them wherever their size is known, so a Spring
     * Boot jar (libraries stored) costs about 1× its size and an ear holding deflated wars holding
     * jars a few times its size; 10× leaves room for deep nesting while a deflate bomb (up to ~1000:1)
     * is stopped early. 64 MiB keeps small archives with well-compressed content readable; 4 GiB
     * bounds the time any one file can take.
     */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(
            8,
            10,
            64L << 20,
            4L << 30,
            100_000,
            1 << 20,
            10_000,
            1024);

    /** The uncompressed bytes that reading an outermost archive of {@code size} bytes may cost. */
    public long inflatedBudget(long size) {
        long scaled = size <= 0 ? 0 : (size > Long.MAX_VALUE / inflationRatio ? Long.MAX_VALUE : size * inflationRatio);
        return Math.min(maxInflatedBytes, Math.max(minInflatedBytes, scaled));
    }

    public ArchiveLimits withMaxDepth(int n) {
        return new ArchiveLimits(n, inflationRatio, minInflatedBytes, maxInflatedBytes, maxEntries, maxMetadataBytes, maxPackages, maxNameLength);
    }

    public ArchiveLimits withMaxEntries(int n) {
        return new ArchiveLimits(maxDepth, inflationRatio, minInflatedBytes, maxInflatedBytes, n, maxMetadataBytes, maxPackages, maxNameLength);
    }

    public ArchiveLimits withInflatedBytes(long min, long max) {
        return new ArchiveLimits(maxDepth, inflationRatio, min, max, maxEntries, maxMetadataBytes, maxPackages, maxNameLength);
    }
}
