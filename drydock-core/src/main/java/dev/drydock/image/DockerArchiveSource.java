package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker save} output: {@code manifest.json} naming a config and layer tars. A plain docker
 * archive has no registry manifest, so its manifest digest is unknown and the config digest (the
 * image ID) identifies it; archives written by Docker 25+ also hold an OCI layout, which is used
 * instead when present so the manifest digest is the real one.
 */
public final class DockerArchiveSource implements ImageSource {
    private final FileTree tree;
    private final Limits limits;
    private final ImageMetadata metadata;
    private final List<String> layerPaths = new ArrayList<>();

    DockerArchiveSource(FileTree tree, String reference, String ref, SourceOptions options) throws IOException {
        this.tree = tree;
        this.limits = options.limits();
        try {
            byte[] json = tree.readBounded("manifest.json", limits.maxJsonBytes(), "manifest.json");
            JsonNode arr = OciDocuments.json().readTree(json);
            if (arr == null || !arr.isArray() || arr.isEmpty()) throw new BadInputException(reference + ": manifest.json lists no images");
            JsonNode entry = choose(arr, ref, reference);
            String configPath = entry.path("Config").asText(null);
            if (configPath == null) throw new BadInputException(reference + ": manifest.json entry has no Config");
            byte[] config = tree.readBounded(configPath, limits.maxJsonBytes(), "image config");
            Digest configDigest = Digest.sha256(config);
            expectNamedDigest(configPath, configDigest);
            OciDocuments.Config cfg = OciDocuments.parseConfig(config, "image config");
            JsonNode layersNode = entry.path("Layers");
            if (!layersNode.isArray()) throw new BadInputException(reference + ": manifest.json entry has no Layers");
            if (layersNode.size() != cfg.diffIds().size()) {
                throw new BadInputException(reference + ": manifest.json lists " + layersNode.size() + " layers but the config has " + cfg.diffIds().size() + " diff_ids");
            }
            if (layersNode.size() > limits.maxLayers()) throw new BadInputException(reference + " has too many layers");
            List<Layer> layers = new ArrayList<>();
            for (int i = 0; i < layersNode.size(); i++) {
                String p = layersNode.get(i).asText();
                long size = tree.size(p);
                if (size < 0) throw new BadInputException(reference + ": layer " + (i + 1) + " is missing from the archive (" + UntrustedText.printable(p) + ")");
                layerPaths.add(p);
                layers.add(new Layer(i, null, cfg.diffIds().get(i), size, "application/vnd.docker.image.rootfs.diff.tar"));
            }
            List<String> tags = new ArrayList<>();
            entry.path("RepoTags").forEach(t -> tags.add(t.asText()));
            Digest manifestDigest = ociManifestDigest(configDigest);
            this.metadata = new ImageMetadata(reference, manifestDigest, manifestDigest == null ? null : MediaTypes.OCI_MANIFEST,
                    configDigest, cfg.platform(), cfg.created(), layers, tags, List.of(), cfg.labels(), null);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            tree.close();
            throw new BadInputException(reference + ": manifest.json is not valid JSON");
        } catch (IOException | RuntimeException e) {
            tree.close();
            throw e;
        }
    }

    private static JsonNode choose(JsonNode arr, String ref, String reference) {
        if (ref == null) {
            if (arr.size() == 1) return arr.get(0);
            throw new BadInputException(reference + " holds " + arr.size() + " images; name one as PATH:REPO:TAG");
        }
        for (JsonNode e : arr) {
            for (JsonNode t : e.path("RepoTags")) if (ref.equals(t.asText())) return e;
        }
        throw new BadInputException(reference + " has no image tagged " + UntrustedText.printable(ref));
    }

    /** Docker names configs {@code <hex>.json} or {@code blobs/sha256/<hex>}: a mismatch means tampering. */
    private static void expectNamedDigest(String path, Digest actual) {
        String name = ImagePaths.fileName(path);
        String hex = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        if (hex.matches("[a-f0-9]{64}") && !hex.equals(actual.hex())) {
            throw new BadInputException("image config does not match its name: expected sha256:" + hex + ", got " + actual);
        }
    }

    /** With an OCI index beside manifest.json (Docker 25+), the manifest that names this config is the image. */
    private Digest ociManifestDigest(Digest configDigest) {
        try {
            if (tree.size("index.json") < 0) return null;
            byte[] idx = tree.readBounded("index.json", limits.maxJsonBytes(), "index.json");
            if (!(OciDocuments.parseManifestOrIndex(idx, MediaTypes.OCI_INDEX, "index.json") instanceof OciDocuments.IndexDoc(OciDocuments.Index index))) return null;
            for (Descriptor d : index.manifests()) {
                String path = OciLayoutSource.blobPath(d.digest());
                if (tree.size(path) < 0 || d.size() > limits.maxJsonBytes()) continue;
                byte[] m;
                try (InputStream in = new VerifyingInputStream(tree.open(path), d.digest(), d.size(), limits.maxJsonBytes(), "manifest")) {
                    m = in.readAllBytes();
                }
                if (OciDocuments.parseManifestOrIndex(m, d.mediaType(), "manifest") instanceof OciDocuments.ManifestDoc(OciDocuments.Manifest man)
                        && man.config().digest().equals(configDigest)) {
                    return d.digest();
                }
            }
        } catch (IOException | BadInputException e) {
            // The legacy manifest.json is authoritative; an unusable OCI index only costs the manifest digest.
        }
        return null;
    }

    @Override
    public ImageMetadata metadata() {
        return metadata;
    }

    @Override
    public LayerStream openLayer(Layer layer) throws IOException {
        InputStream in = tree.open(layerPaths.get(layer.index()));
        return LayerStream.open(in, layer, limits);
    }

    @Override
    public void close() throws IOException {
        tree.close();
    }
}
