package dev.drydock.image;

import dev.drydock.model.ImageRef;
import dev.drydock.testing.FakeRegistry;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.drydock.testing.FakeRegistry.blobPath;
import static dev.drydock.testing.FakeRegistry.manifestPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transient registry failures are retried with backoff, a bounded number of times. */
class RegistryRetryTest {
    static final String REPO = "flaky/app";

    @TempDir
    Path tmp;

    FakeRegistry fake;
    TestImage.Written image;

    @BeforeEach
    void serve() {
        image = new TestImage().add(TestImage.layer().file("etc/hostname", "flaky\n")).writeOciLayout(tmp.resolve("img"), "v1");
        fake = FakeRegistry.start().serve(REPO, "v1", image);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    RegistryOptions options(int attempts) {
        return RegistryOptions.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withRetry(new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(2)));
    }

    RegistrySource open(RegistryOptions o) {
        return RegistrySource.open(ImageRef.parse(fake.host() + "/" + REPO + ":v1"), o);
    }

    FakeRegistry.Handler realManifest() {
        return FakeRegistry.manifest(FakeRegistry.blobOf(image, image.manifestDigest()), "application/vnd.oci.image.manifest.v1+json", image.manifestDigest());
    }

    @Test
    void rateLimitedManifestSucceedsOnRetry() {
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.sequence(
                FakeRegistry.error(429, "TOOMANYREQUESTS", "slow down"),
                FakeRegistry.error(429, "TOOMANYREQUESTS", "slow down"),
                realManifest()));
        try (RegistrySource s = open(options(4))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
        assertThat(fake.requests(manifestPath(REPO, "v1"))).hasSize(3);
    }

    @Test
    void unavailableBlobSucceedsOnRetry() {
        byte[] config = FakeRegistry.blobOf(image, image.configDigest());
        fake.route(blobPath(REPO, image.configDigest()), FakeRegistry.sequence(
                FakeRegistry.error(503, "UNAVAILABLE", "try later"),
                FakeRegistry.blob(config)));
        try (RegistrySource s = open(options(3))) {
            assertThat(s.metadata().configDigest()).isEqualTo(image.configDigest());
        }
        assertThat(fake.requests(blobPath(REPO, image.configDigest()))).hasSize(2);
    }

    @Test
    void pingSucceedsAfterABadGateway() {
        fake.route("/v2/", FakeRegistry.sequence(FakeRegistry.json(502, "text/plain", "bad gateway"), FakeRegistry.json(200, "application/json", "{}")));
        try (RegistrySource s = open(options(3))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void retryAfterIsHonoured() {
        FakeRegistry.Handler limited = FakeRegistry.bytes(429, "application/json", "{}".getBytes(), Map.of("Retry-After", "1"));
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.sequence(limited, realManifest()));
        try (RegistrySource s = open(options(3))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
        List<FakeRegistry.Seen> seen = fake.requests(manifestPath(REPO, "v1"));
        assertThat(seen).hasSize(2);
        assertThat(Duration.ofNanos(seen.get(1).atNanos() - seen.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void retryAfterBeyondTheCapFailsAtOnceSayingSo() {
        FakeRegistry.Handler limited = FakeRegistry.bytes(429, "application/json", "{}".getBytes(), Map.of("Retry-After", "3600"));
        fake.route(manifestPath(REPO, "v1"), limited);
        assertThatThrownBy(() -> open(options(5)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("rate-limiting")
                .hasMessageContaining("retry after 3600 s");
        assertThat(fake.requests(manifestPath(REPO, "v1"))).hasSize(1);
    }

    @Test
    void persistentFailureGivesUpAfterTheLastAttempt() {
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.error(503, "UNAVAILABLE", "down"));
        assertThatThrownBy(() -> open(options(3)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("kept failing with HTTP 503")
                .hasMessageContaining("3 tries");
        assertThat(fake.requests(manifestPath(REPO, "v1"))).hasSize(3);
    }

    @Test
    void clientErrorsAreNotRetried() {
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.error(400, "MANIFEST_INVALID", "bad"));
        assertThatThrownBy(() -> open(options(5)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("HTTP 400");
        assertThat(fake.requests(manifestPath(REPO, "v1"))).hasSize(1);
    }

    @Test
    void connectionCutInTheMiddleOfAManifestIsRetried() {
        byte[] m = FakeRegistry.blobOf(image, image.manifestDigest());
        fake.route(manifestPath(REPO, "v1"), FakeRegistry.sequence(FakeRegistry.truncated(m, m.length / 2), realManifest()));
        try (RegistrySource s = open(options(3))) {
            assertThat(s.metadata().manifestDigest()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void backoffGrowsAndStaysWithinItsCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            assertThat(p.backoff(2)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(p.backoff(3)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(p.backoff(9)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        }
    }
}
