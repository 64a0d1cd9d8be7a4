package dev.drydock.image;

import dev.drydock.model.Digest;
import dev.drydock.testing.FakeRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The push protocol details a real registry does not vary: where the upload Location points, what
 * the registry announces back, and what happens when an upload session fails. (Round trips against
 * docker-registry itself are in DbArtifactTest.)
 */
class RegistryPushTest {
    static final byte[] BLOB = "hello blob".getBytes(StandardCharsets.UTF_8);
    static final Digest DIGEST = Digest.sha256(BLOB);

    static RegistryOptions options() {
        return RegistryOptions.defaults().withRetry(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1)));
    }

    /** Records the raw query and body of every PUT to {@code path}, answering 201. */
    record Puts(List<String> queries, List<byte[]> bodies) implements FakeRegistry.Handler {
        Puts() {
            this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        }

        @Override
        public void handle(com.sun.net.httpserver.HttpExchange ex) throws java.io.IOException {
            queries.add(ex.getRequestURI().getRawQuery());
            ex.getResponseHeaders().set("Docker-Content-Digest", DIGEST.toString());
            ex.sendResponseHeaders(201, -1);
        }
    }

    @Test
    void digestIsAppendedAfterTheQueryTheRegistryAlreadyPutInTheLocation() {
        URI plain = URI.create("http://r.example/v2/a/blobs/uploads/u1");
        URI withState = URI.create("http://r.example/v2/a/blobs/uploads/u1?_state=abc%3D");
        URI trailing = URI.create("http://r.example/up?");
        String d = "digest=sha256%3A" + DIGEST.hex();
        assertThat(RegistryPush.withDigest(plain, DIGEST).toString()).isEqualTo(plain + "?" + d);
        assertThat(RegistryPush.withDigest(withState, DIGEST).toString()).isEqualTo(withState + "&" + d);
        assertThat(RegistryPush.withDigest(trailing, DIGEST).toString()).isEqualTo(trailing + d);
    }

    @Test
    void relativeLocationWithQueryIsFollowedAndKeepsTheQuery() {
        try (FakeRegistry f = FakeRegistry.start(); RegistryClient c = new RegistryClient(f.host(), options())) {
            f.route("/v2/a/blobs/" + DIGEST, FakeRegistry.error(404, "BLOB_UNKNOWN", "no"));
            f.route("/v2/a/blobs/uploads/", ex -> {
                ex.getResponseHeaders().set("Location", "/upload/s1?_state=xyz");
                ex.sendResponseHeaders(202, -1);
            });
            Puts puts = new Puts();
            f.route("/upload/s1", puts);
            new RegistryPush(c).pushBlob("a", DIGEST, BLOB);
            assertThat(puts.queries()).containsExactly("_state=xyz&digest=sha256%3A" + DIGEST.hex());
            assertThat(f.requests("/v2/a/blobs/" + DIGEST)).extracting(FakeRegistry.Seen::method).containsExactly("HEAD");
            assertThat(f.requests("/upload/s1").get(0).header("Content-Type")).isEqualTo("application/octet-stream");
        }
    }

    @Test
    void anExistingBlobIsNotUploadedAgain() {
        try (FakeRegistry f = FakeRegistry.start(); RegistryClient c = new RegistryClient(f.host(), options())) {
            f.route("/v2/a/blobs/" + DIGEST, FakeRegistry.bytes(200, "application/octet-stream", BLOB, Map.of()));
            new RegistryPush(c).pushBlob("a", DIGEST, BLOB);
            assertThat(f.requests("/v2/a/blobs/uploads/")).isEmpty();
        }
    }

    @Test
    void aFailedUploadSessionIsRetriedWithANewSession() {
        try (FakeRegistry f = FakeRegistry.start(); RegistryClient c = new RegistryClient(f.host(), options())) {
            f.route("/v2/a/blobs/" + DIGEST, FakeRegistry.error(404, "BLOB_UNKNOWN", "no"));
            int[] session = {0};
            f.route("/v2/a/blobs/uploads/", ex -> {
                ex.getResponseHeaders().set("Location", "http://" + f.host() + "/upload/s" + (++session[0]));
                ex.sendResponseHeaders(202, -1);
            });
            f.route("/upload/s1", FakeRegistry.error(503, "UNAVAILABLE", "try later"));
            Puts puts = new Puts();
            f.route("/upload/s2", puts);
            new RegistryPush(c).pushBlob("a", DIGEST, BLOB);
            assertThat(puts.queries()).hasSize(1);
            assertThat(f.requests("/v2/a/blobs/uploads/")).hasSize(2);
        }
    }

    @Test
    void aManifestStoredUnderAnotherDigestIsAnError() {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        try (FakeRegistry f = FakeRegistry.start(); RegistryClient c = new RegistryClient(f.host(), options())) {
            f.route("/v2/a/manifests/v1", ex -> {
                ex.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(new byte[]{9}).toString());
                ex.sendResponseHeaders(201, -1);
            });
            assertThatThrownBy(() -> new RegistryPush(c).putManifest("a", "v1", MediaTypes.OCI_MANIFEST, manifest))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("but we sent " + Digest.sha256(manifest));
            assertThat(f.requests("/v2/a/manifests/v1").get(0).header("Content-Type")).isEqualTo(MediaTypes.OCI_MANIFEST);
        }
    }

    @Test
    void aRejectedManifestReportsTheRegistrysError() {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        try (FakeRegistry f = FakeRegistry.start(); RegistryClient c = new RegistryClient(f.host(), options())) {
            f.route("/v2/a/manifests/v1", FakeRegistry.error(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry"));
            assertThatThrownBy(() -> new RegistryPush(c).putManifest("a", "v1", MediaTypes.OCI_MANIFEST, manifest))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("HTTP 400")
                    .hasMessageContaining("MANIFEST_BLOB_UNKNOWN");
        }
    }

    @Test
    void anUploadLocationOnPlainHttpAfterHttpsIsRefused() {
        try (FakeRegistry f = FakeRegistry.start(); RegistryClient c = new RegistryClient(f.host(), options())) {
            RegistryPush p = new RegistryPush(c);
            assertThatThrownBy(() -> p.uploadLocation(URI.create("https://r.example/v2/a/blobs/uploads/"), "http://r.example/up", "upload"))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("plain HTTP");
            assertThatThrownBy(() -> p.uploadLocation(URI.create("https://r.example/v2/a/blobs/uploads/"), "file:///etc/passwd", "upload"))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("unsupported");
        }
    }
}
