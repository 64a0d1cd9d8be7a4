package dev.drydock.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageRefTest {

    @Test
    void shortNamesDefaultToDockerHubLibraryAndLatest() {
        ImageRef r = ImageRef.parse("debian");
        assertThat(r.registry()).isEqualTo("docker.io");
        assertThat(r.repository()).isEqualTo("library/debian");
        assertThat(r.tag()).isEqualTo("latest");
        assertThat(r.apiHost()).isEqualTo("registry-1.docker.io");
    }

    @Test
    void userRepositoriesOnDockerHubKeepTheirNamespace() {
        assertThat(ImageRef.parse("bitnami/redis:7").repository()).isEqualTo("bitnami/redis");
        assertThat(ImageRef.parse("index.docker.io/library/alpine:3").registry()).isEqualTo("docker.io");
    }

    @Test
    void registryHostIsRecognisedByDotColonOrLocalhost() {
        ImageRef r = ImageRef.parse("127.0.0.1:5000/team/app:1.2");
        assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(r.repository()).isEqualTo("team/app");
        assertThat(r.tag()).isEqualTo("1.2");
        assertThat(ImageRef.parse("localhost/app").registry()).isEqualTo("localhost");
        assertThat(ImageRef.parse("ghcr.io/org/app").registry()).isEqualTo("ghcr.io");
    }

    @Test
    void digestPinnedReferenceKeepsTagAndDigest() {
        String d = "sha256:" + "a".repeat(64);
        ImageRef r = ImageRef.parse("ghcr.io/org/app:1@" + d);
        assertThat(r.tag()).isEqualTo("1");
        assertThat(r.digest()).hasToString(d);
        assertThat(r.manifestReference()).isEqualTo(d);
        assertThat(ImageRef.parse("app@" + d).tag()).isNull();
    }

    @Test
    void malformedReferencesAreRejectedWithAShortMessage() {
        assertThatThrownBy(() -> ImageRef.parse("library/UPPER")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageRef.parse("app@sha256:short")).hasMessageContaining("malformed sha256 digest");
        assertThatThrownBy(() -> ImageRef.parse("app:bad tag")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageRef.parse("x".repeat(2000))).hasMessageContaining("invalid image reference");
    }
}
