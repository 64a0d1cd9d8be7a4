package dev.drydock.image;

import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.ImageRef;
import dev.drydock.model.Layer;
import dev.drydock.model.Platform;
import dev.drydock.testing.MultiPlatformLayout;
import dev.drydock.testing.RegistryServer;
import dev.drydock.testing.TestImage;
import dev.drydock.testing.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pulls from Debian's docker-registry on 127.0.0.1: anonymous, htpasswd Basic auth and token auth,
 * with images pushed by skopeo.
 */
class RegistryPullTest {
    static final String USER = "alice";
    static final String PASSWORD = "wonderland-42";
    static final String REPO = "test/app";
    static final String MULTI = "test/multi";

    @TempDir
    static Path tmp;

    static byte[] baseTar;
    static byte[] appTar;
    static TestImage.Written image;
    static MultiPlatformLayout.Written multi;
    static RegistryServer anonymous;
    static RegistryServer basic;
    static TokenServer tokens;
    static RegistryServer token;
    static Digest pushedDigest;

    @BeforeAll
    static void startRegistries() {
        baseTar = TestImage.layer().dir("etc").file("etc/os-release", "ID=debian\nVERSION_ID=12\n").tar();
        appTar = TestImage.layer().dir("app").file("app/run.sh", "#!/bin/sh\necho hi\n").whiteout("etc/os-release").tar();
        image = new TestImage().addTar(baseTar).addTar(appTar).label("org.example.team", "drydock")
                .writeOciLayout(tmp.resolve("image"), "v1");
        TestImage.Written arm = new TestImage().architecture("arm64")
                .add(TestImage.layer().file("etc/arch", "arm64")).writeOciLayout(tmp.resolve("arm"), "v1");
        Map<Platform, TestImage.Written> platforms = new LinkedHashMap<>();
        platforms.put(Platform.LINUX_AMD64, image);
        platforms.put(Platform.parse("linux/arm64"), arm);
        multi = MultiPlatformLayout.write(tmp.resolve("multi"), "v1", platforms);

        anonymous = RegistryServer.anonymous();
        basic = RegistryServer.builder().basicAuth(USER, PASSWORD).start();
        tokens = TokenServer.start(tmp.resolve("tokens")).user(USER, PASSWORD);
        token = RegistryServer.builder().tokenAuth(tokens, USER, PASSWORD).start();
        for (RegistryServer r : List.of(anonymous, basic, token)) {
            pushedDigest = r.push(image.layout(), "v1", REPO + ":v1");
            r.pushIndex(multi.layout(), "v1", MULTI + ":v1");
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{anonymous, basic, token, tokens}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    static RegistryOptions options() {
        return RegistryOptions.defaults().withRetry(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    static RegistryOptions withCredentials(String user, String password) {
        return options().withCredentials(CredentialSource.of(RegistryCredentials.basic(user, password)));
    }

    static RegistrySource open(RegistryServer r, String repoAndRef, RegistryOptions o) {
        return RegistrySource.open(ImageRef.parse(r.ref(repoAndRef)), o);
    }

    static List<byte[]> layers(ImageSource s) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Layer l : s.metadata().layers()) {
            try (LayerStream ls = s.openLayer(l)) {
                out.add(ls.tar().readAllBytes());
                ls.finish();
            }
        }
        return out;
    }

    /** The fields that must not depend on where or how the image was pulled. */
    static List<Object> identity(ImageMetadata m) {
        return List.of(m.manifestDigest(), m.manifestMediaType(), m.configDigest(), m.platform(), m.created(),
                m.layers(), m.labels(), m.annotations());
    }

    @Test
    void sameImageAnonymouslyWithBasicAuthAndWithTokenAuthGivesTheSameMetadataAndLayers() throws IOException {
        Map<String, RegistrySource> sources = new LinkedHashMap<>();
        try (RegistrySource a = open(anonymous, REPO + ":v1", options());
             RegistrySource b = open(basic, REPO + ":v1", withCredentials(USER, PASSWORD));
             RegistrySource t = open(token, REPO + ":v1", withCredentials(USER, PASSWORD))) {
            sources.put("anonymous", a);
            sources.put("basic", b);
            sources.put("token", t);
            for (Map.Entry<String, RegistrySource> e : sources.entrySet()) {
                ImageMetadata m = e.getValue().metadata();
                assertThat(identity(m)).as(e.getKey()).isEqualTo(identity(a.metadata()));
                assertThat(m.manifestDigest()).as(e.getKey()).isEqualTo(pushedDigest).isEqualTo(image.manifestDigest());
                assertThat(m.configDigest()).isEqualTo(image.configDigest());
                assertThat(m.layers()).extracting(Layer::diffId).isEqualTo(image.diffIds());
                assertThat(m.platform()).isEqualTo(Platform.LINUX_AMD64);
                assertThat(m.labels()).containsEntry("org.example.team", "drydock");
                assertThat(layers(e.getValue())).as(e.getKey() + " layers").containsExactly(baseTar, appTar);
            }
            RegistryServer[] servers = {anonymous, basic, token};
            int i = 0;
            for (RegistrySource s : sources.values()) {
                RegistryServer r = servers[i++];
                ImageMetadata m = s.metadata();
                assertThat(m.reference()).isEqualTo(r.host() + "/" + REPO + ":v1");
                assertThat(m.repoTags()).containsExactly(r.host() + "/" + REPO + ":v1");
                assertThat(m.repoDigests()).containsExactly(r.host() + "/" + REPO + "@" + pushedDigest);
            }
        }
    }

    @Test
    void dockerSchema2ManifestAndManifestListArePulled() throws IOException {
        Digest docker = anonymous.copy("oci:" + image.layout() + ":v1", "test/docker:v1", "--format", "v2s2");
        try (RegistrySource s = open(anonymous, "test/docker:v1", options())) {
            ImageMetadata m = s.metadata();
            assertThat(m.manifestDigest()).isEqualTo(docker).isNotEqualTo(image.manifestDigest());
            assertThat(m.manifestMediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
            assertThat(m.layers()).extracting(Layer::mediaType).containsOnly("application/vnd.docker.image.rootfs.diff.tar.gzip");
            assertThat(m.layers()).extracting(Layer::diffId).isEqualTo(image.diffIds());
            assertThat(layers(s)).containsExactly(baseTar, appTar);
        }
        anonymous.copy("oci:" + multi.layout() + ":v1", "test/docker-list:v1", "--all", "--format", "v2s2");
        try (RegistryClient c = new RegistryClient(anonymous.host(), options())) {
            assertThat(c.manifest("test/docker-list", "v1", null, -1).mediaType()).isEqualTo(MediaTypes.DOCKER_LIST);
        }
        try (RegistrySource s = open(anonymous, "test/docker-list:v1", options().withPlatform(Platform.parse("linux/arm64")))) {
            assertThat(s.metadata().platform()).isEqualTo(Platform.parse("linux/arm64"));
            assertThat(s.metadata().manifestMediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        }
    }

    @Test
    void manifestDigestIsWhatSkopeoReports() {
        try (RegistrySource s = open(token, REPO + ":v1", withCredentials(USER, PASSWORD))) {
            assertThat(s.metadata().manifestDigest().toString()).isEqualTo(token.inspect(REPO + ":v1").path("Digest").asText());
        }
    }

    @Test
    void pinnedDigestPullsThatManifestWithoutRepoTags() {
        try (RegistrySource s = open(anonymous, REPO + "@" + image.manifestDigest(), options())) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
            assertThat(s.metadata().repoTags()).isEmpty();
            assertThat(s.metadata().repoDigests()).containsExactly(anonymous.host() + "/" + REPO + "@" + image.manifestDigest());
        }
    }

    @Test
    void multiPlatformIndexDefaultsToLinuxAmd64() {
        try (RegistrySource s = open(anonymous, MULTI + ":v1", options())) {
            assertThat(s.metadata().platform()).isEqualTo(Platform.LINUX_AMD64);
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void platformSelectionPicksArm64WhenAsked() throws IOException {
        Platform arm64 = Platform.parse("linux/arm64");
        try (RegistrySource s = open(token, MULTI + ":v1", withCredentials(USER, PASSWORD).withPlatform(arm64))) {
            assertThat(s.metadata().platform()).isEqualTo(arm64);
            assertThat(s.metadata().manifestDigest()).isEqualTo(multi.images().get(arm64).manifestDigest());
            assertThat(s.metadata().repoDigests()).containsExactly(token.host() + "/" + MULTI + "@" + multi.images().get(arm64).manifestDigest());
            assertThat(layers(s)).hasSize(1);
        }
    }

    @Test
    void missingPlatformFailsListingTheOfferedPlatforms() {
        assertThatThrownBy(() -> open(anonymous, MULTI + ":v1", options().withPlatform(Platform.parse("linux/s390x"))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no image for platform linux/s390x")
                .hasMessageContaining("linux/amd64")
                .hasMessageContaining("linux/arm64");
    }

    @Test
    void missingTagIsNotFound() {
        assertThatThrownBy(() -> open(anonymous, REPO + ":nope", options()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining(REPO + ":nope")
                .hasMessageContaining("MANIFEST_UNKNOWN");
    }

    @Test
    void missingRepositoryIsNotFound() {
        assertThatThrownBy(() -> open(basic, "no/such-repo:v1", withCredentials(USER, PASSWORD)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no/such-repo:v1 not found");
    }

    @Test
    void wrongPasswordOnBasicAuthRegistryFailsAuthentication() {
        assertThatThrownBy(() -> open(basic, REPO + ":v1", withCredentials(USER, "wrong")))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("authentication failed for " + basic.host())
                .hasMessageNotContaining("wrong");
    }

    @Test
    void noCredentialsOnBasicAuthRegistrySaysAuthenticationIsRequired() {
        assertThatThrownBy(() -> open(basic, REPO + ":v1", options()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(basic.host() + " requires authentication");
    }

    @Test
    void wrongPasswordOnTokenAuthRegistryFailsAuthentication() {
        assertThatThrownBy(() -> open(token, REPO + ":v1", withCredentials(USER, "wrong")))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("authentication failed for " + token.host())
                .hasMessageNotContaining("wrong");
    }

    @Test
    void anonymousTokenWithoutPullAccessSaysAuthenticationIsRequired() {
        assertThatThrownBy(() -> open(token, REPO + ":v1", options()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(token.host() + " requires authentication");
    }

    @Test
    void tokenIsFetchedOncePerScopeAndReusedForManifestConfigAndLayers() throws IOException {
        tokens.clearRequests();
        try (RegistrySource s = open(token, REPO + ":v1", withCredentials(USER, PASSWORD))) {
            layers(s);
        }
        assertThat(tokens.requests()).hasSize(1);
        assertThat(tokens.requests().get(0).scopes()).containsExactly("repository:" + REPO + ":pull");
        assertThat(tokens.requests().get(0).user()).isEqualTo(USER);
    }

    @Test
    void expiredTokenIsFetchedAgain() throws Exception {
        tokens.expiresIn(1);
        try {
            tokens.clearRequests();
            try (RegistrySource s = open(token, REPO + ":v1", withCredentials(USER, PASSWORD))) {
                Thread.sleep(1200);
                layers(s);
            }
            assertThat(tokens.requests()).hasSize(2);
        } finally {
            tokens.expiresIn(300);
        }
    }

    @Test
    void tokensSignedWithAnX5cChainAreAcceptedToo() {
        tokens.keyHint(TokenServer.KeyHint.X5C);
        try (RegistrySource s = open(token, REPO + ":v1", withCredentials(USER, PASSWORD))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        } finally {
            tokens.keyHint(TokenServer.KeyHint.KID);
        }
    }

    @Test
    void tokenResponseWithOnlyAccessTokenIsAccepted() {
        tokens.tokenField(TokenServer.TokenField.ACCESS_TOKEN);
        try (RegistrySource s = open(token, REPO + ":v1", withCredentials(USER, PASSWORD))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        } finally {
            tokens.tokenField(TokenServer.TokenField.TOKEN);
        }
    }

    @Test
    void identityTokenIsExchangedThroughTheOAuth2RefreshTokenGrant() {
        tokens.refreshToken("identity-token-7f3a", USER);
        tokens.clearRequests();
        RegistryOptions o = options().withCredentials(CredentialSource.of(RegistryCredentials.identityToken("identity-token-7f3a")));
        try (RegistrySource s = open(token, REPO + ":v1", o)) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
        assertThat(tokens.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.grantType()).isEqualTo("refresh_token");
            assertThat(r.user()).isEqualTo(USER);
        });
    }

    @Test
    void dockerConfigAuthsEntryOpensBasicAuthRegistry() throws IOException {
        Path dir = Files.createTempDirectory(tmp, "dockercfg");
        String auth = java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes());
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"http://" + basic.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        DockerConfig cfg = DockerConfig.fromEnvironment(Map.of("DOCKER_CONFIG", dir.toString()), null);
        try (RegistrySource s = open(basic, REPO + ":v1", options().withCredentials(cfg))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void dockerConfigCredHelperOpensTokenAuthRegistry() throws IOException {
        Path dir = Files.createTempDirectory(tmp, "dockercfg");
        Path bin = CredentialHelperScripts.write(dir.resolve("bin"), "test", Map.of(token.host(), new String[]{USER, PASSWORD}));
        Files.writeString(dir.resolve("config.json"), "{\"credHelpers\":{\"" + token.host() + "\":\"test\"}}");
        DockerConfig cfg = DockerConfig.fromEnvironment(Map.of("DOCKER_CONFIG", dir.toString(), "PATH", bin + ":/usr/bin:/bin"), null);
        try (RegistrySource s = open(token, REPO + ":v1", options().withCredentials(cfg))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
        assertThat(CredentialHelperScripts.asked(bin)).containsExactly(token.host());
    }

    @Test
    void dockerConfigCredsStoreOpensBasicAuthRegistry() throws IOException {
        Path dir = Files.createTempDirectory(tmp, "dockercfg");
        Path bin = CredentialHelperScripts.write(dir.resolve("bin"), "test", Map.of(basic.host(), new String[]{USER, PASSWORD}));
        Files.writeString(dir.resolve("config.json"), "{\"credsStore\":\"test\",\"auths\":{\"" + basic.host() + "\":{}}}");
        DockerConfig cfg = DockerConfig.fromEnvironment(Map.of("DOCKER_CONFIG", dir.toString(), "PATH", bin.toString()), null);
        try (RegistrySource s = open(basic, REPO + ":v1", options().withCredentials(cfg))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void anonymousPullNeverAsksForCredentials() {
        CredentialSource failing = registry -> {
            throw new AssertionError("credentials looked up for an anonymous registry");
        };
        try (RegistrySource s = open(anonymous, REPO + ":v1", options().withCredentials(failing))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void selfSignedTlsRegistryNeedsInsecure() throws IOException {
        try (RegistryServer tls = RegistryServer.builder().tls().start()) {
            tls.push(image.layout(), "v1", REPO + ":v1");
            // loopback: plain HTTP first, then HTTPS once the port answers "HTTP request to an HTTPS server"
            assertThatThrownBy(() -> open(tls, REPO + ":v1", options()))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("the TLS certificate of registry " + tls.host()
                            + " is not trusted (self-signed or from an unknown CA); use --insecure to skip the check");
            try (RegistrySource s = open(tls, REPO + ":v1", options().withInsecure(true))) {
                assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
                assertThat(layers(s)).containsExactly(baseTar, appTar);
            }
            // a remote --insecure registry is tried over HTTPS first, as the docker CLI does
            try (RegistryClient c = new RegistryClient(tls.host(), options().withInsecure(true), List.of("https", "http"))) {
                c.ping();
                assertThat(c.scheme()).isEqualTo("https");
                assertThat(c.manifest(REPO, "v1", image.manifestDigest(), -1).digest()).isEqualTo(image.manifestDigest());
            }
        }
    }

    @Test
    void insecureRegistryThatOnlySpeaksPlainHttpIsReachedAfterTheHttpsProbe() {
        try (RegistryClient c = new RegistryClient(anonymous.host(), options().withInsecure(true), List.of("https", "http"))) {
            c.ping();
            assertThat(c.scheme()).isEqualTo("http");
            assertThat(c.manifest(REPO, "v1", null, -1).digest()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void schemeOrderFollowsTheDockerCli() {
        assertThat(RegistryClient.schemeOrder(false, "registry.example.com")).containsExactly("https");
        assertThat(RegistryClient.schemeOrder(true, "registry.example.com")).containsExactly("https", "http");
        assertThat(RegistryClient.schemeOrder(false, "localhost")).containsExactly("http", "https");
        assertThat(RegistryClient.schemeOrder(false, "127.0.0.1")).containsExactly("http", "https");
        assertThat(RegistryClient.schemeOrder(false, "[::1]")).containsExactly("http", "https");
        assertThat(RegistryClient.schemeOrder(false, "127.example.com")).containsExactly("https");
    }
}
