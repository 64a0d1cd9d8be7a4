package dev.drydock.vulndb.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.drydock.image.BadInputException;
import dev.drydock.image.CappedInputStream;

import java.io.BufferedInputStream;
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
        return new CappedInputStream(plain, maxBytes, () -> new BadInputException(what + " exceeds " + maxBytes + " bytes (after decompression)"));
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
}
