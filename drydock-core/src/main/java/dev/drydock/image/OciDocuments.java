package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.model.Digest;
import dev.drydock.model.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the JSON documents of an image — index, manifest, config — shared by every image source,
 * and turns malformed ones into one-line {@link BadInputException}s.
 */
public final class OciDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OciDocuments() {
    }

    /** An image index (OCI) or manifest list (Docker). */
    public record Index(String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
    }

    /** An image manifest (OCI or Docker v2 schema 2). */
    public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    }

    /** The parts of an image config that drydock keeps. */
    public record Config(Platform platform, String created, List<Digest> diffIds, Map<String, String> labels) {
    }

    public sealed interface Document permits IndexDoc, ManifestDoc {
    }

    public record IndexDoc(Index index) implements Document {
    }

    public record ManifestDoc(Manifest manifest) implements Document {
    }

    static JsonNode tree(byte[] json, String what) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) throw new BadInputException(what + " is not a JSON object");
            return n;
        } catch (JacksonException e) {
            throw new BadInputException(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadInputException(what + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Parses a manifest or an index. {@code declaredType} is the Content-Type or descriptor media type
     * when known; the document's own {@code mediaType} field wins, and its shape decides when neither is set.
     */
    public static Document parseManifestOrIndex(byte[] json, String declaredType, String what) {
        JsonNode n = tree(json, what);
        String mt = text(n, "mediaType");
        if (mt == null) mt = declaredType;
        if (MediaTypes.DOCKER_SCHEMA1.equals(mt) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(mt) || n.path("schemaVersion").asInt() == 1) {
            throw new BadInputException(what + " is a Docker schema 1 manifest, which is deprecated and not supported; re-push the image with a current tool");
        }
        boolean index = MediaTypes.isIndex(mt) || (mt == null || !MediaTypes.isManifest(mt)) && n.has("manifests");
        if (index) {
            List<Descriptor> ms = descriptors(n.path("manifests"), what + " manifests");
            return new IndexDoc(new Index(mt == null ? MediaTypes.OCI_INDEX : mt, ms, strings(n.path("annotations"))));
        }
        if (mt != null && !MediaTypes.isManifest(mt)) {
            throw new BadInputException(what + " has unsupported media type " + UntrustedText.printable(mt));
        }
        if (!n.has("config") || !n.has("layers")) throw new BadInputException(what + " is neither an image manifest nor an index");
        Descriptor config = descriptor(n.get("config"), what + " config");
        List<Descriptor> layers = descriptors(n.path("layers"), what + " layers");
        return new ManifestDoc(new Manifest(mt == null ? MediaTypes.OCI_MANIFEST : mt, config, layers, strings(n.path("annotations"))));
    }

    public static Config parseConfig(byte[] json, String what) {
        JsonNode n = tree(json, what);
        String os = text(n, "os");
        String arch = text(n, "architecture");
        Platform platform = os != null && arch != null && !os.isBlank() && !arch.isBlank()
                ? new Platform(os, arch, text(n, "variant")) : null;
        JsonNode rootfs = n.path("rootfs");
        JsonNode ids = rootfs.path("diff_ids");
        if (!ids.isArray()) throw new BadInputException(what + " has no rootfs.diff_ids");
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode id : ids) diffIds.add(digest(id.asText(null), what + " diff_id"));
        Map<String, String> labels = strings(n.path("config").path("Labels"));
        return new Config(platform, text(n, "created"), diffIds, labels);
    }

    /** Picks the manifest for {@code wanted} from an index; fails listing what the index offers. */
    public static Descriptor select(Index index, Platform wanted, String what) {
        List<String> offered = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            Platform p = d.platform();
            if (p == null) continue;
            offered.add(p.toString());
            if (wanted.matches(p.os(), p.architecture(), p.variant())) return d;
        }
        // Docker's arm64 images carry variant v8; a request without a variant took them above.
        throw new BadInputException(what + " has no image for platform " + wanted
                + (offered.isEmpty() ? "" : " (it has: " + String.join(", ", offered.stream().filter(s -> !s.startsWith("unknown/")).toList()) + ")"));
    }

    static List<Descriptor> descriptors(JsonNode arr, String what) {
        if (!arr.isArray()) throw new BadInputException(what + " is not a list");
        List<Descriptor> out = new ArrayList<>(arr.size());
        for (JsonNode d : arr) out.add(descriptor(d, what));
        return out;
    }

    static Descriptor descriptor(JsonNode d, String what) {
        if (!d.isObject()) throw new BadInputException(what + ": descriptor is not an object");
        Digest digest = digest(text(d, "digest"), what);
        long size = d.path("size").asLong(-1);
        if (size < 0) throw new BadInputException(what + ": descriptor for " + digest + " has no valid size");
        Platform platform = null;
        JsonNode p = d.get("platform");
        if (p != null && p.isObject() && text(p, "os") != null && text(p, "architecture") != null
                && !text(p, "os").isBlank() && !text(p, "architecture").isBlank()) {
            platform = new Platform(text(p, "os"), text(p, "architecture"), text(p, "variant"));
        }
        return new Descriptor(text(d, "mediaType"), digest, size, platform, strings(d.path("annotations")));
    }

    static Digest digest(String s, String what) {
        try {
            return Digest.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(what + ": " + e.getMessage());
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    static Map<String, String> strings(JsonNode obj) {
        Map<String, String> m = new LinkedHashMap<>();
        if (obj != null && obj.isObject()) {
            obj.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) m.put(e.getKey(), e.getValue().asText());
            });
        }
        return m;
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
