package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/}), as a directory
 * ({@code oci:PATH[:ref]}) or as a tar of one ({@code oci-archive:PATH[:ref]}).
 */
public final class OciLayoutSource implements ImageSource {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final int MAX_NESTING = 4;

    private final FileTree tree;
    private final Limits limits;
    private final ImageMetadata metadata;

    OciLayoutSource(FileTree tree, String reference, String ref, SourceOptions options) throws IOException {
        this.tree = tree;
        this.limits = options.limits();
        try {
            if (tree.size("oci-layout") < 0) throw new BadInputException(reference + " is not an OCI image layout (no oci-layout file)");
            byte[] indexJson = tree.readBounded("index.json", limits.maxJsonBytes(), "index.json");
            OciDocuments.Document doc = OciDocuments.parseManifestOrIndex(indexJson, MediaTypes.OCI_INDEX, "index.json");
            if (!(doc instanceof OciDocuments.IndexDoc(OciDocuments.Index index))) {
                throw new BadInputException("index.json of " + reference + " is not an image index");
            }
            Descriptor chosen = chooseByRef(index, ref, reference);
            List<String> tags = new ArrayList<>();
            String name = chosen.annotations().get(REF_NAME);
            if (name != null) tags.add(name);
            this.metadata = resolve(chosen, reference, tags, options, 0);
        } catch (IOException | RuntimeException e) {
            tree.close();
            throw e;
        }
    }

    private static Descriptor chooseByRef(OciDocuments.Index index, String ref, String reference) {
        List<Descriptor> ms = index.manifests();
        if (ref != null) {
            for (Descriptor d : ms) {
                if (ref.equals(d.annotations().get(REF_NAME)) || d.digest().toString().equals(ref)) return d;
            }
            throw new BadInputException(reference + " has no image named " + UntrustedText.printable(ref) + refs(ms));
        }
        if (ms.size() == 1) return ms.get(0);
        if (ms.isEmpty()) throw new BadInputException(reference + " holds no images");
        throw new BadInputException(reference + " holds " + ms.size() + " images; name one as PATH:REF" + refs(ms));
    }

    private static String refs(List<Descriptor> ms) {
        List<String> names = ms.stream().map(d -> d.annotations().getOrDefault(REF_NAME, d.digest().toString())).toList();
        return names.isEmpty() ? "" : " (it has: " + String.join(", ", names.stream().map(UntrustedText::printable).toList()) + ")";
    }

    private ImageMetadata resolve(Descriptor d, String reference, List<String> tags, SourceOptions options, int depth) throws IOException {
        if (depth > MAX_NESTING) throw new BadInputException(reference + ": image indexes nest too deeply");
        byte[] json = readBlob(d, "manifest " + d.digest().shortHex());
        OciDocuments.Document doc = OciDocuments.parseManifestOrIndex(json, d.mediaType(), "manifest " + d.digest().shortHex());
        return switch (doc) {
            case OciDocuments.IndexDoc(OciDocuments.Index idx) ->
                    resolve(OciDocuments.select(idx, options.platform(), reference), reference, tags, options, depth + 1);
            case OciDocuments.ManifestDoc(OciDocuments.Manifest m) -> {
                byte[] config = readBlob(m.config(), "image config " + m.config().digest().shortHex());
                yield ImageAssembly.metadata(reference, d.digest(), m, config, limits, tags, List.of(), Map.of());
            }
        };
    }

    /** Reads a small blob fully and checks it against its descriptor. */
    private byte[] readBlob(Descriptor d, String what) throws IOException {
        if (d.size() > limits.maxJsonBytes()) throw new BadInputException(what + " is " + d.size() + " bytes, over the limit of " + limits.maxJsonBytes());
        String path = blobPath(d.digest());
        if (tree.size(path) < 0) throw new BadInputException(what + " names a blob that is not in the layout: " + d.digest());
        try (InputStream in = new VerifyingInputStream(tree.open(path), d.digest(), d.size(), limits.maxJsonBytes(), what)) {
            return in.readAllBytes();
        }
    }

    static String blobPath(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    @Override
    public ImageMetadata metadata() {
        return metadata;
    }

    @Override
    public LayerStream openLayer(Layer layer) throws IOException {
        InputStream in = tree.open(blobPath(layer.digest()));
        if (in == null) throw new BadInputException("layer " + (layer.index() + 1) + " blob is missing from the layout: " + layer.digest());
        return LayerStream.open(in, layer, limits);
    }

    @Override
    public void close() throws IOException {
        tree.close();
    }
}
