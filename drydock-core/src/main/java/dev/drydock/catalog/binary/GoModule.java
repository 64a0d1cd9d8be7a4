package dev.drydock.catalog.binary;

/**
 * A module line of Go build info.
 *
 * @param version     empty for a main module built from a directory, or {@code (devel)}
 * @param sum         the {@code h1:} checksum, or empty (vendored builds record none)
 * @param replacement what a {@code =>} line put in its place, or null
 */
public record GoModule(String path, String version, String sum, GoModule replacement) {

    GoModule withReplacement(GoModule r) {
        return new GoModule(path, version, sum, r);
    }

    /** A replacement by a directory, not a module version: its code has no version of its own. */
    public boolean isDirectory() {
        return path.startsWith("./") || path.startsWith("../") || path.startsWith("/") || path.equals(".") || path.equals("..")
                || path.matches("^[A-Za-z]:[\\\\/].*");
    }
}
