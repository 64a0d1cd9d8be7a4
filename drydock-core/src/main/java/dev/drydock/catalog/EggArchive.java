package dev.drydock.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads {@code EGG-INFO/PKG-INFO} out of a zipped {@code .egg} held in memory. Only the central
 * directory is walked (at most 65535 entries, no per-entry allocation) and only the one entry is
 * inflated, into a bounded buffer: the metadata header block sits at the start of the file, so a
 * longer PKG-INFO is simply cut — a zip bomb costs at most {@link #MAX_BYTES} of output.
 */
final class EggArchive {
    static final String PKG_INFO = "EGG-INFO/PKG-INFO";
    static final int MAX_BYTES = 1 << 20;

    private static final int EOCD = 0x06054b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private EggArchive() {
    }

    static byte[] pkgInfo(byte[] zip) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = zip.length - 22, stop = Math.max(0, zip.length - 22 - 0xFFFF); i >= stop; i--) {
            if (b.getInt(i) == EOCD) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw new IOException("not a zip archive");
        int entries = u16(b, eocd + 10);
        long p = u32(b, eocd + 16);
        for (int i = 0; i < entries; i++) {
            if (p + 46 > zip.length || b.getInt((int) p) != CENTRAL) throw new IOException("broken zip central directory");
            int at = (int) p;
            int nameLength = u16(b, at + 28);
            if (at + 46L + nameLength > zip.length) throw new IOException("broken zip central directory");
            String name = new String(zip, at + 46, nameLength, StandardCharsets.UTF_8);
            if (name.equals(PKG_INFO)) return entry(zip, b, u16(b, at + 10), u32(b, at + 20), u32(b, at + 42));
            p = at + 46L + nameLength + u16(b, at + 30) + u16(b, at + 32);
        }
        throw new IOException("no " + PKG_INFO + " in the egg");
    }

    private static byte[] entry(byte[] zip, ByteBuffer b, int method, long compressedSize, long localHeader) throws IOException {
        if (localHeader + 30 > zip.length || b.getInt((int) localHeader) != LOCAL) throw new IOException("broken zip local header");
        long data = localHeader + 30 + u16(b, (int) localHeader + 26) + u16(b, (int) localHeader + 28);
        if (data + compressedSize > zip.length) throw new IOException("zip entry runs past the end of the archive");
        int start = (int) data;
        int length = (int) compressedSize;
        switch (method) {
            case 0 -> {
                return Arrays.copyOfRange(zip, start, start + Math.min(length, MAX_BYTES));
            }
            case 8 -> {
                Inflater inflater = new Inflater(true);
                try {
                    inflater.setInput(zip, start, length);
                    byte[] out = new byte[MAX_BYTES];
                    int n = 0;
                    while (n < out.length && !inflater.finished()) {
                        int r = inflater.inflate(out, n, out.length - n);
                        if (r == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                        n += r;
                    }
                    return Arrays.copyOf(out, n);
                } catch (DataFormatException e) {
                    throw new IOException("corrupt deflate data", e);
                } finally {
                    inflater.end();
                }
            }
            default -> throw new IOException("unsupported zip compression method " + method);
        }
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
