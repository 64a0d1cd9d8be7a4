package dev.drydock.sbom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SbomPropertyTest {
    @Test
    void writesNameEqualsValueAndReadsItBack() {
        SbomProperty p = new SbomProperty("drydock:layer:diffID", "sha256:abc");

        assertThat(p.toAnnotationText()).isEqualTo("drydock:layer:diffID=sha256:abc");
        assertThat(SbomProperty.fromAnnotationText(p.toAnnotationText())).isEqualTo(p);
    }

    @Test
    void keepsEqualsSignsInTheValueAndEncodesThemInTheName() {
        SbomProperty p = new SbomProperty("drydock:image:label:a=b%3D", "x=y\nz");

        assertThat(p.toAnnotationText()).isEqualTo("drydock:image:label:a%3Db%253D=x=y\nz");
        assertThat(SbomProperty.fromAnnotationText(p.toAnnotationText())).isEqualTo(p);
    }

    @Test
    void readsTextNotInTheFormAsNothing() {
        assertThat(SbomProperty.fromAnnotationText("reviewed by legal")).isNull();
        assertThat(SbomProperty.fromAnnotationText("=value")).isNull();
        assertThat(SbomProperty.fromAnnotationText(null)).isNull();
    }
}
