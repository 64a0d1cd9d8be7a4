package dev.drydock.catalog;

import java.io.IOException;
import java.util.List;

/**
 * Reads one kind of file (a package database, an os-release file, …). Analyzers see one file at a
 * time from one layer; combining layers is the {@link Cataloger}'s job, so analyzers stay small and
 * their results can be cached per layer.
 */
public interface Analyzer {

    /** No real package database lists this many; beyond it an analyzer stops and warns, bounding memory. */
    int MAX_PACKAGES_PER_FILE = 100_000;

    /** Stable name; part of the layer cache key. */
    String name();

    /** Bump when the output for the same input changes, so cached layer results are not reused. */
    int version();

    /** Whether this analyzer reads the file at {@code path} (root-relative, no leading slash). */
    boolean wants(String path);

    /**
     * Parses one file. Malformed content yields warnings and whatever could be read, or a
     * {@link dev.drydock.image.BadInputException}-free empty list; never an unchecked crash.
     */
    List<FileResult> analyze(String path, byte[] content, Warnings warnings) throws IOException;
}
