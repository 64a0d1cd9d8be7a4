package dev.drydock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.model.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Builds small real images for tests: layers as tars (gzip-compressed by default), a config with
 * matching diff_ids, an OCI manifest, written as an OCI image layout that skopeo and umoci accept.
 */
public final class TestImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One layer under construction: entries in tar order. */
    public static final class LayerBuilder {
        private final List<TarArchiveEntry> entries = new ArrayList<>();
        private final List<byte[]> contents = new ArrayList<>();

        public LayerBuilder file(String path, String content) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
        }

        public LayerBuilder file(String path, byte[] content, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(path);
            e.setSize(content.length);
            e.setMode(mode);
            e.setModTime(0);
            entries.add(e);
            contents.add(content);
            return this;
        }

        public LayerBuilder dir(String path) {
            TarArchiveEntry e = new TarArchiveEntry(path.endsWith("/") ? path : path + "/");
            e.setMode(0755);
            e.setModTime(0);
            entries.add(e);
            contents.add(null);
            return this;
        }

        public LayerBuilder symlink(String path, String target) {
            TarArchiveEntry e = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(target);
            e.setModTime(0);
            entries.add(e);
            contents.add(null);
            return this;
        }

        public LayerBuilder hardlink(String path, String target) {
            TarArchiveEntry e = new TarArchiveEntry(path, TarArchiveEntry.LF_LINK);
            e.setLinkName(target);
            e.setModTime(0);
            entries.add(e);
            contents.add(null);
            return this;
        }

        /** Deletes {@code path} from lower layers. */
        public LayerBuilder whiteout(String path) {
            int slash = path.lastIndexOf('/');
            String dir = slash < 0 ? "" : path.substring(0, slash + 1);
            return file(dir + ".wh." + path.substring(slash + 1), new byte[0], 0644);
        }

        /** Hides everything lower layers had below {@code dir}. */
        public LayerBuilder opaque(String dir) {
            return file(dir + "/.wh..wh..opq", new byte[0], 0644);
        }

        /** Adds every regular file, directory and symlink below {@code root}, with paths relative to it. */
        public LayerBuilder tree(Path root) {
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted().toList()) {
                    if (p.equals(root)) continue;
                    String rel = root.relativize(p).toString();
                    if (Files.isSymbolicLink(p)) symlink(rel, Files.readSymbolicLink(p).toString());
                    else if (Files.isDirectory(p)) dir(rel);
                    else if (Files.isRegularFile(p)) file(rel, Files.readAllBytes(p), Files.isExecutable(p) ? 0755 : 0644);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public byte[] tar() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (int i = 0; i < entries.size(); i++) {
                    tar.putArchiveEntry(entries.get(i));
                    if (contents.get(i) != null) tar.write(contents.get(i));
                    tar.closeArchiveEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    public enum Compression { NONE, GZIP }

    private final List<byte[]> layerTars = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Compression compression = Compression.GZIP;
    private String architecture = "amd64";

    public static LayerBuilder layer() {
        return new LayerBuilder();
    }

    public TestImage add(LayerBuilder layer) {
        layerTars.add(layer.tar());
        return this;
    }

    public TestImage addTar(byte[] tar) {
        layerTars.add(tar);
        return this;
    }

    public TestImage label(String k, String v) {
        labels.put(k, v);
        return this;
    }

    public TestImage compression(Compression c) {
        this.compression = c;
        return this;
    }

    public TestImage architecture(String arch) {
        this.architecture = arch;
        return this;
    }

    /** What was written: the manifest digest and the layout directory. */
    public record Written(Path layout, Digest manifestDigest, Digest configDigest, List<Digest> diffIds) {
    }

    /** Writes an OCI image layout at {@code dir} with one manifest tagged {@code tag}. */
    public Written writeOciLayout(Path dir, String tag) {
        try {
            Path blobs = dir.resolve("blobs/sha256");
            Files.createDirectories(blobs);
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            ArrayNode layerDescs = JSON.createArrayNode();
            ArrayNode diffIds = JSON.createArrayNode();
            List<Digest> diffIdList = new ArrayList<>();
            for (byte[] tar : layerTars) {
                Digest diffId = Digest.sha256(tar);
                diffIds.add(diffId.toString());
                diffIdList.add(diffId);
                byte[] blob = compression == Compression.GZIP ? gzip(tar) : tar;
                Digest d = writeBlob(blobs, blob);
                layerDescs.addObject()
                        .put("mediaType", compression == Compression.GZIP
                                ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar")
                        .put("digest", d.toString())
                        .put("size", blob.length);
            }
            ObjectNode config = JSON.createObjectNode();
            config.put("created", "2024-01-01T00:00:00Z");
            config.put("architecture", architecture);
            config.put("os", "linux");
            ObjectNode cfg = config.putObject("config");
            ObjectNode lbl = cfg.putObject("Labels");
            labels.forEach(lbl::put);
            config.putObject("rootfs").put("type", "layers").set("diff_ids", diffIds);
            byte[] configBytes = JSON.writeValueAsBytes(config);
            Digest configDigest = writeBlob(blobs, configBytes);
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                    .put("digest", configDigest.toString()).put("size", configBytes.length);
            manifest.set("layers", layerDescs);
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            Digest manifestDigest = writeBlob(blobs, manifestBytes);
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", "application/vnd.oci.image.index.v1+json");
            ObjectNode m = index.putArray("manifests").addObject();
            m.put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                    .put("digest", manifestDigest.toString()).put("size", manifestBytes.length);
            m.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
            m.putObject("platform").put("architecture", architecture).put("os", "linux");
            Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
            return new Written(dir, manifestDigest, configDigest, diffIdList);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Digest writeBlob(Path blobs, byte[] data) throws IOException {
        Digest d = Digest.sha256(data);
        Files.write(blobs.resolve(d.hex()), data);
        return d;
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
