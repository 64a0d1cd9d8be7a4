package dev.drydock.catalog.java;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.zip.ZipException;

/**
 * Finds where the zip data of an archive begins. Usually at byte 0; "fully executable" Spring Boot
 * jars start with a shell launch script of a few kilobytes, which a streaming zip reader cannot step
 * over by itself (it tolerates 4 KiB of garbage at most).
 */
final class ZipStart {
    /** Launch scripts are about 10 KiB; anything that has no zip header this far in is not a zip. */
    static final int MAX_PREAMBLE = 64 << 10;

    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ARCHIVE = {'P', 'K', 5, 6};

    private ZipStart() {
    }

    /** Thrown for a file that has no zip data where it should: the caller warns and moves on. */
    static final class NotAZipException extends ZipException {
        NotAZipException(String message) {
            super(message);
        }
    }

    /**
     * The stream positioned at the first local file header (or at the end record of an empty zip).
     *
     * @throws NotAZipException if the file is empty or has no zip header within {@link #MAX_PREAMBLE} bytes
     */
    static InputStream skipPreamble(InputStream in) throws IOException {
        byte[] head = in.readNBytes(MAX_PREAMBLE);
        if (head.length == 0) throw new NotAZipException("empty file");
        int at = indexOf(head, LOCAL_HEADER);
        if (at < 0 && startsWith(head, EMPTY_ARCHIVE)) at = 0;
        if (at < 0) {
            throw new NotAZipException(head.length < MAX_PREAMBLE
                    ? "not a zip archive"
                    : "not a zip archive (no zip header in the first " + MAX_PREAMBLE + " bytes)");
        }
        return new SequenceInputStream(new ByteArrayInputStream(head, at, head.length - at), in);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (data[i] != prefix[i]) return false;
        return true;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) if (data[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
