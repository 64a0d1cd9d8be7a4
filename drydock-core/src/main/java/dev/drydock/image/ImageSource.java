package dev.drydock.image;

import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One image, from wherever it lives. Implementations verify every digest they are given:
 * the manifest against a pinned digest, the config against the manifest, every layer blob
 * against its descriptor (while streaming) and every uncompressed layer against its diffID.
 */
public interface ImageSource extends AutoCloseable {

    ImageMetadata metadata();

    /**
     * The uncompressed tar stream of one layer. Reading it to the end verifies the blob digest
     * and the diffID; a mismatch throws {@link BadInputException} from {@code read}.
     */
    LayerStream openLayer(Layer layer) throws IOException;

    /** For a root-filesystem source: the directory to walk instead of layers. */
    default Optional<Path> rootDirectory() {
        return Optional.empty();
    }

    @Override
    default void close() throws IOException {
    }
}
