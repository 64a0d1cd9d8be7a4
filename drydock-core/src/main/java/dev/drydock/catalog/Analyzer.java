package dev.drydock.catalog;

import java.io.IOException;
import java.io.InputStream;
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
     * The same question with the file's permission bits and size, for analyzers that look at files
     * anywhere (executables, archives); by default only the path decides.
     */
    default boolean wants(String path, int mode, long size) {
        return wants(path);
    }

    /**
     * Streaming analyzers read large files (archives, binaries) as they pass and are given
     * {@link #analyze(String, InputStream, long, Warnings)}; the others get the file's bytes,
     * bounded by {@link dev.drydock.image.Limits#maxFileBytes()}.
     */
    default boolean streams() {
        return false;
    }

    /**
     * Parses one file from a stream that must not be closed. Only called when {@link #streams()};
     * the analyzer bounds its own memory.
     */
    default List<FileResult> analyze(String path, InputStream content, long size, Warnings warnings) throws IOException {
        throw new UnsupportedOperationException(name() + " does not stream");
    }

    /**
     * Parses one file. Malformed content yields warnings and whatever could be read; never an
     * exception for bad content ({@link dev.drydock.image.BadInputException} is kept for a broken
     * image as a whole, and fails the scan).
     */
    List<FileResult> analyze(String path, byte[] content, Warnings warnings) throws IOException;
}
