package dev.drydock.server.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageNameTest {
    @Test
    void aRegistryReferenceNamesTheImage() {
        assertThat(ImageName.fromReference("registry.example.com:5000/shop/api:1.4.2"))
                .contains(new ImageName("registry.example.com:5000", "shop/api", "1.4.2"));
        assertThat(ImageName.fromReference("debian:12")).contains(new ImageName("docker.io", "library/debian", "12"));
        assertThat(ImageName.fromReference("registry.example.com/shop/api@sha256:" + "ab".repeat(32)))
                .contains(new ImageName("registry.example.com", "shop/api", ""));
    }

    @Test
    void localSourcesAndGarbageNameNothing() {
        for (String local : new String[]{"oci:/tmp/layout:v1", "oci-archive:/tmp/x.tar", "docker-archive:/tmp/x.tar",
                "dir:/tmp/root", "/tmp/image.tar", "./image.tar", "UPPER/Case:tag", "a b c", ""}) {
            assertThat(ImageName.fromReference(local)).as(local).isEmpty();
        }
        assertThat(ImageName.fromReference(null)).isEmpty();
    }
}
