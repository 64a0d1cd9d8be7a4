package dev.drydock.image;

import dev.drydock.model.Digest;
import dev.drydock.model.ImageRef;
import dev.drydock.model.Layer;
import dev.drydock.testing.FakeRegistry;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static dev.drydock.testing.FakeRegistry.blobPath;
import static dev.drydock.testing.FakeRegistry.manifestPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile or broken registries, served by a fake: each case ends in one clear BadInputException
 * (one line, no unbounded memory, no hang).
 */
class RegistryBadInputTest {
    static final String REPO = "evil/app";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path tmp;

    FakeRegistry fake;
    TestImage.Written image;
    byte[] layerTar;

    @BeforeEach
    void serve() {
        // big enough that a cut or stall lands in the middle of the body
        byte[] noise = new byte[300_000];
        new java.util.Random(42).nextBytes(noise);
        layerTar = TestImage.layer().file("etc/os-release", "ID=debian\n").file("data.bin", noise, 0644).tar();
        image = new TestImage().addTar(layerTar).writeOciLayout(tmp.resolve("img"), "v1");
        fake = FakeRegistry.start().serve(REPO, "v1", image);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    RegistryOptions options() {
        return RegistryOptions.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400))
                .withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1)));
    }

    RegistrySource open(String ref) {
        return RegistrySource.open(ImageRef.parse(fake.host() + "/" + ref), options());
    }

    Digest layerDigest() {
        return image.manifestDigest() == null ? null : manifest().layers().get(0).digest();
    }

    OciDocuments.Manifest manifest() {
        byte[] m = FakeRegistry.blobOf(image, image.manifestDigest());
        return ((OciDocuments.ManifestDoc) OciDocuments.parseManifestOrIndex(m, OCI_MANIFEST, "test")).manifest();
    }

    static void readFully(ImageSource s) throws IOException {
        for (Layer l : s.metadata().layers()) {
            try (LayerStream ls = s.openLayer(l)) {
                ls.tar().readAllBytes();
                ls.finish();
            }
        }
    }

    static void assertOneLine(Throwable t) {
        assertThat(t).isInstanceOf(BadInputException.class);
        assertThat(t.getMessage()).doesNotContain("\n").hasSizeLessThan(400);
    }

    @Test
    void theUntamperedImagePulls() throws IOException {
        try (RegistrySource s = open(REPO + ":v1")) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
            try (LayerStream ls = s.openLayer(s.metadata().layers().get(0))) {
                assertThat(ls.tar().readAllBytes()).isEqualTo(layerTar);
                ls.finish();
            }
        }
    }

    @Test
    void manifestNotMatchingThePinnedDigestIsRejected() {
        Digest other = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
        fake.route(manifestPath(REPO, other.toString()), FakeRegistry.manifest(FakeRegistry.blobOf(image, image.manifestDigest()), OCI_MANIFEST, null));
        assertThatThrownBy(() -> open(REPO + "@" + other))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("does not match its digest")
                .hasMessageContaining("expected " + other);
    }

    @Test
    void manifestNotMatchingDockerContentDigestIsRejected() {
        Digest wrong = Digest.sha256("not the manifest".getBytes(StandardCharsets.UTF_8));
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.manifest(FakeRegistry.blobOf(image, image.manifestDigest()), OCI_MANIFEST, wrong));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("Docker-Content-Digest")
                .hasMessageContaining(wrong.toString());
    }

    @Test
    void configNotMatchingItsDigestIsRejected() {
        byte[] config = FakeRegistry.blobOf(image, image.configDigest());
        byte[] tampered = new String(config, StandardCharsets.UTF_8).replace("amd64", "arm64").getBytes(StandardCharsets.UTF_8);
        fake.route(blobPath(REPO, image.configDigest()), FakeRegistry.blob(tampered));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("image config")
                .hasMessageContaining("does not match its digest");
    }

    @Test
    void layerBlobNotMatchingItsDigestIsRejected() throws IOException {
        byte[] blob = FakeRegistry.blobOf(image, layerDigest());
        // same decompressed tar (so the diffID still matches), different blob bytes: the gzip header's OS field
        byte[] tampered = blob.clone();
        tampered[9] = (byte) (tampered[9] == 3 ? 0 : 3);
        fake.route(blobPath(REPO, layerDigest()), FakeRegistry.blob(tampered));
        try (RegistrySource s = open(REPO + ":v1")) {
            assertThatThrownBy(() -> readFully(s))
                    .satisfies(RegistryBadInputTest::assertOneLine)
                    .hasMessageContaining("layer 1 blob does not match its digest")
                    .hasMessageContaining("expected " + layerDigest());
        }
    }

    @Test
    void layerWhoseContentDoesNotMatchItsDiffIdIsRejected() throws IOException {
        byte[] blob = FakeRegistry.blobOf(image, layerDigest());
        byte[] other = TestImage.gzip(TestImage.layer().file("etc/os-release", "ID=evil\n").tar());
        fake.route(blobPath(REPO, layerDigest()), FakeRegistry.blob(Arrays.copyOf(other, blob.length)));
        try (RegistrySource s = open(REPO + ":v1")) {
            assertThatThrownBy(() -> readFully(s))
                    .satisfies(RegistryBadInputTest::assertOneLine)
                    .hasMessageContaining("layer 1");
        }
    }

    @Test
    void truncatedLayerBlobIsRejected() throws IOException {
        byte[] blob = FakeRegistry.blobOf(image, layerDigest());
        fake.route(blobPath(REPO, layerDigest()), FakeRegistry.truncated(blob, blob.length / 2));
        try (RegistrySource s = open(REPO + ":v1")) {
            assertThatThrownBy(() -> readFully(s))
                    .satisfies(RegistryBadInputTest::assertOneLine)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void layerBlobShorterThanItsDescriptorIsRejected() throws IOException {
        byte[] blob = FakeRegistry.blobOf(image, layerDigest());
        fake.route(blobPath(REPO, layerDigest()), FakeRegistry.blob(Arrays.copyOf(blob, blob.length - 100)));
        try (RegistrySource s = open(REPO + ":v1")) {
            assertThatThrownBy(() -> readFully(s))
                    .satisfies(RegistryBadInputTest::assertOneLine)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void manifestNamingAMissingLayerBlobFailsWhenTheLayerIsOpened() throws IOException {
        fake.route(blobPath(REPO, layerDigest()), FakeRegistry.error(404, "BLOB_UNKNOWN", "blob unknown to registry"));
        try (RegistrySource s = open(REPO + ":v1")) {
            assertThatThrownBy(() -> s.openLayer(s.metadata().layers().get(0)))
                    .satisfies(RegistryBadInputTest::assertOneLine)
                    .hasMessageContaining("layer 1 blob")
                    .hasMessageContaining("is missing from the registry")
                    .hasMessageContaining("BLOB_UNKNOWN");
        }
    }

    @Test
    void manifestNamingAMissingConfigBlobFails() {
        fake.route(blobPath(REPO, image.configDigest()), FakeRegistry.error(404, "BLOB_UNKNOWN", "blob unknown to registry"));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("image config")
                .hasMessageContaining("is missing from the registry");
    }

    @Test
    void unknownManifestMediaTypeIsRejected() {
        String body = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.unknown+json\",\"config\":{},\"layers\":[]}";
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.json(200, "application/vnd.example.unknown+json", body));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("unsupported media type application/vnd.example.unknown+json");
    }

    @Test
    void nonImageArtifactIsRejected() {
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"application/vnd.cncf.helm.config.v1+json\","
                + "\"digest\":\"" + image.configDigest() + "\",\"size\":10},\"layers\":[]}";
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.json(200, OCI_MANIFEST, body));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("not a container image");
    }

    @Test
    void schema1ManifestIsRejected() {
        String body = "{\"schemaVersion\":1,\"name\":\"evil/app\",\"tag\":\"v1\",\"architecture\":\"amd64\",\"fsLayers\":[],\"history\":[]}";
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.json(200, "application/vnd.docker.distribution.manifest.v1+prettyjws", body));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("schema 1");
    }

    @Test
    void registryThatRedirectsForeverIsStopped() {
        fake.route("/loop/a", FakeRegistry.redirect(302, "/loop/b"));
        fake.route("/loop/b", FakeRegistry.redirect(307, "/loop/a"));
        fake.route(blobPath(REPO, image.configDigest()), FakeRegistry.redirect(302, "/loop/a"));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("redirected more than 5 times");
        assertThat(fake.requests("/loop/a").size() + fake.requests("/loop/b").size()).isLessThanOrEqualTo(5 * 2);
    }

    @Test
    void blobRedirectToStorageOnAnotherHostIsFollowedWithoutTheAuthorizationHeader() throws IOException {
        fake.route("/v2/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
            ex.sendResponseHeaders(auth == null ? 401 : 200, -1);
        });
        byte[] blob = FakeRegistry.blobOf(image, layerDigest());
        // 127.0.0.1 and localhost are different hosts to a client, the same server here
        fake.route(blobPath(REPO, layerDigest()), FakeRegistry.redirect(307, "http://localhost:" + fake.port() + "/storage/layer"));
        fake.route("/storage/layer", FakeRegistry.blob(blob));
        RegistryOptions o = options().withCredentials(CredentialSource.of(RegistryCredentials.basic("bob", "secret")));
        try (RegistrySource s = RegistrySource.open(ImageRef.parse(fake.host() + "/" + REPO + ":v1"), o)) {
            readFully(s);
        }
        assertThat(fake.requests(blobPath(REPO, layerDigest()))).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).startsWith("Basic "));
        assertThat(fake.requests("/storage/layer")).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isNull());
    }

    @Test
    void registryThatNeverAnswersTimesOut() {
        fake.route(manifestPath(REPO, "v1"), fake.silent());
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("did not answer within 400 ms")
                .hasMessageContaining("2 tries");
    }

    @Test
    void registryThatStallsInTheMiddleOfALayerFails() throws IOException {
        byte[] blob = FakeRegistry.blobOf(image, layerDigest());
        fake.route(blobPath(REPO, layerDigest()), fake.stallAfter(blob, blob.length / 3));
        try (RegistrySource s = open(REPO + ":v1")) {
            assertThatThrownBy(() -> readFully(s))
                    .satisfies(RegistryBadInputTest::assertOneLine)
                    .hasMessageContaining("stalled")
                    .hasMessageContaining("no data for 400 ms");
        }
    }

    @Test
    void registryThatStallsInTheMiddleOfAManifestFails() {
        byte[] m = FakeRegistry.blobOf(image, image.manifestDigest());
        fake.route(manifestPath(REPO, "v1"), fake.stallAfter(m, m.length / 2));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("stalled");
    }

    @Test
    void hugeManifestIsRefusedFromItsContentLength() {
        byte[] big = new byte[2 << 20];
        Arrays.fill(big, (byte) ' ');
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.bytes(200, OCI_MANIFEST, big, Map.of()));
        RegistryOptions o = options().withLimits(new Limits(1 << 20, 1 << 20, 1 << 30, 100, 1000, 100));
        assertThatThrownBy(() -> RegistrySource.open(ImageRef.parse(fake.host() + "/" + REPO + ":v1"), o))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("over the limit of 1048576 bytes");
    }

    @Test
    void endlessManifestBodyIsCutAtTheLimit() {
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.endless(OCI_MANIFEST));
        RegistryOptions o = options().withLimits(new Limits(1 << 20, 1 << 20, 1 << 30, 100, 1000, 100));
        assertThatThrownBy(() -> RegistrySource.open(ImageRef.parse(fake.host() + "/" + REPO + ":v1"), o))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("over the limit of 1048576 bytes");
    }

    @Test
    void refusedConnectionFailsClearly() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> RegistrySource.open(ImageRef.parse("127.0.0.1:" + port + "/a/b:v1"), options()))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("cannot connect to registry 127.0.0.1:" + port);
    }

    @Test
    void serverThatIsNotARegistryIsNamedAsSuch() {
        fake.route("/v2/", FakeRegistry.json(404, "text/html", "<html>nope</html>"));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("does not look like a container registry");
    }

    @Test
    void forbiddenRepositoryIsReportedAsDenied() {
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.error(403, "DENIED", "requested access to the resource is denied"));
        assertThatThrownBy(() -> open(REPO + ":v1"))
                .satisfies(RegistryBadInputTest::assertOneLine)
                .hasMessageContaining("access to " + REPO + " on " + fake.host() + " is denied");
    }
}
