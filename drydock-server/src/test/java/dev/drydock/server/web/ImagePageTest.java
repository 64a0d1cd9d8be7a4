package dev.drydock.server.web;

import dev.drydock.model.Severity;
import dev.drydock.server.store.FindingRow;
import dev.drydock.server.store.ImageDetail;
import dev.drydock.server.store.LayerRow;
import dev.drydock.server.store.PackageRow;
import dev.drydock.server.store.SeverityCounts;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImagePageTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final String BASE = "sha256:" + "ba".repeat(32);
    static final List<LayerRow> LAYERS = List.of(
            new LayerRow(0, "sha256:" + "01".repeat(32), "sha256:" + "d0".repeat(32), 100, null, true),
            new LayerRow(1, "sha256:" + "02".repeat(32), "sha256:" + "d1".repeat(32), 100, null, false));
    static final List<PackageRow> PACKAGES = List.of(
            pkg("pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12", "sha256:" + "d0".repeat(32)),
            pkg("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "sha256:" + "d1".repeat(32)));

    static PackageRow pkg(String purl, String layer) {
        return new PackageRow(purl, purl, "1", "deb", null, layer, "", null, null, List.of());
    }

    static FindingRow finding(String id, String purl) {
        return new FindingRow(1, id, List.of(), purl, "p", "1", null, "affected", Severity.HIGH, "nvd", null, null, null,
                false, NOW, NOW, true, false, List.of("drydock"));
    }

    @Test
    void findingsAreSplitIntoWhatTheBaseImageBringsAndWhatWasAdded() {
        Map<String, Boolean> origin = ImagePage.origin(LAYERS, PACKAGES);
        assertThat(origin).containsEntry("pkg:deb/debian/openssl@3.0.11-1", true)
                .containsEntry("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", false);

        ImageDetail d = new ImageDetail("sha256:" + "aa".repeat(32), null, "linux", "amd64", null, null, 200, null, BASE,
                null, null, Map.of(), "debian-12", NOW, NOW, List.of(), LAYERS, List.of(), new SeverityCounts(0, 2, 0, 0, 0), 0, null);
        String html = ImagePage.render(d, "docker.io/library/debian:12", PACKAGES,
                List.of(finding("CVE-2023-5678", "pkg:deb/debian/openssl@3.0.11-1"),
                        finding("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")), List.of(), NOW).toString();
        assertThat(html).contains("1 of 2 findings come with the base image; 1 are in the layers added on top.")
                .contains("<a href=\"/images/" + BASE + "\">docker.io/library/debian:12</a>")
                .contains("<td>base image</td>").contains("<td>added</td>");
    }

    @Test
    void withoutAKnownBaseNothingIsClaimed() {
        List<LayerRow> unknown = List.of(new LayerRow(0, null, "sha256:" + "d0".repeat(32), 100, null, null));
        assertThat(ImagePage.origin(unknown, PACKAGES)).isEmpty();
    }
}
