package dev.drydock.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an image says about itself. For a root-filesystem source most fields are null and
 * {@code layers} is empty.
 *
 * @param reference      what the user asked for (e.g. {@code docker.io/library/debian:12}, {@code oci:/path:tag})
 * @param manifestDigest digest of the image manifest; the identity everything else joins on
 */
public record ImageMetadata(
        String reference,
        Digest manifestDigest,
        String manifestMediaType,
        Digest configDigest,
        Platform platform,
        String created,
        List<Layer> layers,
        List<String> repoTags,
        List<String> repoDigests,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public ImageMetadata {
        layers = layers == null ? List.of() : List.copyOf(layers);
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
        labels = sorted(labels);
        annotations = sorted(annotations);
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(m));
    }

    public long totalSize() {
        return layers.stream().mapToLong(Layer::size).sum();
    }
}
