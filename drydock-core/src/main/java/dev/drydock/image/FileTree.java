package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Read access to the files of an image on disk: a directory, or a tar read in place. */
interface FileTree extends Closeable {

    /** The file at a '/'-separated relative path, or null when there is none. */
    InputStream open(String path) throws IOException;

    /** Size of the file at {@code path}, or -1 when there is none. */
    long size(String path) throws IOException;

    default byte[] readBounded(String path, long max, String what) throws IOException {
        long size = size(path);
        if (size < 0) throw new BadInputException(what + " is missing (" + UntrustedText.printable(path) + ")");
        if (size > max) throw new BadInputException(what + " is " + size + " bytes, over the limit of " + max);
        try (InputStream in = open(path)) {
            return in.readNBytes((int) size);
        }
    }
}
