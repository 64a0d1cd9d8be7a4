package dev.drydock.sbom;

/** Small helpers for text taken from an SBOM. */
final class SbomText {
    private static final int MAX_SHOWN = 80;

    private SbomText() {
    }

    /** Bounds untrusted text placed in a warning or error, and makes control characters visible. */
    static String safe(String s) {
        if (s == null) return "null";
        String t = s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** Null for absent or blank text, else the text unchanged. */
    static String present(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
