package dev.drydock.model;

/**
 * Text that came from an image, a feed or a server going into a warning or an error: bounded in
 * length and with control characters shown as {@code ?}, so it cannot flood the output or move a
 * terminal's cursor.
 */
public final class UntrustedText {
    public static final int DEFAULT_MAX = 200;

    private UntrustedText() {
    }

    public static String printable(String s) {
        return printable(s, DEFAULT_MAX);
    }

    public static String printable(String s, int max) {
        if (s == null) return "null";
        String t = s.length() > max ? s.substring(0, max) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** The first line, printable: library messages can quote pages of their input. */
    public static String firstLine(String s) {
        if (s == null) return "unknown error";
        return printable(s.lines().findFirst().orElse(""));
    }
}
