package dev.drydock.vulndb.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.drydock.image.BadInputException;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Input handling shared by the NVD, KEV and EPSS readers: transparent gzip (detected by its magic,
 * since file names lie and mirrors serve both), a hard cap on bytes read after inflation so a small
 * bomb cannot fill memory or disk, and text safe to put into a one-line warning.
 */
public final class FeedInput {
    private FeedInput() {
    }

    /**
     * {@code in}, inflated if it starts with the gzip magic, failing with {@link BadInputException}
     * once more than {@code maxBytes} bytes (after inflation) have been read.
     */
    public static InputStream open(InputStream in, long maxBytes, String what) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream plain = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
        return new CappedInputStream(plain, maxBytes, what);
    }

    /**
     * JSON as every feed is read: bounded nesting, string and name sizes (and document size when
     * {@code maxDocumentBytes > 0}), duplicate keys refused so that no other reader of the same bytes
     * can see different data.
     */
    public static JsonFactory strictJson(int maxDepth, int maxStringChars, int maxNameChars, long maxDocumentBytes) {
        StreamReadConstraints.Builder c = StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxStringLength(maxStringChars)
                .maxNameLength(maxNameChars);
        if (maxDocumentBytes > 0) c.maxDocumentLength(maxDocumentBytes);
        return JsonFactory.builder().streamReadConstraints(c.build()).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }



    /** Counts bytes as they are read; the cap is checked before the caller ever sees byte max+1. */
    private static final class CappedInputStream extends FilterInputStream {
        private final long max;
        private final String what;
        private long count;

        CappedInputStream(InputStream in, long max, String what) {
            super(in);
            this.max = max;
            this.what = what;
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
            if (count > max) throw new BadInputException(what + " exceeds " + max + " bytes (after decompression)");
        }
    }
}
