package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.ImageRef;
import dev.drydock.model.Layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An image in a registry. Opening it resolves the reference to one image manifest (through an
 * index for multi-platform images) and reads the config, all verified; layers are streamed from
 * the registry only when asked for.
 */
public final class RegistrySource implements ImageSource {
    private final ImageRef ref;
    private final RegistryOptions options;
    private final RegistryClient client;
    private final ImageMetadata metadata;

    private RegistrySource(ImageRef ref, RegistryOptions options, RegistryClient client, ImageMetadata metadata) {
        this.ref = ref;
        this.options = options;
        this.client = client;
        this.metadata = metadata;
    }

    public static RegistrySource open(ImageRef ref, RegistryOptions options) {
        RegistryClient client = new RegistryClient(ref.registry(), options);
        try {
            return new RegistrySource(ref, options, client, resolve(ref, options, client));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static ImageMetadata resolve(ImageRef ref, RegistryOptions options, RegistryClient client) {
        client.ping();
        String repo = ref.repository();
        RegistryClient.FetchedManifest top = client.manifest(repo, ref.manifestReference(), ref.digest(), -1);
        String what = ref.toString();
        OciDocuments.Document doc = OciDocuments.parseManifestOrIndex(top.body(), top.mediaType(), "manifest of " + what);
        RegistryClient.FetchedManifest image = top;
        OciDocuments.Manifest manifest;
        if (doc instanceof OciDocuments.IndexDoc(OciDocuments.Index index)) {
            Descriptor chosen = OciDocuments.select(index, options.platform(), "image index of " + what);
            if (chosen.mediaType() != null && MediaTypes.isIndex(chosen.mediaType())) {
                throw new BadInputException("image index of " + what + " points to another index for " + options.platform()
                        + "; nested indexes are not supported");
            }
            image = client.manifest(repo, chosen.digest().toString(), chosen.digest(), chosen.size());
            OciDocuments.Document inner = OciDocuments.parseManifestOrIndex(image.body(),
                    chosen.mediaType() != null ? chosen.mediaType() : image.mediaType(), "manifest " + chosen.digest().shortHex() + " of " + what);
            if (!(inner instanceof OciDocuments.ManifestDoc(OciDocuments.Manifest m))) {
                throw new BadInputException("image index of " + what + " points to another index for " + options.platform()
                        + "; nested indexes are not supported");
            }
            manifest = m;
        } else {
            manifest = ((OciDocuments.ManifestDoc) doc).manifest();
        }
        Descriptor config = manifest.config();
        String configType = config.mediaType();
        if (configType != null && !configType.equals(MediaTypes.OCI_CONFIG) && !configType.equals(MediaTypes.DOCKER_CONFIG)) {
            throw new BadInputException(what + " is not a container image: its config has media type "
                    + UntrustedText.printable(configType));
        }
        byte[] configJson = client.blob(repo, config, options.limits().maxJsonBytes(), "image config of " + what);
        Digest manifestDigest = image.digest();
        String name = ref.registry() + "/" + repo;
        List<String> tags = ref.tag() != null ? List.of(name + ":" + ref.tag()) : List.of();
        List<String> digests = List.of(name + "@" + manifestDigest);
        return ImageAssembly.metadata(ref.toString(), manifestDigest, manifest, configJson, options.limits(),
                tags, digests, Map.of());
    }

    public ImageRef ref() {
        return ref;
    }

    @Override
    public ImageMetadata metadata() {
        return metadata;
    }

    @Override
    public LayerStream openLayer(Layer layer) throws IOException {
        if (layer.index() < 0 || layer.index() >= metadata.layers().size() || !metadata.layers().get(layer.index()).equals(layer)) {
            throw new IllegalArgumentException("layer " + layer.index() + " is not a layer of " + ref);
        }
        InputStream blob = client.openBlob(ref.repository(), layer.digest(), "layer " + (layer.index() + 1) + " blob of " + ref);
        try {
            return LayerStream.open(blob, layer, options.limits());
        } catch (IOException | RuntimeException e) {
            blob.close();
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
