package dev.drydock.server.store;

import dev.drydock.catalog.Catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * An image's catalog as the server keeps it, rebuilt for matching again without pulling the image: its
 * metadata, os-release and packages (with the fields the matcher reads; file lists, licences and layers
 * are left out).
 *
 * @param version          the id of the image's newest scan when this was read: a re-match written with it
 *                         is refused if a scan arrived in between (the package set may have changed)
 * @param newestDrydockDb  the newest vulnerability database build any drydock scan or re-match of the image
 *                         used; null when drydock never scanned it
 * @param rematchedAgainst when the image's newest scan is a re-match, the database build it used; else null
 */
public record StoredCatalog(String digest, Catalog catalog, long version, Instant newestDrydockDb, Instant rematchedAgainst) {
    public StoredCatalog {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(catalog, "catalog");
    }
}
