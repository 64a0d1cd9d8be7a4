package dev.drydock.image;

/**
 * Bounds applied to everything read from an image, so that a hostile image costs bounded memory and time.
 *
 * @param maxJsonBytes         manifests, indexes, configs and other JSON documents
 * @param maxFileBytes         one file read into memory for an analyzer (package databases)
 * @param maxLayerBytes        uncompressed size of one layer
 * @param maxCompressionRatio  uncompressed/compressed beyond which a layer is treated as a decompression bomb
 * @param maxEntriesPerLayer   tar entries in one layer
 * @param maxLayers            layers in one image
 */
public record Limits(long maxJsonBytes, long maxFileBytes, long maxLayerBytes, long maxCompressionRatio,
                     long maxEntriesPerLayer, int maxLayers) {

    public static final Limits DEFAULT = new Limits(
            8L << 20,
            256L << 20,
            64L << 30,
            1000,
            5_000_000,
            1000);

    public Limits withMaxJsonBytes(long n) {
        return new Limits(n, maxFileBytes, maxLayerBytes, maxCompressionRatio, maxEntriesPerLayer, maxLayers);
    }

    public Limits withMaxFileBytes(long n) {
        return new Limits(maxJsonBytes, n, maxLayerBytes, maxCompressionRatio, maxEntriesPerLayer, maxLayers);
    }

    public Limits withMaxLayerBytes(long n) {
        return new Limits(maxJsonBytes, maxFileBytes, n, maxCompressionRatio, maxEntriesPerLayer, maxLayers);
    }

    public Limits withMaxCompressionRatio(long n) {
        return new Limits(maxJsonBytes, maxFileBytes, maxLayerBytes, n, maxEntriesPerLayer, maxLayers);
    }
}
