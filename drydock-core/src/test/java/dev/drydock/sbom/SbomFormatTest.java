package dev.drydock.sbom;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SbomFormatTest {
    @Test
    void findsAFormatByTheNameUsersType() {
        assertThat(SbomFormat.fromId("cyclonedx")).isEqualTo(SbomFormat.CYCLONEDX);
        assertThat(SbomFormat.fromId(" SPDX ")).isEqualTo(SbomFormat.SPDX);
    }

    @Test
    void namesTheAcceptedFormatsWhenTheNameIsUnknown() {
        assertThatThrownBy(() -> SbomFormat.fromId("swid")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cyclonedx").hasMessageContaining("spdx");
        assertThatThrownBy(() -> SbomFormat.fromId(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void makesTheWriterForEachFormat() throws Exception {
        ByteArrayOutputStream cdx = new ByteArrayOutputStream();
        ByteArrayOutputStream spdx = new ByteArrayOutputStream();
        SbomFormat.CYCLONEDX.writer("1", SbomTestCatalogs.CREATED).write(SbomTestCatalogs.empty(), cdx);
        SbomFormat.SPDX.writer("1", SbomTestCatalogs.CREATED).write(SbomTestCatalogs.empty(), spdx);

        assertThat(cdx.toString()).contains("\"bomFormat\" : \"CycloneDX\"");
        assertThat(spdx.toString()).contains("\"spdxVersion\" : \"SPDX-2.3\"");
        assertThat(SbomFormat.CYCLONEDX.mediaType()).isEqualTo("application/vnd.cyclonedx+json");
        assertThat(SbomFormat.SPDX.mediaType()).isEqualTo("application/spdx+json");
    }
}
