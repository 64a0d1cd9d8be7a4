package dev.drydock.server.store;

/** A layer of an image; {@code fromBase} is null when the base image is not known. */
public record LayerRow(int index, String digest, String diffId, long size, String mediaType, Boolean fromBase) {
}
