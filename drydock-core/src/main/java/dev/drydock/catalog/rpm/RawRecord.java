package dev.drydock.catalog.rpm;

/**
 * One record of an rpm package database as stored: its number (BerkeleyDB key, NDB package index,
 * SQLite {@code hnum}) and the header blob, as a range of {@code data} so contiguous blobs are not copied.
 */
public record RawRecord(long number, byte[] data, int offset, int length) {
}
