package dev.drydock.server.store;

import java.nio.charset.StandardCharsets;

/**
 * Size limits on what the store keeps from uploads, and the text clean-up every stored string gets.
 * Reports come from anyone holding a ci token: text is cut to a bound, and counts over a bound are
 * refused (IllegalArgumentException: the web layer answers 413) rather than silently cut.
 */
final class Bounded {
    static final int MAX_FINDINGS = 200_000;
    static final int MAX_PACKAGES = 200_000;
    static final int MAX_NAMES = 1_000;
    static final int MAX_LAYERS = 1_000;
    static final int MAX_CONTEXT_ENTRIES = 64;
    static final int MAX_LABELS = 256;
    static final int MAX_LIST = 100;

    /**
     * Key columns are cut by UTF-8 bytes, not characters: PostgreSQL refuses a B-tree entry over about
     * 2,700 bytes, and the widest key (package: digest, purl, path) must stay under that.
     */
    static final int KEY_BYTES = 1_024;
    static final int SHORT_KEY_BYTES = 256;
    static final int TITLE = 1_024;
    static final int DESCRIPTION = 16_384;
    static final int VALUE = 4_096;
    static final int PAYLOAD = 65_536;

    private Bounded() {
    }

    /** At most {@code max} characters, NUL removed (PostgreSQL text cannot hold it), a surrogate pair never split. */
    static String text(String s, int max) {
        if (s == null) return null;
        String t = s.indexOf('\0') >= 0 ? s.replace("\0", "") : s;
        if (t.length() <= max) return t;
        int end = max;
        if (Character.isHighSurrogate(t.charAt(end - 1))) end--;
        return t.substring(0, end);
    }

    /** At most {@code maxBytes} bytes of UTF-8, NUL removed, cut at a character boundary. */
    static String key(String s, int maxBytes) {
        if (s == null) return null;
        String t = text(s, maxBytes);
        if (t.length() * 3 <= maxBytes || t.getBytes(StandardCharsets.UTF_8).length <= maxBytes) return t;
        int bytes = 0;
        int i = 0;
        while (i < t.length()) {
            int cp = t.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) break;
            bytes += n;
            i += Character.charCount(cp);
        }
        return t.substring(0, i);
    }

    /**
     * Whether a lookup value can be stored at all. Stored text never holds NUL (see {@link #text}), so a
     * value with one matches nothing; PostgreSQL would refuse it as a parameter rather than find nothing.
     */
    static boolean matchable(String s) {
        return s != null && s.indexOf('\0') < 0;
    }

    static void count(String what, int n, int max) {
        if (n > max) throw new IllegalArgumentException("too many " + what + ": " + n + " (at most " + max + ")");
    }
}
