package dev.drydock.image;

import dev.drydock.model.Digest;
import dev.drydock.model.Platform;

import java.util.Map;

/** An OCI content descriptor: what a manifest or index says about a blob it references. */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations) {
    public Descriptor {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
