package dev.drydock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.testing.RegistryServer;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static dev.drydock.cli.SbomCommandTest.drydock;
import static org.assertj.core.api.Assertions.assertThat;

/** The CLI end to end: an image pushed to a real registry, out as CycloneDX and SPDX. */
class SbomFormatsAndRegistryTest {
    @TempDir
    static Path tmp;
    static RegistryServer registry;
    static TestImage.Written image;
    static String ref;

    @BeforeAll
    static void push() {
        System.setProperty("user.home", tmp.toString());
        image = new TestImage()
                .add(TestImage.layer().file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                        .file("var/lib/dpkg/status", "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\n"
                                + "Source: openssl\nVersion: 3.0.17-1~deb12u2\n\n"))
                .writeOciLayout(tmp.resolve("layout"), "v1");
        registry = RegistryServer.anonymous();
        registry.push(image.layout(), "v1", "team/app:v1");
        ref = registry.ref("team/app:v1");
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    @Test
    void cycloneDxFromARegistryNamesTheImageAndItsPackages() throws IOException {
        SbomCommandTest.Run r = drydock("sbom", ref, "--format", "cyclonedx", "--no-cache");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode bom = new ObjectMapper().readTree(r.out());
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("metadata").path("component").path("version").asText()).isEqualTo(image.manifestDigest().toString());
        assertThat(bom.path("components").findValuesAsText("purl"))
                .contains("pkg:deb/debian/libssl3@3.0.17-1~deb12u2?arch=amd64&distro=debian-12");
    }

    @Test
    void spdxListsThePackagesAndDiffersOnlyInItsTimestamp() throws IOException {
        // SOURCE_DATE_EPOCH comes from the environment, which a test cannot set: compare without the timestamp.
        String a = drydock("sbom", ref, "--format", "spdx").out();
        String b = drydock("sbom", ref, "--format", "spdx").out();
        JsonNode doc = new ObjectMapper().readTree(a);
        assertThat(doc.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        String timestamp = "\"\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z\"";
        assertThat(a.replaceAll(timestamp, "T")).isEqualTo(b.replaceAll(timestamp, "T"));
        assertThat(doc.path("packages").findValuesAsText("referenceLocator"))
                .contains("pkg:deb/debian/libssl3@3.0.17-1~deb12u2?arch=amd64&distro=debian-12");
    }

    @Test
    void aMissingTagIsOneLineAndExitCodeTwo() {
        SbomCommandTest.Run r = drydock("sbom", registry.ref("team/app:nope"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("drydock: ").contains("not found").doesNotContain("\n");
    }
}
