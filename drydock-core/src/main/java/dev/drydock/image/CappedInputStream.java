package dev.drydock.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Counts bytes as they are read and throws the given exception once more than {@code max} have been read:
 * the cap is checked before the caller ever sees byte max+1, so a small compressed bomb or an endless
 * body cannot fill memory or disk.
 */
public final class CappedInputStream extends FilterInputStream {
    private final long max;
    private final Supplier<? extends RuntimeException> tooLarge;
    private long count;

    public CappedInputStream(InputStream in, long max, Supplier<? extends RuntimeException> tooLarge) {
        super(in);
        this.max = max;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) add(1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) add(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        if (s > 0) add(s);
        return s;
    }

    @Override
    public boolean markSupported() {
        return false; // a reset would let bytes be counted twice or not at all
    }

    private void add(long n) {
        count += n;
        if (count > max) throw tooLarge.get();
    }
}
