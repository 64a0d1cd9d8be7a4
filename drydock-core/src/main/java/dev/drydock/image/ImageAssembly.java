package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds {@link ImageMetadata} from a verified manifest and config, checking that they agree. */
public final class ImageAssembly {
    private ImageAssembly() {
    }

    public static ImageMetadata metadata(String reference, Digest manifestDigest, OciDocuments.Manifest manifest,
                                         byte[] configJson, Limits limits, List<String> repoTags,
                                         List<String> repoDigests, Map<String, String> extraAnnotations) {
        Digest configDigest = manifest.config().digest();
        OciDocuments.Config config = OciDocuments.parseConfig(configJson, "image config " + configDigest.shortHex());
        List<Descriptor> blobs = manifest.layers();
        if (blobs.size() > limits.maxLayers()) {
            throw new BadInputException("image has " + blobs.size() + " layers, more than the limit of " + limits.maxLayers());
        }
        if (blobs.size() != config.diffIds().size()) {
            throw new BadInputException("manifest lists " + blobs.size() + " layers but the config has "
                    + config.diffIds().size() + " diff_ids");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            Descriptor d = blobs.get(i);
            if (d.mediaType() != null && !MediaTypes.LAYER_TYPES.contains(d.mediaType())) {
                throw new BadInputException("layer " + (i + 1) + " has unsupported media type " + UntrustedText.printable(d.mediaType()));
            }
            layers.add(new Layer(i, d.digest(), config.diffIds().get(i), d.size(), d.mediaType()));
        }
        Map<String, String> annotations = new java.util.TreeMap<>(manifest.annotations());
        if (extraAnnotations != null) extraAnnotations.forEach(annotations::putIfAbsent);
        return new ImageMetadata(reference, manifestDigest, manifest.mediaType(), configDigest, config.platform(),
                config.created(), layers, repoTags, repoDigests, config.labels(), annotations);
    }
}
