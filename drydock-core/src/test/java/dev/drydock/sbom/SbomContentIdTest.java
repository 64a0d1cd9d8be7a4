package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.drydock.sbom.SbomTestCatalogs.*;
import static org.assertj.core.api.Assertions.assertThat;

class SbomContentIdTest {
    private static UUID id(SbomFormat format, Catalog c) {
        return SbomContent.of(c).contentId(format, TOOL_VERSION);
    }

    @Test
    void makesVersion5UuidsAsRfc9562Specifies() {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(ContentId.nameBased(dns, "www.example.com")).isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }

    @Test
    void givesTheSameIdToTheSameContentAndADifferentOneToAnyChange() {
        UUID base = id(SbomFormat.CYCLONEDX, debian());

        assertThat(id(SbomFormat.CYCLONEDX, debian())).isEqualTo(base);
        assertThat(id(SbomFormat.SPDX, debian())).isNotEqualTo(base);
        assertThat(id(SbomFormat.CYCLONEDX, withPackages(List.of(LIBSSL3)))).isNotEqualTo(base);
        assertThat(id(SbomFormat.CYCLONEDX, withPackages(PACKAGES.stream().map(p -> p == ZLIB ? p.withLayer(APP_LAYER) : p).toList())))
                .isNotEqualTo(base);
        assertThat(SbomContent.of(debian()).contentId(SbomFormat.CYCLONEDX, "9.9.9")).isNotEqualTo(base);
    }

    @Test
    void ignoresWhatTheSbomDoesNotContainSuchAsFileListsAndWarnings() {
        UUID base = id(SbomFormat.SPDX, debian());
        Catalog noFiles = withPackages(PACKAGES.stream().map(p -> p.withFiles(List.of())).toList());
        Catalog otherWarnings = new Catalog(debian().image(), debian().os(), PACKAGES, List.of());

        assertThat(id(SbomFormat.SPDX, noFiles)).isEqualTo(base);
        assertThat(id(SbomFormat.SPDX, otherWarnings)).isEqualTo(base);
    }
}
