package dev.drydock.image;

import java.io.IOException;
import java.io.InputStream;

/** Receives the entries of one layer (or a root directory) from {@link LayerWalker}. */
public interface LayerVisitor {

    /** Whether the content of the regular file at {@code path} (root-relative) should be read. */
    boolean wants(String path, long size);

    /**
     * A wanted regular file. {@code content} ends at the file's end and must not be closed.
     *
     * @param mode unix permission bits as recorded in the layer
     */
    void file(String path, long size, int mode, InputStream content) throws IOException;

    /** A non-regular entry (directory, symlink, device) at a wanted path: it hides what lower layers had there. */
    default void shadowed(String path) {
    }

    /** {@code path} and everything below it is deleted from lower layers. */
    void whiteout(String path);

    /** Everything below {@code dir} from lower layers is hidden. */
    void opaque(String dir);

    void warning(String message);
}
