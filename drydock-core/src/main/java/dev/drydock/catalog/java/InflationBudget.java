package dev.drydock.catalog.java;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the uncompressed bytes read out of archive entries, at every nesting level of one outermost
 * archive, and stops reading once the budget is spent: the defence against decompression bombs.
 * Bytes of the outermost archive itself are not counted (the image layer bounds them).
 */
final class InflationBudget {
    private final long limit;
    private long used;
    private IOException exceeded;

    InflationBudget(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    long used() {
        return used;
    }

    /** Whether reading stopped because the budget was spent. */
    boolean exceeded() {
        return exceeded != null;
    }

    /**
     * The content of the current entry of a zip stream, counted against the budget. Closing the
     * returned stream leaves the zip stream open: it still has entries to give.
     */
    InputStream meter(InputStream entry) {
        return new Metered(entry);
    }

    private void charge(long n) throws IOException {
        if (n <= 0) return;
        used += n;
        if (used > limit) {
            if (exceeded == null) exceeded = new InflationLimitException(limit);
            throw exceeded;
        }
    }

    /** Thrown when the budget is spent; also remembered, as a zip reader may swallow or wrap it. */
    static final class InflationLimitException extends IOException {
        InflationLimitException(long limit) {
            super("more than " + limit + " uncompressed bytes");
        }
    }

    private final class Metered extends FilterInputStream {
        Metered(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (exceeded != null) throw exceeded;
            int b = super.read();
            if (b >= 0) charge(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (exceeded != null) throw exceeded;
            int n = super.read(b, off, len);
            charge(n);
            return n;
        }

        /** Skipping inflates just the same, so it goes through read and is counted. */
        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) break;
                left -= r;
            }
            return n - left;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
