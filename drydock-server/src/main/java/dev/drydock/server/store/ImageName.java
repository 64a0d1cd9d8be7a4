package dev.drydock.server.store;

import dev.drydock.model.ImageRef;

import java.util.Objects;
import java.util.Optional;

/**
 * A name an image was seen under. {@code tag} is empty when the image was named by digest only.
 */
public record ImageName(String registry, String repository, String tag) {
    /** The image sources that are not a registry (DESIGN.md section 5, IMAGE). */
    private static final java.util.List<String> LOCAL_PREFIXES = java.util.List.of("oci:", "oci-archive:", "docker-archive:", "dir:");

    public ImageName {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        tag = tag == null ? "" : tag;
    }

    /** The name of a registry reference such as {@code registry.example.com/shop/api:1.4.2}. */
    public static ImageName of(ImageRef ref) {
        return new ImageName(ref.registry(), ref.repository(), ref.tag());
    }

    /**
     * The name in a scan report's reference, when it is a registry reference; empty for local sources
     * ({@code oci:…}, {@code docker-archive:…}, paths) and for anything that does not parse.
     */
    public static Optional<ImageName> fromReference(String reference) {
        if (reference == null || reference.startsWith("/") || reference.startsWith(".")) return Optional.empty();
        for (String local : LOCAL_PREFIXES) if (reference.startsWith(local)) return Optional.empty();
        try {
            return Optional.of(of(ImageRef.parse(reference)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag.isEmpty() ? "" : ":" + tag);
    }
}
