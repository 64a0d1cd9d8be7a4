package dev.drydock.sbom;

import dev.drydock.model.UntrustedText;

/** Small helpers for text taken from an SBOM. */
final class SbomText {
    private static final int MAX_SHOWN = 80;

    private SbomText() {
    }

    /** Bounds untrusted text placed in a warning or error, and makes control characters visible. */
    static String safe(String s) {
        return UntrustedText.printable(s, MAX_SHOWN);
    }

    /** Null for absent or blank text, else the text unchanged. */
    static String present(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
