package dev.drydock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SbomCommandTest {
    @TempDir
    Path tmp;
    TestImage.Written image;

    record Run(int code, String out, String err) {
    }

    static Run drydock(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, out, err);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void image() {
        System.setProperty("user.home", tmp.toString()); // keep the layer cache inside the test directory
        image = new TestImage()
                .add(TestImage.layer().file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                        .file("var/lib/dpkg/status", "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\n"
                                + "Source: openssl\nVersion: 3.0.17-1~deb12u2\n\nPackage: evil\u001b[31m\nStatus: install ok installed\nVersion: 1\n\n"))
                .writeOciLayout(tmp.resolve("layout"), "v1");
    }

    @Test
    void jsonOutputListsPackagesWithPurlLayerAndPath() throws IOException {
        Run r = drydock("sbom", "oci:" + image.layout(), "--format", "json", "--no-cache");
        assertThat(r.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("image").path("manifestDigest").asText()).isEqualTo(image.manifestDigest().toString());
        JsonNode ssl = doc.path("packages").get(1);
        assertThat(ssl.path("purl").asText()).isEqualTo("pkg:deb/debian/libssl3@3.0.17-1~deb12u2?arch=amd64&distro=debian-12");
        assertThat(ssl.path("layerDiffId").asText()).isEqualTo(image.diffIds().get(0).toString());
        assertThat(ssl.path("path").asText()).isEqualTo("var/lib/dpkg/status");
    }

    @Test
    void sameImageGivesByteIdenticalOutput() {
        String a = drydock("sbom", "oci:" + image.layout(), "--format", "json").out();
        String b = drydock("sbom", "oci:" + image.layout(), "--format", "json").out();
        assertThat(a).isNotEmpty().isEqualTo(b);
    }

    @Test
    void tableEscapesControlCharactersFromTheImage() {
        Run r = drydock("sbom", "oci:" + image.layout());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("libssl3").contains("3.0.17-1~deb12u2").contains("openssl").contains("evil?[31m").doesNotContain("\u001b");
    }

    @Test
    void outputFileIsWrittenWholeAndNothingIsLeftOnFailure() throws IOException {
        Path out = tmp.resolve("sbom.json");
        assertThat(drydock("sbom", "oci:" + image.layout(), "--format", "json", "-o", out.toString()).code()).isZero();
        assertThat(Files.readString(out)).contains("\"libssl3\"");
        Path other = tmp.resolve("other.json");
        Run bad = drydock("sbom", "oci:" + tmp.resolve("missing"), "--format", "json", "-o", other.toString());
        assertThat(bad.code()).isEqualTo(2);
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".other") || n.equals("other.json"));
        }
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws IOException {
        Files.writeString(image.layout().resolve("index.json"), "{]");
        Run r = drydock("sbom", "oci:" + image.layout());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("drydock: ").contains("index.json").doesNotContain("\n").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(drydock("sbom").code()).isEqualTo(2);
        assertThat(drydock("sbom", "x", "--format", "pdf").err()).contains("--format");
        assertThat(drydock("sbom", "x", "--platform", "linux").err()).contains("os/arch");
        assertThat(drydock("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void versionNamesDrydock() {
        Run r = drydock("version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("drydock 0.").contains("vulnerability DB");
    }

    @Test
    void anSbomWrittenByDrydockConvertsBackToTheSamePackages() throws IOException {
        Path cdx = tmp.resolve("image.cdx.json");
        Path spdx = tmp.resolve("image.spdx.json");
        assertThat(drydock("sbom", "oci:" + image.layout(), "--format", "cyclonedx", "-o", cdx.toString()).code()).isZero();
        assertThat(drydock("sbom", "oci:" + image.layout(), "--format", "spdx", "-o", spdx.toString()).code()).isZero();
        JsonNode direct = new ObjectMapper().readTree(drydock("sbom", "oci:" + image.layout(), "--format", "json").out());
        for (String input : List.of(cdx.toString(), "sbom:" + spdx)) {
            Run r = drydock("sbom", input, "--format", "json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode back = new ObjectMapper().readTree(r.out());
            assertThat(back.path("packages")).as(input).isEqualTo(direct.path("packages"));
            assertThat(back.path("image").path("manifestDigest")).isEqualTo(direct.path("image").path("manifestDigest"));
        }
    }

    @Test
    void aBrokenSbomIsOneLineAndExitCodeTwo() throws IOException {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"9.9\"}");
        Run r = drydock("sbom", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("drydock: ").doesNotContain("\n");
    }
}
