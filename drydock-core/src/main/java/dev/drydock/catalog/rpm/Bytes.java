package dev.drydock.catalog.rpm;

/**
 * Bounds-checked integer reads from a byte array. Offsets come from untrusted files, so they are
 * {@code long}s (no overflow when two of them are added) and every read checks the range first.
 */
final class Bytes {
    private Bytes() {
    }

    /** Fails unless {@code [offset, offset + length)} lies inside {@code b}. */
    static void require(byte[] b, long offset, long length, String what) throws RpmDbException {
        if (offset < 0 || length < 0 || offset > b.length || length > b.length - offset) {
            throw new RpmDbException(what + " at offset " + offset + " (length " + length
                    + ") lies outside the " + b.length + " bytes available");
        }
    }

    static boolean fits(byte[] b, long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= b.length && length <= b.length - offset;
    }

    static int u8(byte[] b, long off) throws RpmDbException {
        require(b, off, 1, "byte");
        return b[(int) off] & 0xff;
    }

    static int u16(byte[] b, long off, boolean littleEndian) throws RpmDbException {
        require(b, off, 2, "16-bit value");
        int i = (int) off;
        int b0 = b[i] & 0xff, b1 = b[i + 1] & 0xff;
        return littleEndian ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    static long u32(byte[] b, long off, boolean littleEndian) throws RpmDbException {
        require(b, off, 4, "32-bit value");
        int i = (int) off;
        long b0 = b[i] & 0xff, b1 = b[i + 1] & 0xff, b2 = b[i + 2] & 0xff, b3 = b[i + 3] & 0xff;
        return littleEndian ? b0 | b1 << 8 | b2 << 16 | b3 << 24 : b0 << 24 | b1 << 16 | b2 << 8 | b3;
    }

    static int u16be(byte[] b, long off) throws RpmDbException {
        return u16(b, off, false);
    }

    static long u32be(byte[] b, long off) throws RpmDbException {
        return u32(b, off, false);
    }

    static long u32le(byte[] b, long off) throws RpmDbException {
        return u32(b, off, true);
    }

    static long s64be(byte[] b, long off) throws RpmDbException {
        require(b, off, 8, "64-bit value");
        return (u32be(b, off) << 32) | u32be(b, off + 4);
    }

    /** Whether {@code b} holds the ASCII text {@code magic} at {@code off}. */
    static boolean startsWith(byte[] b, int off, byte[] magic) {
        if (!fits(b, off, magic.length)) return false;
        for (int i = 0; i < magic.length; i++) {
            if (b[off + i] != magic[i]) return false;
        }
        return true;
    }
}
