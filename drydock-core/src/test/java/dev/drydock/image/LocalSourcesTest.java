package dev.drydock.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.catalog.Cataloger;
import dev.drydock.catalog.Warnings;
import dev.drydock.model.Digest;
import dev.drydock.model.Package;
import dev.drydock.testing.TestImage;
import dev.drydock.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OCI layout, oci-archive and docker-archive sources, with archives written by skopeo for interop. */
class LocalSourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    private static final String STATUS = "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4+deb12u11\n\n"
            + "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.17-1~deb12u2\n\n";

    private TestImage image() {
        return new TestImage()
                .label("org.opencontainers.image.source", "https://example.com/repo")
                .add(TestImage.layer().file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").file("var/lib/dpkg/status", STATUS))
                .add(TestImage.layer().file("app/hello.txt", "hello"));
    }

    private SourceOptions options() {
        return new SourceOptions(null, false, Limits.DEFAULT, tmp.resolve("scratch"));
    }

    private Catalog catalog(String spec, SourceOptions options, List<String> warnings) throws IOException {
        try (ImageSource s = ImageSources.open(spec, options)) {
            return new Cataloger(Cataloger.defaultAnalyzers(), null, options.limits(), 2).catalog(s, new Warnings(warnings::add), Cataloger.Progress.NONE);
        }
    }

    private Catalog catalog(String spec) throws IOException {
        return catalog(spec, options(), new ArrayList<>());
    }

    @Test
    void ociLayoutGivesManifestDigestConfigLayersAndLabels() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Catalog c = catalog("oci:" + w.layout() + ":v1");
        assertThat(c.image().manifestDigest()).isEqualTo(w.manifestDigest());
        assertThat(c.image().configDigest()).isEqualTo(w.configDigest());
        assertThat(c.image().layers()).extracting(l -> l.diffId()).containsExactlyElementsOf(w.diffIds());
        assertThat(c.image().labels()).containsEntry("org.opencontainers.image.source", "https://example.com/repo");
        assertThat(c.image().repoTags()).containsExactly("v1");
        assertThat(c.image().platform()).hasToString("linux/amd64");
        assertThat(c.packages()).extracting(Package::name).containsExactly("base-files", "libssl3");
        // an existing layout path needs no prefix
        assertThat(catalog(w.layout().toString()).image().manifestDigest()).isEqualTo(w.manifestDigest());
    }

    @Test
    void everyLocalSourceKindGivesTheSamePackages() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Path dockerArchive = tmp.resolve("image-docker.tar");
        Path ociArchive = tmp.resolve("image-oci.tar");
        Tools.run("skopeo", "copy", "--quiet", "oci:" + w.layout() + ":v1", "docker-archive:" + dockerArchive + ":example/app:v1");
        Tools.run("skopeo", "copy", "--quiet", "oci:" + w.layout() + ":v1", "oci-archive:" + ociArchive + ":v1");
        Catalog fromLayout = catalog("oci:" + w.layout());
        Catalog fromDocker = catalog("docker-archive:" + dockerArchive);
        Catalog fromOciArchive = catalog("oci-archive:" + ociArchive + ":v1");
        Catalog autodetected = catalog(dockerArchive.toString());
        for (Catalog c : List.of(fromDocker, fromOciArchive, autodetected)) {
            assertThat(c.packages()).isEqualTo(fromLayout.packages());
            assertThat(c.image().configDigest()).isEqualTo(w.configDigest());
        }
        assertThat(fromDocker.image().repoTags()).containsExactly("docker.io/example/app:v1");
        assertThat(fromOciArchive.image().layers()).extracting(l -> l.diffId()).containsExactlyElementsOf(w.diffIds());
    }

    @Test
    void gzipCompressedDockerArchiveIsRead() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Path archive = tmp.resolve("image.tar");
        Tools.run("skopeo", "copy", "--quiet", "oci:" + w.layout() + ":v1", "docker-archive:" + archive + ":example/app:v1");
        Path gz = tmp.resolve("image.tar.gz");
        Files.write(gz, TestImage.gzip(Files.readAllBytes(archive)));
        assertThat(catalog(gz.toString()).packages()).hasSize(2);
        try (var scratch = Files.list(tmp.resolve("scratch"))) {
            assertThat(scratch).as("the decompressed copy is removed").isEmpty();
        }
    }

    @Test
    void uncompressedAndZstdLayersAreRead() throws IOException {
        TestImage.Written plain = image().compression(TestImage.Compression.NONE).writeOciLayout(tmp.resolve("plain"), "v1");
        assertThat(catalog("oci:" + plain.layout()).packages()).hasSize(2);
        Path zstd = tmp.resolve("zstd");
        Tools.run("skopeo", "copy", "--quiet", "--dest-compress-format", "zstd", "oci:" + plain.layout() + ":v1", "oci:" + zstd + ":v1");
        Catalog c = catalog("oci:" + zstd);
        assertThat(c.packages()).hasSize(2);
        assertThat(c.image().layers()).allSatisfy(l -> assertThat(l.mediaType()).endsWith("+zstd"));
    }

    @Test
    void aLayoutWithSeveralImagesNeedsARefAndListsThem() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Tools.run("skopeo", "copy", "--quiet", "oci:" + w.layout() + ":v1", "oci:" + w.layout() + ":v2");
        assertThatThrownBy(() -> catalog("oci:" + w.layout()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("holds 2 images").hasMessageContaining("v1").hasMessageContaining("v2");
        assertThatThrownBy(() -> catalog("oci:" + w.layout() + ":v3")).hasMessageContaining("has no image named v3");
        assertThat(catalog("oci:" + w.layout() + ":v2").packages()).hasSize(2);
    }

    // ---- hostile and broken images ----

    private static Path blob(TestImage.Written w, Digest d) {
        return w.layout().resolve("blobs/sha256/" + d.hex());
    }

    private static Digest layerBlob(TestImage.Written w, int index) throws IOException {
        byte[] manifest = Files.readAllBytes(blob(w, w.manifestDigest()));
        return Digest.parse(JSON.readTree(manifest).path("layers").get(index).path("digest").asText());
    }

    @Test
    void aLayerBlobThatDoesNotMatchItsDigestIsRejected() throws IOException {
        TestImage.Written w = image().compression(TestImage.Compression.NONE).writeOciLayout(tmp.resolve("layout"), "v1");
        Path layer = blob(w, layerBlob(w, 1));
        byte[] b = Files.readAllBytes(layer);
        b[600] ^= 1; // inside hello.txt's data block: the tar still parses
        Files.write(layer, b);
        assertThatThrownBy(() -> catalog("oci:" + w.layout()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not match its digest");
    }

    @Test
    void aTruncatedLayerBlobIsRejected() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Path layer = blob(w, layerBlob(w, 0));
        byte[] b = Files.readAllBytes(layer);
        Files.write(layer, java.util.Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> catalog("oci:" + w.layout()))
                .isInstanceOf(BadInputException.class).hasMessageMatching(".*(truncated|corrupt|not a valid).*");
    }

    @Test
    void aLayerWhoseContentDoesNotMatchTheConfigDiffIdIsRejected() throws IOException {
        // Re-point the config at a different diff_id, re-hash config and manifest so only the diffID is wrong.
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readAllBytes(blob(w, w.configDigest())));
        ((com.fasterxml.jackson.databind.node.ArrayNode) config.path("rootfs").path("diff_ids")).set(0, "sha256:" + "0".repeat(64));
        rewriteConfig(w, config);
        assertThatThrownBy(() -> catalog("oci:" + w.layout()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("(uncompressed) does not match its digest");
    }

    private void rewriteConfig(TestImage.Written w, ObjectNode config) throws IOException {
        byte[] cfg = JSON.writeValueAsBytes(config);
        Digest cd = Digest.sha256(cfg);
        Files.write(blob(w, cd), cfg);
        ObjectNode manifest = (ObjectNode) JSON.readTree(Files.readAllBytes(blob(w, w.manifestDigest())));
        ((ObjectNode) manifest.get("config")).put("digest", cd.toString()).put("size", cfg.length);
        byte[] m = JSON.writeValueAsBytes(manifest);
        Digest md = Digest.sha256(m);
        Files.write(blob(w, md), m);
        ObjectNode index = (ObjectNode) JSON.readTree(Files.readAllBytes(w.layout().resolve("index.json")));
        ((ObjectNode) index.get("manifests").get(0)).put("digest", md.toString()).put("size", m.length);
        Files.write(w.layout().resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    @Test
    void aManifestThatDoesNotMatchTheIndexDigestIsRejected() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Path m = blob(w, w.manifestDigest());
        Files.writeString(m, Files.readString(m).replace("\"schemaVersion\":2", "\"schemaVersion\":2 "));
        assertThatThrownBy(() -> catalog("oci:" + w.layout())).isInstanceOf(BadInputException.class)
                .hasMessageMatching(".*(does not match its digest|larger than its descriptor).*");
    }

    @Test
    void aManifestNamingAMissingBlobIsRejected() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Files.delete(blob(w, layerBlob(w, 1)));
        assertThatThrownBy(() -> catalog("oci:" + w.layout())).isInstanceOf(BadInputException.class).hasMessageContaining("missing");
        TestImage.Written w2 = image().writeOciLayout(tmp.resolve("layout2"), "v1");
        Files.delete(blob(w2, w2.configDigest()));
        assertThatThrownBy(() -> catalog("oci:" + w2.layout())).isInstanceOf(BadInputException.class).hasMessageContaining("not in the layout");
    }

    @Test
    void anUnknownLayerMediaTypeIsRejected() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Path m = blob(w, w.manifestDigest());
        String changed = Files.readString(m).replaceFirst("application/vnd.oci.image.layer.v1.tar\\+gzip", "application/x-evil");
        Files.writeString(m, changed);
        Digest md = Digest.sha256(changed.getBytes());
        Files.move(m, blob(w, md));
        Files.writeString(w.layout().resolve("index.json"), Files.readString(w.layout().resolve("index.json"))
                .replace(w.manifestDigest().toString(), md.toString()).replaceAll("\"size\":\\d+", "\"size\":" + changed.length()));
        assertThatThrownBy(() -> catalog("oci:" + w.layout())).isInstanceOf(BadInputException.class).hasMessageContaining("unsupported media type application/x-evil");
    }

    @Test
    void aDecompressionBombIsStopped() throws IOException {
        byte[] zeros = new byte[80 << 20];
        TestImage.Written w = new TestImage().add(TestImage.layer().file("big", zeros, 0644)).writeOciLayout(tmp.resolve("layout"), "v1");
        SourceOptions strict = new SourceOptions(null, false, Limits.DEFAULT.withMaxCompressionRatio(100), tmp);
        assertThatThrownBy(() -> catalog("oci:" + w.layout(), strict, new ArrayList<>()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("decompression bomb");
        SourceOptions small = new SourceOptions(null, false, Limits.DEFAULT.withMaxLayerBytes(1 << 20), tmp);
        assertThatThrownBy(() -> catalog("oci:" + w.layout(), small, new ArrayList<>()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("beyond the limit");
    }

    @Test
    void tarEntriesClimbingOutOfTheRootAreSkippedWithAWarning() throws IOException {
        TestImage.Written w = new TestImage().add(TestImage.layer()
                        .dir("./")
                        .file("../../etc/passwd", "root:x:0:0")
                        .file("/var/lib/dpkg/status", STATUS)
                        .hardlink("var/lib/dpkg/status2", "../../../outside"))
                .writeOciLayout(tmp.resolve("layout"), "v1");
        List<String> warnings = new ArrayList<>();
        Catalog c = catalog("oci:" + w.layout(), options(), warnings);
        assertThat(c.packages()).hasSize(2); // the absolute path is read as root-relative
        assertThat(warnings).anySatisfy(m -> assertThat(m).contains("outside the image root").contains("../../etc/passwd"));
        assertThat(warnings).as("the root entry ./ is normal").noneMatch(m -> m.endsWith("root: ./"));
        assertThat(tmp.getParent().resolve("etc/passwd")).doesNotExist();
    }

    @Test
    void aHardLinkToAPackageDatabaseInTheSameLayerIsRead() throws IOException {
        TestImage.Written w = new TestImage().add(TestImage.layer()
                        .file("tmp/status", STATUS)
                        .hardlink("var/lib/dpkg/status", "tmp/status"))
                .writeOciLayout(tmp.resolve("layout"), "v1");
        // tmp/status is not wanted, so its bytes were never kept: the link is treated as unreadable
        assertThat(catalog("oci:" + w.layout()).packages()).isEmpty();
        TestImage.Written w2 = new TestImage().add(TestImage.layer()
                        .file("var/lib/dpkg/status", STATUS)
                        .hardlink("var/lib/dpkg/status.d/copy", "var/lib/dpkg/status"))
                .writeOciLayout(tmp.resolve("layout2"), "v1");
        Catalog linked = catalog("oci:" + w2.layout());
        assertThat(linked.packages()).hasSize(4);
        assertThat(linked.packages()).extracting(Package::path).containsOnly("var/lib/dpkg/status", "var/lib/dpkg/status.d/copy");
    }

    @Test
    void aPackageDatabaseOverTheSizeLimitIsSkippedWithAWarning() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        List<String> warnings = new ArrayList<>();
        SourceOptions tiny = new SourceOptions(null, false, Limits.DEFAULT.withMaxFileBytes(100), tmp);
        Catalog c = catalog("oci:" + w.layout(), tiny, warnings);
        assertThat(c.packages()).isEmpty();
        assertThat(warnings).anySatisfy(m -> assertThat(m).contains("var/lib/dpkg/status").contains("over the file limit"));
    }

    @Test
    void aLayerThatIsNotATarIsRejected() throws IOException {
        TestImage.Written w = new TestImage().addTar(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).writeOciLayout(tmp.resolve("layout"), "v1");
        assertThatThrownBy(() -> catalog("oci:" + w.layout())).isInstanceOf(BadInputException.class);
    }

    @Test
    void malformedJsonDocumentsGiveOneLineErrors() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Files.writeString(w.layout().resolve("index.json"), "{\"manifests\": [ {\"digest\": \"sha256:nothex\", \"size\": 3} ]}");
        assertThatThrownBy(() -> catalog("oci:" + w.layout())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("malformed sha256 digest").hasMessageNotContaining("\n");
        Files.writeString(w.layout().resolve("index.json"), "[[[[");
        assertThatThrownBy(() -> catalog("oci:" + w.layout())).isInstanceOf(BadInputException.class).hasMessageContaining("index.json");
        Files.writeString(w.layout().resolve("index.json"), "{\"schemaVersion\":1,\"fsLayers\":[]}");
        assertThatThrownBy(() -> catalog("oci:" + w.layout())).hasMessageContaining("schema 1");
    }

    @Test
    void aDockerArchiveWhoseConfigWasTamperedWithIsRejected() throws IOException {
        TestImage.Written w = image().writeOciLayout(tmp.resolve("layout"), "v1");
        Path extracted = tmp.resolve("x");
        Path archive = tmp.resolve("image.tar");
        Tools.run("skopeo", "copy", "--quiet", "oci:" + w.layout() + ":v1", "docker-archive:" + archive + ":example/app:v1");
        Files.createDirectories(extracted);
        Tools.run("tar", "-xf", archive.toString(), "-C", extracted.toString());
        String cfgName = JSON.readTree(extracted.resolve("manifest.json").toFile()).get(0).get("Config").asText();
        Path cfg = extracted.resolve(cfgName);
        Files.writeString(cfg, Files.readString(cfg).replace("amd64", "arm64"));
        Path tampered = tmp.resolve("tampered.tar");
        Tools.run("tar", "-cf", tampered.toString(), "-C", extracted.toString(), ".");
        assertThatThrownBy(() -> catalog("docker-archive:" + tampered)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("image config does not match its name");
    }

    @Test
    void missingPathsAndNonImagesGiveClearErrors() throws IOException {
        assertThatThrownBy(() -> catalog("oci:" + tmp.resolve("nope"))).hasMessageContaining("no such file or directory");
        Path notAnImage = tmp.resolve("notes.tar");
        Tools.run("tar", "-cf", notAnImage.toString(), "-C", tmp.toString(), "--files-from", "/dev/null");
        assertThatThrownBy(() -> catalog(notAnImage.toString())).hasMessageContaining("neither a docker archive nor an OCI archive");
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> catalog("docker-archive:" + text)).isInstanceOf(BadInputException.class);
    }

    @Test
    void entriesOfAnArchiveCanBeReadInterleaved() throws IOException {
        // Layers are analysed on several threads: two open entries must not share a read position.
        byte[] a = new byte[300_000], b = new byte[300_000];
        java.util.Arrays.fill(a, (byte) 'a');
        java.util.Arrays.fill(b, (byte) 'b');
        Path archive = tmp.resolve("two.tar");
        Files.write(archive, TestImage.layer().file("a", a, 0644).file("b", b, 0644).tar());
        try (TarTree tree = new TarTree(archive, tmp, Limits.DEFAULT);
             var inA = tree.open("a"); var inB = tree.open("b")) {
            java.io.ByteArrayOutputStream outA = new java.io.ByteArrayOutputStream(), outB = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int ra = 0, rb = 0; ra >= 0 || rb >= 0; ) {
                if ((ra = inA.read(buf)) > 0) outA.write(buf, 0, ra);
                if ((rb = inB.read(buf)) > 0) outB.write(buf, 0, rb);
            }
            assertThat(outA.toByteArray()).isEqualTo(a);
            assertThat(outB.toByteArray()).isEqualTo(b);
        }
    }
}
