package dev.drydock.server.store;

import dev.drydock.model.ImageRef;

import java.util.Objects;

/**
 * A name an image was seen under. {@code tag} is empty when the image was named by digest only.
 */
public record ImageName(String registry, String repository, String tag) {
    public ImageName {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        tag = tag == null ? "" : tag;
    }

    /** The name of a registry reference such as {@code registry.example.com/shop/api:1.4.2}. */
    public static ImageName of(ImageRef ref) {
        return new ImageName(ref.registry(), ref.repository(), ref.tag());
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag.isEmpty() ? "" : ":" + tag);
    }
}
