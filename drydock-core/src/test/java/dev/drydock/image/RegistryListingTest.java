package dev.drydock.image;

import dev.drydock.model.Digest;
import dev.drydock.model.Platform;
import dev.drydock.testing.FakeRegistry;
import dev.drydock.testing.MultiPlatformLayout;
import dev.drydock.testing.RegistryServer;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Listing repositories and tags and resolving tags, against Debian's docker-registry (anonymous and
 * htpasswd Basic auth) with images pushed by skopeo, and against a fake registry for hostile answers.
 */
class RegistryListingTest {
    static final String USER = "alice";
    static final String PASSWORD = "wonderland-42";

    @TempDir
    static Path tmp;

    static RegistryServer anonymous;
    static RegistryServer basic;
    static TestImage.Written v1;
    static TestImage.Written v2;
    static MultiPlatformLayout.Written multi;

    @BeforeAll
    static void start() {
        v1 = new TestImage().add(TestImage.layer().file("etc/os-release", "ID=debian\nVERSION_ID=12\n"))
                .writeOciLayout(tmp.resolve("v1"), "v1");
        v2 = new TestImage().add(TestImage.layer().file("etc/os-release", "ID=debian\nVERSION_ID=13\n"))
                .writeOciLayout(tmp.resolve("v2"), "v2");
        TestImage.Written arm = new TestImage().architecture("arm64")
                .add(TestImage.layer().file("etc/arch", "arm64")).writeOciLayout(tmp.resolve("arm"), "v1");
        Map<Platform, TestImage.Written> platforms = new LinkedHashMap<>();
        platforms.put(Platform.LINUX_AMD64, v1);
        platforms.put(Platform.parse("linux/arm64"), arm);
        multi = MultiPlatformLayout.write(tmp.resolve("multi"), "v1", platforms);
        anonymous = RegistryServer.anonymous();
        basic = RegistryServer.builder().basicAuth(USER, PASSWORD).start();
        for (RegistryServer r : List.of(anonymous, basic)) {
            r.push(v1.layout(), "v1", "shop/api:1.0");
            r.push(v2.layout(), "v2", "shop/api:1.1");
            r.push(v1.layout(), "v1", "shop/api:latest");
            r.push(v2.layout(), "v2", "tools/debug:2");
            r.pushIndex(multi.layout(), "v1", "shop/multi:1");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (anonymous != null) anonymous.close();
        if (basic != null) basic.close();
    }

    static RegistryClient client(RegistryServer r, RegistryCredentials c) {
        RegistryOptions o = RegistryOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new RegistryClient(r.host(), c == null ? o : o.withCredentials(CredentialSource.of(c)));
    }

    @Test
    void listsEveryRepositoryAcrossPages() {
        try (RegistryClient c = client(anonymous, null)) {
            // one name per page: the registry's Link headers are followed to the end
            RegistryClient.Listing all = c.repositories(100, 1);
            assertThat(all.names()).containsExactly("shop/api", "shop/multi", "tools/debug");
            assertThat(all.truncated()).isFalse();
            assertThat(c.repositories(100).names()).isEqualTo(all.names());
        }
    }

    @Test
    void stopsAtTheCapAndSaysSo() {
        try (RegistryClient c = client(anonymous, null)) {
            RegistryClient.Listing two = c.repositories(2, 1);
            assertThat(two.names()).containsExactly("shop/api", "shop/multi");
            assertThat(two.truncated()).isTrue();
            RegistryClient.Listing tags = c.tags("shop/api", 2, 1);
            assertThat(tags.names()).hasSize(2);
            assertThat(tags.truncated()).isTrue();
        }
    }

    @Test
    void listsTagsAcrossPages() {
        try (RegistryClient c = client(anonymous, null)) {
            assertThat(c.tags("shop/api", 100, 1).names()).containsExactlyInAnyOrder("1.0", "1.1", "latest");
            assertThat(c.tags("tools/debug", 100).names()).containsExactly("2");
        }
    }

    @Test
    void resolvesTagsToTheManifestAScanReads() {
        try (RegistryClient c = client(anonymous, null)) {
            RegistryClient.ResolvedTag a = c.resolve("shop/api", "1.0");
            assertThat(a.digest()).isEqualTo(v1.manifestDigest());
            assertThat(a.index()).isNull();
            assertThat(c.resolve("shop/api", "latest").digest()).isEqualTo(v1.manifestDigest());
            assertThat(c.resolve("shop/api", "1.1").digest()).isEqualTo(v2.manifestDigest());
            // a multi-platform tag: the linux/amd64 manifest, with the index beside it
            RegistryClient.ResolvedTag m = c.resolve("shop/multi", "1");
            assertThat(m.digest()).isEqualTo(v1.manifestDigest());
            assertThat(m.index()).isEqualTo(multi.indexDigest());
        }
    }

    @Test
    void listsWithBasicAuthAndRefusesWrongCredentials() {
        try (RegistryClient c = client(basic, RegistryCredentials.basic(USER, PASSWORD))) {
            assertThat(c.repositories(100).names()).containsExactly("shop/api", "shop/multi", "tools/debug");
            assertThat(c.tags("shop/api", 100).names()).hasSize(3);
        }
        try (RegistryClient c = client(basic, RegistryCredentials.basic(USER, "not-" + PASSWORD))) {
            assertThatThrownBy(() -> c.repositories(100))
                    .isInstanceOf(RegistryAccessDenied.class)
                    .hasMessageContaining("authentication failed for " + basic.host())
                    .hasMessageNotContaining(PASSWORD);
        }
        try (RegistryClient c = client(basic, null)) {
            assertThatThrownBy(() -> c.repositories(100)).isInstanceOf(RegistryAccessDenied.class)
                    .hasMessageContaining("requires authentication");
        }
    }

    @Test
    void garbageInsteadOfACatalogIsAClearError() {
        try (FakeRegistry fake = FakeRegistry.start()) {
            fake.route("/v2/_catalog", FakeRegistry.json(200, "text/html", "<html>I am a login page</html>"));
            try (RegistryClient c = new RegistryClient(fake.host(), RegistryOptions.defaults())) {
                assertThatThrownBy(() -> c.repositories(100)).isInstanceOf(BadInputException.class)
                        .hasMessageContaining("the repository list of " + fake.host() + " is not valid JSON");
            }
            fake.route("/v2/_catalog", FakeRegistry.json(200, "application/json", "{\"repositories\": \"everything\"}"));
            try (RegistryClient c = new RegistryClient(fake.host(), RegistryOptions.defaults())) {
                assertThatThrownBy(() -> c.repositories(100)).hasMessageContaining("has no repositories array");
            }
            fake.route("/v2/_catalog", FakeRegistry.json(200, "application/json", "{\"repositories\": [\"ok/name\", \"../../etc\"]}"));
            try (RegistryClient c = new RegistryClient(fake.host(), RegistryOptions.defaults())) {
                assertThatThrownBy(() -> c.repositories(100)).hasMessageContaining("invalid repository name: ../../etc");
            }
            fake.route("/v2/_catalog", FakeRegistry.json(200, "application/json", "{\"repositories\": [42]}"));
            try (RegistryClient c = new RegistryClient(fake.host(), RegistryOptions.defaults())) {
                assertThatThrownBy(() -> c.repositories(100)).hasMessageContaining("invalid repository name: number");
            }
        }
    }

    @Test
    void aNextPageOnAnotherServerOrInALoopIsRefused() {
        try (FakeRegistry fake = FakeRegistry.start()) {
            fake.route("/v2/_catalog", FakeRegistry.bytes(200, "application/json", "{\"repositories\": [\"a\"]}".getBytes(),
                    Map.of("Link", "<http://evil.example/v2/_catalog?last=a>; rel=\"next\"")));
            try (RegistryClient c = new RegistryClient(fake.host(), RegistryOptions.defaults())) {
                assertThatThrownBy(() -> c.repositories(100)).hasMessageContaining("points to another server");
            }
            fake.route("/v2/_catalog", FakeRegistry.bytes(200, "application/json", "{\"repositories\": [\"a\"]}".getBytes(),
                    Map.of("Link", "</v2/_catalog?n=1000>; rel=\"next\"")));
            try (RegistryClient c = new RegistryClient(fake.host(), RegistryOptions.defaults())) {
                assertThatThrownBy(() -> c.repositories(100)).hasMessageContaining("in a loop");
            }
        }
    }

    @Test
    void tagsNullIsAnEmptyRepository() {
        try (FakeRegistry fake = FakeRegistry.start()) {
            fake.route("/v2/gone/tags/list", FakeRegistry.json(200, "application/json", "{\"name\": \"gone\", \"tags\": null}"));
            try (RegistryClient c = new RegistryClient(fake.host(), RegistryOptions.defaults())) {
                assertThat(c.tags("gone", 10).names()).isEmpty();
            }
        }
    }

    @Test
    void aRegistryThatIsDownIsAClearError() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RegistryOptions o = RegistryOptions.defaults().withRetry(RetryPolicy.NONE);
        try (RegistryClient c = new RegistryClient("127.0.0.1:" + port, o)) {
            assertThatThrownBy(() -> c.repositories(10)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }
}
