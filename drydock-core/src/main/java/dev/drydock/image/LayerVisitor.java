package dev.drydock.image;

import java.io.IOException;
import java.io.InputStream;

/** Receives the entries of one layer (or a root directory) from {@link LayerWalker}. */
public interface LayerVisitor {

    /**
     * Whether the content of the regular file at {@code path} (root-relative) should be read.
     *
     * @param mode unix permission bits as recorded in the layer
     */
    boolean wants(String path, long size, int mode);

    /**
     * A wanted regular file. {@code content} streams the file itself (nothing is buffered), ends at the
     * file's end and must not be closed; whatever the visitor leaves unread is skipped.
     */
    void file(String path, long size, int mode, InputStream content) throws IOException;

    /** A hard link at a wanted path to {@code target}, an earlier entry of the same layer. */
    default void hardLink(String path, String target) {
        shadowed(path);
    }

    /** A non-regular entry (directory, symlink, device) at a wanted path: it hides what lower layers had there. */
    default void shadowed(String path) {
    }

    /** {@code path} and everything below it is deleted from lower layers. */
    void whiteout(String path);

    /** Everything below {@code dir} from lower layers is hidden. */
    void opaque(String dir);

    void warning(String message);
}
