package dev.drydock.catalog.binary;

/**
 * One section header.
 *
 * @param name null when the section name table could not be read in the single pass
 */
public record Section(int index, String name, int type, long flags, long offset, long size) {
    static final int SHT_NOBITS = 8;
    static final int SHT_NULL = 0;

    /** Whether the section occupies bytes in the file. */
    boolean hasFileBytes() {
        return type != SHT_NOBITS && type != SHT_NULL && size > 0;
    }
}
