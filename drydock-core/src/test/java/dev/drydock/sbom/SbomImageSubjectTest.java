package dev.drydock.sbom;

import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Platform;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SbomImageSubjectTest {
    private static final Digest DIGEST = Digest.sha256("m".getBytes());

    private static ImageMetadata image(String reference, Digest digest, Platform platform, List<String> repoTags) {
        return new ImageMetadata(reference, digest, null, null, platform, null, null, repoTags, null, null, null);
    }

    @Test
    void namesARegistryImageByRegistryAndRepositoryWithAnOciPurl() {
        ImageSubject s = ImageSubject.of(image("ghcr.io/acme/tools/scanner:v1", DIGEST, new Platform("linux", "arm64", "v8"), null));

        assertThat(s.name()).isEqualTo("ghcr.io/acme/tools/scanner");
        assertThat(s.version()).isEqualTo(DIGEST.toString());
        assertThat(s.purl()).isEqualTo("pkg:oci/scanner@sha256%3A" + DIGEST.hex() + "?arch=arm64&repository_url=ghcr.io%2Facme%2Ftools%2Fscanner&tag=v1");
    }

    @Test
    void leavesTheTagOutOfThePurlWhenTheImageWasPulledByDigest() {
        ImageSubject s = ImageSubject.of(image("localhost:5000/app@" + DIGEST, DIGEST, null, null));

        assertThat(s.name()).isEqualTo("localhost:5000/app");
        assertThat(s.purl()).isEqualTo("pkg:oci/app@sha256%3A" + DIGEST.hex() + "?repository_url=localhost%3A5000%2Fapp");
    }

    @Test
    void takesTheRegistryNameFromAnArchivesRepoTag() {
        ImageSubject s = ImageSubject.of(image("docker-archive:/tmp/debian.tar", DIGEST, Platform.LINUX_AMD64, List.of("debian:12")));

        assertThat(s.name()).isEqualTo("docker.io/library/debian");
        assertThat(s.purl()).contains("repository_url=docker.io%2Flibrary%2Fdebian").contains("tag=12");
    }

    @Test
    void usesTheReferenceAndNoPurlForAnImageWithoutARegistryName() {
        ImageSubject layout = ImageSubject.of(image("oci:/srv/layout:latest", DIGEST, null, null));
        ImageSubject path = ImageSubject.of(image("./build/image.tar", DIGEST, null, null));
        ImageSubject rootfs = ImageSubject.of(image("dir:/", null, null, null));

        assertThat(layout.name()).isEqualTo("oci:/srv/layout:latest");
        assertThat(layout.purl()).isNull();
        assertThat(path.purl()).isNull();
        assertThat(rootfs.version()).isNull();
        assertThat(rootfs.purl()).isNull();
    }

    @Test
    void fallsBackToAPlainNameWhenTheImageSaysNothing() {
        assertThat(ImageSubject.of(image(null, null, null, null)).name()).isEqualTo("image");
    }
}
