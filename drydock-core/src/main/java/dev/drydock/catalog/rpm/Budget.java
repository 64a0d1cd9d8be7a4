package dev.drydock.catalog.rpm;

/**
 * How much one database may make us allocate beyond its own bytes. Packages and file lists are where
 * a forged file could cost far more than it stores (a tiny header becomes a package object; a path is
 * rebuilt from a shared directory name and costs a Java object per entry), so they draw on one budget
 * per database: at most about 100 MB all told. Real systems stay far below it: a full desktop
 * installation has a few thousand packages and a few hundred thousand files.
 */
public final class Budget {
    public static final int DEFAULT_MAX_PACKAGES = 100_000;
    public static final long DEFAULT_MAX_FILES = 1_000_000;
    public static final long DEFAULT_MAX_CHARS = 64L << 20;

    private final int maxPackages;
    private int packages;
    private long files;
    private long chars;

    public Budget() {
        this(DEFAULT_MAX_PACKAGES, DEFAULT_MAX_FILES, DEFAULT_MAX_CHARS);
    }

    public Budget(int maxPackages, long maxFiles, long maxChars) {
        this.maxPackages = maxPackages;
        this.packages = maxPackages;
        this.files = maxFiles;
        this.chars = maxChars;
    }

    /** Takes one package, or nothing when the database has already listed its maximum. */
    boolean takePackage() {
        if (packages <= 0) return false;
        packages--;
        return true;
    }

    int maxPackages() {
        return maxPackages;
    }

    boolean allowsFiles(long count) {
        return count <= files;
    }

    /** Takes {@code count} paths of {@code totalChars} characters, or nothing when they do not fit. */
    boolean takeFiles(long count, long totalChars) {
        if (count > files || totalChars > chars) return false;
        files -= count;
        chars -= totalChars;
        return true;
    }
}
