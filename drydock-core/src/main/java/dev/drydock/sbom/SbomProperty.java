package dev.drydock.sbom;

import java.util.Objects;

/**
 * One fact drydock records beside the standard fields of an SBOM: a CycloneDX property, or in SPDX an
 * annotation whose comment is {@link #toAnnotationText()}.
 */
public record SbomProperty(String name, String value) {
    public SbomProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * {@code name=value}. The name ends at the first {@code =}, so {@code %} and {@code =} inside a name
     * (possible in image label keys) are percent-encoded; the value is kept verbatim.
     */
    public String toAnnotationText() {
        return name.replace("%", "%25").replace("=", "%3D") + "=" + value;
    }

    /** Reads {@link #toAnnotationText()} back; null when the text is not in that form. */
    public static SbomProperty fromAnnotationText(String text) {
        if (text == null) return null;
        int eq = text.indexOf('=');
        if (eq <= 0) return null;
        String name = text.substring(0, eq).replace("%3D", "=").replace("%25", "%");
        return new SbomProperty(name, text.substring(eq + 1));
    }
}
