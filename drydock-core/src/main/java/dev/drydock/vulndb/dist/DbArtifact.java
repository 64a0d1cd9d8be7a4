package dev.drydock.vulndb.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.image.BadInputException;
import dev.drydock.image.MediaTypes;
import dev.drydock.image.OciDocuments;
import dev.drydock.image.RegistryClient;
import dev.drydock.image.RegistryOptions;
import dev.drydock.image.RegistryPush;
import dev.drydock.image.VerifyingInputStream;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageRef;
import dev.drydock.model.UntrustedText;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The vulnerability database as an OCI artifact, so that it travels through any OCI registry (and
 * skopeo/oras mirrors) like an image: an image manifest with {@code artifactType}
 * {@value #ARTIFACT_TYPE}, the empty config descriptor, and one layer holding the gzip of the SQLite file.
 * This is the artifact form the image spec recommends for non-image content (artifactType set, config
 * empty), which registries that predate artifacts still store as an ordinary image manifest.
 *
 * <p>Pulling trusts nothing from the registry: the manifest's digest is checked (and pinned when the
 * reference carries a digest), the layer is hashed while it streams, both compressed and uncompressed
 * sizes are capped, and the result lands next to the target under a temporary name, is validated by the
 * caller, and only then atomically replaces the target. A failed or tampered pull leaves an existing
 * database untouched.
 */
public final class DbArtifact {
    public static final String ARTIFACT_TYPE = "application/vnd.drydock.vulndb.v1";
    public static final String LAYER_MEDIA_TYPE = "application/vnd.drydock.vulndb.layer.v1.sqlite+gzip";
    public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    /** The image spec's empty JSON object {@code {}}: 2 bytes with this digest. */
    public static final Digest EMPTY_DIGEST = Digest.parse("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    public static final String LAYER_TITLE = "drydock.db.gz";
    public static final String ANNOTATION_CREATED = "org.opencontainers.image.created";
    public static final String ANNOTATION_TITLE = "org.opencontainers.image.title";

    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ANNOTATIONS = 64;
    private static final int MAX_ANNOTATION_KEY = 256;
    private static final int MAX_ANNOTATION_VALUE = 4096;
    private static final int MAX_LAYERS = 16;

    private DbArtifact() {
    }

    /**
     * @param registry             how to talk to the registry (credentials, TLS, timeouts, retries)
     * @param maxCompressedBytes   cap on the layer as stored (the gzip)
     * @param maxUncompressedBytes cap on the database file after inflation
     */
    public record Options(RegistryOptions registry, long maxCompressedBytes, long maxUncompressedBytes) {
        public static final long DEFAULT_MAX_BYTES = 4L << 30;

        public Options {
            Objects.requireNonNull(registry, "registry");
            if (maxCompressedBytes <= 0 || maxUncompressedBytes <= 0) throw new IllegalArgumentException("size caps must be positive");
        }

        /** Registry defaults, 4 GiB compressed and 4 GiB uncompressed. */
        public static Options defaults() {
            return new Options(RegistryOptions.defaults(), DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES);
        }

        public Options withRegistry(RegistryOptions r) {
            return new Options(r, maxCompressedBytes, maxUncompressedBytes);
        }

        public Options withMaxCompressedBytes(long n) {
            return new Options(registry, n, maxUncompressedBytes);
        }

        public Options withMaxUncompressedBytes(long n) {
            return new Options(registry, maxCompressedBytes, n);
        }
    }

    /** Checks a pulled database before it replaces the current one; throws (anything) to refuse it. */
    @FunctionalInterface
    public interface Validator {
        void validate(Path candidate) throws Exception;
    }

    /**
     * What a pull installed.
     *
     * @param annotations the manifest's annotations, as the registry sent them (untrusted text)
     */
    public record Pulled(Digest manifestDigest, Digest layerDigest, long compressedBytes, long uncompressedBytes,
                         Map<String, String> annotations) {
        public Pulled {
            annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        }
    }

    /**
     * Pushes {@code dbFile} to {@code ref} (which must name a tag). {@code annotations} go on the manifest
     * after {@value #ANNOTATION_CREATED}, which is set to now unless given.
     *
     * @return the digest of the pushed manifest, for pinning ({@code ref@digest})
     */
    public static Digest push(ImageRef ref, Path dbFile, Map<String, String> annotations, Options options) {
        if (ref.tag() == null || ref.digest() != null) {
            throw new IllegalArgumentException("push needs a reference with a tag and no digest: " + ref);
        }
        if (!Files.isRegularFile(dbFile)) throw new BadInputException(dbFile + " is not a regular file");
        Map<String, String> all = manifestAnnotations(annotations);
        Path gz = null;
        try {
            long dbSize = Files.size(dbFile);
            if (dbSize > options.maxUncompressedBytes()) {
                throw new BadInputException(dbFile + " is " + dbSize + " bytes, over the limit of " + options.maxUncompressedBytes() + " bytes");
            }
            gz = Files.createTempFile("drydock-db-", ".gz");
            Digest layerDigest = gzip(dbFile, gz);
            long layerSize = Files.size(gz);
            if (layerSize > options.maxCompressedBytes()) {
                throw new BadInputException("the compressed database is " + layerSize + " bytes, over the limit of "
                        + options.maxCompressedBytes() + " bytes");
            }
            byte[] manifest = manifest(layerDigest, layerSize, all);
            try (RegistryClient client = new RegistryClient(ref.registry(), options.registry())) {
                RegistryPush push = new RegistryPush(client);
                push.pushBlob(ref.repository(), EMPTY_DIGEST, EMPTY_JSON);
                push.pushBlob(ref.repository(), layerDigest, layerSize, gz);
                return push.putManifest(ref.repository(), ref.tag(), MediaTypes.OCI_MANIFEST, manifest);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot prepare " + dbFile + " for pushing: " + e.getMessage(), e);
        } finally {
            deleteQuietly(gz);
        }
    }

    private static Map<String, String> manifestAnnotations(Map<String, String> given) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(ANNOTATION_CREATED, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (given != null) {
            if (given.size() > MAX_ANNOTATIONS) throw new IllegalArgumentException("too many annotations (" + given.size() + ")");
            for (Map.Entry<String, String> e : given.entrySet()) {
                String k = e.getKey();
                String v = e.getValue();
                if (k == null || k.isEmpty() || k.length() > MAX_ANNOTATION_KEY || v == null || v.length() > MAX_ANNOTATION_VALUE) {
                    throw new IllegalArgumentException("invalid annotation " + UntrustedText.printable(String.valueOf(k)));
                }
                all.put(k, v);
            }
        }
        return all;
    }

    /** The manifest as pushed; compact JSON, fields in the order the image spec lists them. */
    static byte[] manifest(Digest layerDigest, long layerSize, Map<String, String> annotations) {
        ObjectNode m = OciDocuments.json().createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        m.put("artifactType", ARTIFACT_TYPE);
        ObjectNode config = m.putObject("config");
        config.put("mediaType", EMPTY_MEDIA_TYPE);
        config.put("digest", EMPTY_DIGEST.toString());
        config.put("size", EMPTY_JSON.length);
        config.put("data", java.util.Base64.getEncoder().encodeToString(EMPTY_JSON));
        ObjectNode layer = m.putArray("layers").addObject();
        layer.put("mediaType", LAYER_MEDIA_TYPE);
        layer.put("digest", layerDigest.toString());
        layer.put("size", layerSize);
        layer.putObject("annotations").put(ANNOTATION_TITLE, LAYER_TITLE);
        ObjectNode a = m.putObject("annotations");
        annotations.forEach(a::put);
        try {
            return OciDocuments.json().writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gzips {@code from} into {@code to}, returning the sha256 of the compressed bytes. */
    private static Digest gzip(Path from, Path to) throws IOException {
        MessageDigest md = Digest.newSha256();
        // GZIPOutputStream writes no file name and a zero mtime, so the same database gives the same layer digest
        try (InputStream in = Files.newInputStream(from);
             OutputStream out = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(to), md), 64 * 1024)) {
            in.transferTo(out);
        }
        return Digest.ofSha256(md.digest());
    }

    /**
     * Pulls the database at {@code ref} (tag or pinned digest) into {@code targetFile}. The file is
     * written in the target's directory under a temporary name, checked by {@code validator}, and moved
     * over {@code targetFile} atomically; on any failure the temporary file is removed and
     * {@code targetFile} is as it was.
     */
    public static Pulled pull(ImageRef ref, Path targetFile, Options options, Validator validator) {
        Objects.requireNonNull(validator, "validator");
        Path target = targetFile.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || target.getFileName() == null) throw new IllegalArgumentException("not a file path: " + targetFile);
        String what = "database artifact " + ref;
        try (RegistryClient client = new RegistryClient(ref.registry(), options.registry())) {
            RegistryClient.FetchedManifest fetched = client.manifest(ref.repository(), ref.manifestReference(), ref.digest(), -1);
            Layer layer = parse(fetched, what, options);
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".pull");
            try {
                long written;
                try (InputStream blob = client.openBlob(ref.repository(), layer.digest(), "layer of " + what);
                     VerifyingInputStream verified = new VerifyingInputStream(blob, layer.digest(), layer.size(),
                             options.maxCompressedBytes(), "layer of " + what);
                     FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    OutputStream out = Channels.newOutputStream(ch);
                    try {
                        written = inflate(verified, out, options.maxUncompressedBytes(), what);
                    } catch (CorruptLayer corrupt) {
                        // tampered bytes usually break the gzip first; the digest mismatch is the clearer report
                        verified.drainAndVerify();
                        throw corrupt;
                    }
                    // bytes after the gzip stream are still part of the blob and its digest
                    verified.drainAndVerify();
                    ch.force(true);
                }
                try {
                    validator.validate(tmp);
                } catch (BadInputException e) {
                    throw e;
                } catch (Exception e) {
                    throw new BadInputException("the database pulled from " + ref + " failed validation: "
                            + UntrustedText.printable(String.valueOf(e.getMessage())), e);
                }
                move(tmp, target);
                return new Pulled(fetched.digest(), layer.digest(), layer.size(), written, layer.annotations());
            } finally {
                deleteQuietly(tmp);
            }
        } catch (IOException e) {
            throw new BadInputException("pulling " + what + " into " + targetFile + " failed: " + e.getMessage(), e);
        }
    }

    private record Layer(Digest digest, long size, Map<String, String> annotations) {
    }

    /** Checks that the manifest is ours: an OCI image manifest of our artifact type with one database layer. */
    private static Layer parse(RegistryClient.FetchedManifest fetched, String what, Options options) {
        JsonNode n;
        try {
            n = OciDocuments.json().readTree(fetched.body());
        } catch (IOException e) {
            throw new BadInputException(what + " has a manifest that is not valid JSON");
        }
        if (n == null || !n.isObject()) throw new BadInputException(what + " has a manifest that is not a JSON object");
        String mediaType = text(n, "mediaType");
        if (mediaType == null) mediaType = fetched.mediaType();
        if (MediaTypes.isIndex(mediaType) || n.has("manifests")) {
            throw new BadInputException(what + " is an image index, not a drydock database artifact");
        }
        if (!MediaTypes.OCI_MANIFEST.equals(mediaType)) {
            throw new BadInputException(what + " is not a drydock database artifact: its manifest has media type "
                    + UntrustedText.printable(String.valueOf(mediaType)) + ", expected " + MediaTypes.OCI_MANIFEST);
        }
        if (n.path("schemaVersion").asInt() != 2) throw new BadInputException(what + " has a manifest with an unsupported schemaVersion");
        String artifactType = text(n, "artifactType");
        // before artifactType existed, artifacts put their type in config.mediaType; accept that form too
        if (artifactType == null) artifactType = text(n.path("config"), "mediaType");
        if (!ARTIFACT_TYPE.equals(artifactType)) {
            throw new BadInputException(what + " is not a drydock database artifact: its artifact type is "
                    + (artifactType == null ? "missing" : UntrustedText.printable(artifactType)) + ", expected " + ARTIFACT_TYPE);
        }
        JsonNode layers = n.path("layers");
        if (!layers.isArray() || layers.size() > MAX_LAYERS) throw new BadInputException(what + " has a malformed layer list");
        Layer found = null;
        for (JsonNode l : layers) {
            if (!LAYER_MEDIA_TYPE.equals(text(l, "mediaType"))) continue;
            if (found != null) throw new BadInputException(what + " has more than one database layer");
            Digest d;
            try {
                d = Digest.parse(text(l, "digest"));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(what + ": database layer: " + e.getMessage());
            }
            long size = l.path("size").canConvertToLong() ? l.path("size").asLong(-1) : -1;
            if (size < 0) throw new BadInputException(what + ": database layer has no valid size");
            if (size > options.maxCompressedBytes()) {
                throw new BadInputException(what + ": database layer is " + size + " bytes, over the limit of "
                        + options.maxCompressedBytes() + " bytes");
            }
            found = new Layer(d, size, strings(n.path("annotations")));
        }
        if (found == null) throw new BadInputException(what + " has no layer of type " + LAYER_MEDIA_TYPE);
        return found;
    }

    /** The gzip inside the layer is broken (possibly because the blob was tampered with). */
    private static final class CorruptLayer extends BadInputException {
        CorruptLayer(String message) {
            super(message);
        }
    }

    private static long inflate(InputStream gz, OutputStream out, long max, String what) throws IOException {
        GZIPInputStream in;
        try {
            in = new GZIPInputStream(gz, 64 * 1024);
        } catch (java.util.zip.ZipException e) {
            throw new CorruptLayer("the layer of " + what + " is not gzip data");
        }
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        try {
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > max) {
                    throw new BadInputException("the database in " + what + " is over the limit of " + max + " bytes uncompressed");
                }
                out.write(buf, 0, n);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new CorruptLayer("the layer of " + what + " is corrupt: " + UntrustedText.printable(String.valueOf(e.getMessage())));
        }
        return total;
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // the temporary file is in the target's own directory, so this only happens on odd file systems
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Map<String, String> strings(JsonNode obj) {
        Map<String, String> m = new LinkedHashMap<>();
        if (obj.isObject()) {
            obj.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && m.size() < MAX_ANNOTATIONS) m.put(e.getKey(), e.getValue().asText());
            });
        }
        return m;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary file is not worth hiding the real outcome
        }
    }
}
