package dev.drydock.server.store;

import dev.drydock.model.Finding;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of matching an image's stored packages again: drydock's whole view of the image as of the
 * database built at {@code dbBuiltAt}.
 *
 * @param expectedVersion the {@link StoredCatalog#version()} the packages were read at
 * @param findings        every finding, without gate or suppression (the store carries earlier suppressions over)
 */
public record Rematch(String digest, long expectedVersion, Instant dbBuiltAt, String scannerVersion, List<Finding> findings) {
    public Rematch {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(dbBuiltAt, "dbBuiltAt");
        findings = List.copyOf(findings);
    }
}
