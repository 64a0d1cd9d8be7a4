package dev.drydock.catalog.rpm;

/**
 * How many file paths one database may contribute. File lists are the one place where a header can make
 * us allocate far more than it stores (a path is rebuilt from a shared directory name and costs a Java
 * object per entry), so they draw on one budget per database: at most about 100 MB of paths. Real systems
 * stay well below it; a full desktop installation lists a few hundred thousand files.
 */
public final class FileBudget {
    public static final long DEFAULT_MAX_FILES = 1_000_000;
    public static final long DEFAULT_MAX_CHARS = 64L << 20;

    private long files;
    private long chars;

    public FileBudget() {
        this(DEFAULT_MAX_FILES, DEFAULT_MAX_CHARS);
    }

    public FileBudget(long maxFiles, long maxChars) {
        this.files = maxFiles;
        this.chars = maxChars;
    }

    boolean allowsFiles(long count) {
        return count <= files;
    }

    /** Takes {@code count} paths of {@code totalChars} characters, or nothing when they do not fit. */
    boolean take(long count, long totalChars) {
        if (count > files || totalChars > chars) return false;
        files -= count;
        chars -= totalChars;
        return true;
    }
}
