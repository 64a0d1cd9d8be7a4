package dev.drydock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.model.Digest;
import dev.drydock.model.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OCI layout whose tag names an image index over several single-platform images
 * (each written with {@link TestImage}), as {@code skopeo copy --all} pushes it.
 */
public final class MultiPlatformLayout {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The index digest and, per platform, the image written for it. */
    public record Written(Path layout, Digest indexDigest, Map<Platform, TestImage.Written> images) {
    }

    private MultiPlatformLayout() {
    }

    /**
     * @param images platform → an image already written as its own OCI layout (its blobs are copied in)
     */
    public static Written write(Path dir, String tag, Map<Platform, TestImage.Written> images) {
        try {
            Path blobs = dir.resolve("blobs/sha256");
            Files.createDirectories(blobs);
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", "application/vnd.oci.image.index.v1+json");
            ArrayNode manifests = index.putArray("manifests");
            for (Map.Entry<Platform, TestImage.Written> e : images.entrySet()) {
                TestImage.Written w = e.getValue();
                try (var files = Files.list(w.layout().resolve("blobs/sha256"))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, blobs.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                long size = Files.size(blobs.resolve(w.manifestDigest().hex()));
                ObjectNode m = manifests.addObject();
                m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
                m.put("digest", w.manifestDigest().toString());
                m.put("size", size);
                Platform p = e.getKey();
                ObjectNode pl = m.putObject("platform");
                pl.put("architecture", p.architecture());
                pl.put("os", p.os());
                if (p.variant() != null) pl.put("variant", p.variant());
            }
            byte[] indexBytes = JSON.writeValueAsBytes(index);
            Digest indexDigest = Digest.sha256(indexBytes);
            Files.write(blobs.resolve(indexDigest.hex()), indexBytes);
            ObjectNode top = JSON.createObjectNode();
            top.put("schemaVersion", 2);
            ObjectNode ref = top.putArray("manifests").addObject();
            ref.put("mediaType", "application/vnd.oci.image.index.v1+json");
            ref.put("digest", indexDigest.toString());
            ref.put("size", indexBytes.length);
            ref.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
            Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(top));
            return new Written(dir, indexDigest, new LinkedHashMap<>(images));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
