package dev.drydock.image;

import java.util.ArrayDeque;
import java.util.Deque;

/** Path rules for files inside an image: relative, '/'-separated, never escaping the root. */
public final class ImagePaths {
    private ImagePaths() {
    }

    /**
     * Normalises a tar entry name to a root-relative path: strips leading {@code /} and {@code ./},
     * folds {@code .} and {@code ..}. Returns null when the name climbs above the root or is empty,
     * which callers treat as an entry to skip.
     */
    public static String normalize(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) return null;
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : name.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.removeLast();
                continue;
            }
            parts.addLast(seg);
        }
        if (parts.isEmpty()) return null;
        return String.join("/", parts);
    }

    /** True for names that denote the root directory itself: "", "/", ".", "./". */
    public static boolean isRoot(String name) {
        if (name == null) return false;
        for (String seg : name.split("/")) {
            if (!seg.isEmpty() && !seg.equals(".")) return false;
        }
        return true;
    }

    /** The parent directory of a root-relative path, "" for a top-level entry. */
    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** True when {@code path} is {@code dir} itself or lies below it ("" is the root). */
    public static boolean isUnder(String path, String dir) {
        return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
    }
}
