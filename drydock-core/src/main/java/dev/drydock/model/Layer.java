package dev.drydock.model;

/**
 * One layer of an image. {@code digest} names the blob as stored (possibly compressed);
 * {@code diffId} is the digest of the uncompressed tar, from the image config.
 */
public record Layer(int index, Digest digest, Digest diffId, long size, String mediaType) {
}
