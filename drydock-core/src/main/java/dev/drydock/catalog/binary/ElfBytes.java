package dev.drydock.catalog.binary;

/** Unsigned reads in either byte order; ELF files say their own order, so every read takes it. */
final class ElfBytes {
    private ElfBytes() {
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16(byte[] b, int at, boolean bigEndian) {
        int x = u8(b, at), y = u8(b, at + 1);
        return bigEndian ? x << 8 | y : y << 8 | x;
    }

    static long u32(byte[] b, int at, boolean bigEndian) {
        long x = u16(b, at, bigEndian), y = u16(b, at + 2, bigEndian);
        return bigEndian ? x << 16 | y : y << 16 | x;
    }

    /** A 64-bit field; values above {@link Long#MAX_VALUE} come back negative and fail every range check. */
    static long u64(byte[] b, int at, boolean bigEndian) {
        long x = u32(b, at, bigEndian), y = u32(b, at + 4, bigEndian);
        return bigEndian ? x << 32 | y : y << 32 | x;
    }

    /** A pointer-sized word (4 or 8 bytes). */
    static long word(byte[] b, int at, int size, boolean bigEndian) {
        return size == 8 ? u64(b, at, bigEndian) : u32(b, at, bigEndian);
    }

    /** Whether {@code [offset, offset + length)} lies inside {@code [0, size)}, without overflow. */
    static boolean within(long offset, long length, long size) {
        return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
    }
}
