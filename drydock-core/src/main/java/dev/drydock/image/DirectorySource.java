package dev.drydock.image;

import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;

import java.nio.file.Path;
import java.util.Optional;

/** A root filesystem directory ({@code dir:PATH}, also {@code /}): no layers, no digests. */
public final class DirectorySource implements ImageSource {
    private final Path root;
    private final ImageMetadata metadata;

    DirectorySource(Path root, String reference) {
        this.root = root;
        this.metadata = new ImageMetadata(reference, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public ImageMetadata metadata() {
        return metadata;
    }

    @Override
    public LayerStream openLayer(Layer layer) {
        throw new UnsupportedOperationException("a root directory has no layers");
    }

    @Override
    public Optional<Path> rootDirectory() {
        return Optional.of(root);
    }
}
